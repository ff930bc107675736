import { describe, expect, it } from 'vitest';
import { CallMonitor, type CallSample } from './call-monitor.ts';
import { MinuteBuckets, p95 } from './minute-buckets.ts';

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0); // 10:00:00 UTC, a minute boundary
const MIN = 60_000;

function call(startedAt: number, durationMs: number, ok = true): CallSample {
  return { method: 'agents', startedAt, durationMs, status: ok ? 200 : 500, ok, error: ok ? null : 'HTTP 500' };
}

describe('CallMonitor per-minute buckets', () => {
  it('counts calls and errors and takes p95 per minute, quiet minutes as zero', () => {
    const m = new CallMonitor();
    for (let i = 1; i <= 20; i++) m.record('onec', call(T0 + i * 1000, i * 10, i % 5 !== 0)); // 10:00: 20 calls, 4 errors, 10..200 ms
    m.record('onec', call(T0 + 2 * MIN + 5000, 70, false)); // 10:02: one failed call
    const s = m.series('onec', T0 + 2 * MIN + 30_000);
    expect(s.points).toHaveLength(60);
    const last3 = s.points.slice(-3);
    expect(last3.map((p) => p.at)).toEqual([T0, T0 + MIN, T0 + 2 * MIN]);
    expect(last3.map((p) => [p.calls, p.errors, p.p95Ms])).toEqual([
      [20, 4, 190],
      [0, 0, null],
      [1, 1, 70],
    ]);
    expect(s.points.slice(0, -3).every((p) => p.calls === 0)).toBe(true);
    expect({ calls: s.calls, errors: s.errors, p95Ms: s.p95Ms }).toEqual({ calls: 21, errors: 5, p95Ms: 190 });
  });

  it('keeps systems apart', () => {
    const m = new CallMonitor();
    m.record('onec', call(T0, 10));
    m.record('mce', call(T0, 20, false));
    expect(m.systems().sort()).toEqual(['mce', 'onec']);
    expect(m.series('onec', T0).errors).toBe(0);
    expect(m.series('mce', T0).errors).toBe(1);
    expect(m.series('nobody', T0)).toMatchObject({ calls: 0, errors: 0, p95Ms: null });
  });

  it('rolls minutes older than the hour off the window', () => {
    const m = new CallMonitor();
    m.record('onec', call(T0, 10));
    m.record('onec', call(T0 + 30 * MIN, 20));
    expect(m.series('onec', T0 + 59 * MIN).calls).toBe(2); // 10:00 is still the oldest minute shown
    const later = m.series('onec', T0 + 60 * MIN);
    expect(later.calls).toBe(1);
    expect(later.points[0]!.at).toBe(T0 + MIN);
    expect(m.series('onec', T0 + 2 * 60 * MIN).calls).toBe(0);
  });

  it('a new minute reuses the slot of the minute an hour before it', () => {
    const m = new CallMonitor();
    m.record('onec', call(T0, 10, false));
    m.record('onec', call(T0 + 60 * MIN, 30));
    const s = m.series('onec', T0 + 60 * MIN);
    expect({ calls: s.calls, errors: s.errors, p95Ms: s.p95Ms }).toEqual({ calls: 1, errors: 0, p95Ms: 30 });
    // A late report of the minute that slot held before is dropped, not merged into the new one.
    m.record('onec', call(T0 + 1000, 999, false));
    expect(m.series('onec', T0 + 60 * MIN).points.at(-1)).toMatchObject({ calls: 1, errors: 0, p95Ms: 30 });
  });
});

describe('MinuteBuckets memory bounds', () => {
  it('holds at most `minutes` buckets however long it runs', () => {
    const b = new MinuteBuckets({ minutes: 60 });
    for (let i = 0; i < 500; i++) b.add(T0 + i * MIN, 5, true);
    expect(b.size).toBe(60);
    expect(b.totals(T0 + 499 * MIN).calls).toBe(60);
  });

  it('keeps at most maxSamplesPerMinute durations, still counting every call; the newest win', () => {
    const b = new MinuteBuckets({ minutes: 60, maxSamplesPerMinute: 10 });
    for (let i = 0; i < 10; i++) b.add(T0 + i, 1000, true); // ten slow calls first
    for (let i = 0; i < 10; i++) b.add(T0 + 100 + i, 5, i !== 0); // then ten fast ones replace them
    const [point] = b.points(T0).slice(-1);
    expect(point).toMatchObject({ calls: 20, errors: 1, p95Ms: 5 });
    expect((b as unknown as { ring: Array<{ durations: number[] } | undefined> }).ring.find(Boolean)!.durations).toHaveLength(10);
  });

  it('p95 is the nearest-rank 95th percentile', () => {
    expect(p95([])).toBeNull();
    expect(p95([7])).toBe(7);
    expect(p95(Array.from({ length: 100 }, (_, i) => 100 - i))).toBe(95);
  });
});

describe('CallMonitor observers', () => {
  it('tells each observer of every call with its system, until it stops', () => {
    const m = new CallMonitor();
    const seen: string[] = [];
    const stop = m.observe((system, s) => seen.push(`${system} ${s.method} ${s.ok}`));
    m.record('onec', call(T0, 10));
    m.record('onec', call(T0, 10, false));
    stop();
    m.record('onec', call(T0, 10));
    expect(seen).toEqual(['onec agents true', 'onec agents false']);
  });

  it('records the call and tells the other observers even when one observer throws', () => {
    const m = new CallMonitor();
    const seen: number[] = [];
    m.observe(() => {
      throw new Error('disk full');
    });
    m.observe((_system, s) => seen.push(s.durationMs));
    expect(() => m.record('onec', call(T0, 42))).not.toThrow();
    expect(seen).toEqual([42]);
    expect(m.stats('onec').calls).toBe(1);
  });
});
