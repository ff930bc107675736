/**
 * Retry delays: a schedule of base delays with multiplicative jitter, so
 * operations that failed together (a 1C restart) do not retry together.
 */

/** A source of uniform numbers in [0, 1); injected so tests are deterministic. */
export type Random = () => number;

export interface RetrySchedule {
  /** Base delay before retry n (0-based); retries past the end reuse the last entry. */
  delaysMs: readonly number[];
  /** Spread as a fraction of the base delay: 0.2 draws from [0.8 × base, 1.2 × base]. */
  jitter: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { delaysMs: [30_000, 120_000, 300_000], jitter: 0.2 };

export function validateSchedule(s: RetrySchedule): RetrySchedule {
  if (s.delaysMs.length === 0) throw new RangeError('the retry schedule needs at least one delay');
  for (const d of s.delaysMs) {
    if (!Number.isFinite(d) || d < 0) throw new RangeError(`retry delays must be non-negative milliseconds, got ${d}`);
  }
  if (!(s.jitter >= 0 && s.jitter < 1)) throw new RangeError(`jitter must be in [0, 1), got ${s.jitter}`);
  return s;
}

/** The factor a base delay is multiplied by: uniform in [1 − jitter, 1 + jitter). */
export function jitterFactor(jitter: number, random: Random = Math.random): number {
  return 1 - jitter + 2 * jitter * random();
}

/** The base delay before retry `retryIndex` (0-based). */
export function baseDelayMs(s: RetrySchedule, retryIndex: number): number {
  const i = Math.min(Math.max(retryIndex, 0), s.delaysMs.length - 1);
  return s.delaysMs[i]!;
}

/** The jittered delay before retry `retryIndex`, in whole milliseconds. */
export function retryDelayMs(s: RetrySchedule, retryIndex: number, random: Random = Math.random): number {
  return Math.floor(baseDelayMs(s, retryIndex) * jitterFactor(s.jitter, random));
}

/** Exponential backoff with full-range jitter and a cap, for reconnect loops (MCE socket). */
export function exponentialDelayMs(attempt: number, opts: { baseMs: number; capMs: number; jitter?: number }, random: Random = Math.random): number {
  const raw = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(raw * jitterFactor(opts.jitter ?? 0.2, random));
}
