import { describe, expect, it } from 'vitest';
import { addEncoded, bucketOf, emptyCounts, encodeCounts, LATENCY_BOUNDS_MS, LATENCY_BUCKETS, quantileOf } from './latency-histogram.ts';
import { p95 } from './minute-buckets.ts';

/** Counts of the given durations. */
function histogramOf(durations: number[]) {
  const c = emptyCounts();
  for (const d of durations) c[bucketOf(d)]! += 1;
  return c;
}

/** Nearest-rank quantile of exact values, for comparison. */
const exact = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * values.length) - 1)]!;

describe('latency histogram', () => {
  it('has ascending bounds from 1 ms to 400 s, ten per decade, and one overflow bucket', () => {
    expect(LATENCY_BOUNDS_MS[0]).toBe(1);
    expect(LATENCY_BOUNDS_MS.at(-1)).toBe(400_000);
    expect(LATENCY_BOUNDS_MS.every((b, i) => i === 0 || b > LATENCY_BOUNDS_MS[i - 1]!)).toBe(true);
    expect(LATENCY_BUCKETS).toBe(LATENCY_BOUNDS_MS.length + 1);
    expect(LATENCY_BOUNDS_MS.filter((b) => b >= 100 && b < 1000)).toEqual([100, 125, 160, 200, 250, 315, 400, 500, 630, 800]);
  });

  it('puts a duration in the first bucket whose bound is at or above it', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
    expect(bucketOf(1.01)).toBe(1);
    expect(bucketOf(840)).toBe(LATENCY_BOUNDS_MS.indexOf(1000));
    expect(bucketOf(1000)).toBe(LATENCY_BOUNDS_MS.indexOf(1000));
    expect(bucketOf(10 * 60_000)).toBe(LATENCY_BUCKETS - 1);
  });

  it('estimates p95 and p99 within 12 % of the exact values on a spread of 1C-like durations', () => {
    // Deterministic spread: most calls 40-400 ms, a tail to 20 s.
    const values: number[] = [];
    let x = 7;
    for (let i = 0; i < 5000; i++) {
      x = (x * 48271) % 2147483647;
      const u = x / 2147483647;
      values.push(Math.round(40 * Math.exp(u * u * Math.log(500))));
    }
    const c = histogramOf(values);
    const max = Math.max(...values);
    for (const q of [0.5, 0.95, 0.99]) {
      const est = quantileOf(c, q, max)!;
      const truth = exact(values, q);
      expect(Math.abs(est - truth) / truth, `q=${q}: ${est} vs ${truth}`).toBeLessThan(0.12);
    }
    expect(exact(values, 0.95)).toBe(p95(values));
  });

  it('never answers more than the largest duration seen, and nothing for no calls', () => {
    expect(quantileOf(histogramOf([840, 840, 840]), 0.99, 840)).toBe(840);
    expect(quantileOf(histogramOf([700_000]), 0.5, 700_000)).toBe(700_000);
    expect(quantileOf(emptyCounts(), 0.95, 0)).toBeNull();
  });

  it('stores counts sparsely and merges stored counts by adding them, ignoring damaged entries', () => {
    const a = histogramOf([5, 5, 900]);
    const text = encodeCounts(a);
    expect(JSON.parse(text)).toEqual({ [bucketOf(5)]: 2, [bucketOf(900)]: 1 });
    const merged = histogramOf([5]);
    addEncoded(merged, text);
    addEncoded(merged, '{"999": 4, "-1": 2, "3": "x"}');
    addEncoded(merged, 'not json');
    expect(merged[bucketOf(5)]).toBe(3);
    expect(merged.reduce((s, n) => s + n, 0)).toBe(4);
  });
});
