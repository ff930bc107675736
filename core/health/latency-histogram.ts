/**
 * A fixed-bucket latency histogram: what the stored call history keeps per
 * minute instead of every duration, so that an hour, a day or a week of minutes
 * merges by adding counts and still yields p95 and p99. Bounds follow the
 * Renard R10 series (ten per decade, ~26 % apart) from 1 ms to 400 s, so an
 * estimate is within about 12 % of the true value wherever it falls.
 *
 * The bounds are part of the stored format (call_minutes.latency): changing
 * them needs a migration that rewrites the rows.
 */
const R10 = [1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8];

/** Upper bounds in ms, ascending; a duration above the last falls in one more bucket (the overflow). */
export const LATENCY_BOUNDS_MS: readonly number[] = Object.freeze(
  Array.from({ length: 6 }, (_, decade) => R10.map((r) => Math.round(r * 10 ** decade * 100) / 100))
    .flat()
    .filter((b) => b <= 400_000),
);

export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/** Index of the bucket holding `ms`: the first bound at or above it, or the overflow. */
export function bucketOf(ms: number): number {
  let lo = 0;
  let hi = LATENCY_BOUNDS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= LATENCY_BOUNDS_MS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Counts per bucket, dense, LATENCY_BUCKETS long. */
export type BucketCounts = number[];

export const emptyCounts = (): BucketCounts => new Array<number>(LATENCY_BUCKETS).fill(0);

/** Stored sparse, as {"index": count}: most minutes touch a handful of buckets. */
export function encodeCounts(c: BucketCounts): string {
  const o: Record<string, number> = {};
  c.forEach((n, i) => {
    if (n > 0) o[i] = n;
  });
  return JSON.stringify(o);
}

/** Adds stored counts into `into`; indexes outside the histogram (a damaged row) are ignored. */
export function addEncoded(into: BucketCounts, text: string): void {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return;
  }
  if (o === null || typeof o !== 'object') return;
  for (const [k, v] of Object.entries(o)) {
    const i = Number(k);
    if (Number.isInteger(i) && i >= 0 && i < LATENCY_BUCKETS && typeof v === 'number' && v > 0) into[i]! += v;
  }
}

/**
 * The q-quantile (0..1) of the durations counted, by nearest rank, interpolated
 * within its bucket (like Prometheus' histogram_quantile) and never above the
 * largest duration seen; null for no calls.
 */
export function quantileOf(counts: BucketCounts, q: number, maxMs: number): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (below + c >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      const upper = Math.min(i < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[i]! : maxMs, maxMs);
      if (upper <= lower) return round(upper);
      return round(lower + ((upper - lower) * (rank - below)) / c);
    }
    below += c;
  }
  return round(maxMs);
}

const round = (ms: number) => Math.round(ms * 10) / 10;
