/**
 * Calls per minute for one system: a ring of `minutes` buckets (bounded
 * memory, old minutes are overwritten as time moves on). Each bucket keeps
 * at most `maxSamplesPerMinute` durations for its p95; past that the newest
 * overwrite the oldest, so a burst cannot grow memory.
 */
const MINUTE = 60_000;

export interface MinutePoint {
  /** Start of the minute, epoch ms (UTC). */
  at: number;
  calls: number;
  errors: number;
  p95Ms: number | null;
}

export interface WindowTotals {
  calls: number;
  errors: number;
  p95Ms: number | null;
}

interface Bucket {
  minute: number;
  calls: number;
  errors: number;
  durations: number[];
}

/** Nearest-rank 95th percentile; null for no values. */
export function p95(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

export class MinuteBuckets {
  readonly minutes: number;
  readonly maxSamplesPerMinute: number;
  private readonly ring: Array<Bucket | undefined>;

  constructor(opts: { minutes?: number; maxSamplesPerMinute?: number } = {}) {
    this.minutes = opts.minutes ?? 60;
    this.maxSamplesPerMinute = opts.maxSamplesPerMinute ?? 1000;
    if (this.minutes < 1 || this.maxSamplesPerMinute < 1) throw new RangeError('minute buckets need at least 1 minute and 1 sample per minute');
    this.ring = new Array<Bucket | undefined>(this.minutes);
  }

  add(at: number, durationMs: number, ok: boolean): void {
    const minute = Math.floor(at / MINUTE);
    const slot = this.slotOf(minute);
    let b = this.ring[slot];
    if (b && b.minute > minute) return; // a late report of a minute already rolled off
    if (!b || b.minute !== minute) {
      b = { minute, calls: 0, errors: 0, durations: [] };
      this.ring[slot] = b;
    }
    if (b.durations.length < this.maxSamplesPerMinute) b.durations.push(durationMs);
    else b.durations[b.calls % this.maxSamplesPerMinute] = durationMs;
    b.calls += 1;
    if (!ok) b.errors += 1;
  }

  /** One point per minute of the window ending with the minute holding `now`, oldest first; quiet minutes are zero. */
  points(now: number): MinutePoint[] {
    const last = Math.floor(now / MINUTE);
    const out: MinutePoint[] = [];
    for (let m = last - this.minutes + 1; m <= last; m++) {
      const b = this.bucket(m);
      out.push({ at: m * MINUTE, calls: b?.calls ?? 0, errors: b?.errors ?? 0, p95Ms: b ? p95(b.durations) : null });
    }
    return out;
  }

  /** Calls, errors and p95 over the whole window ending with the minute holding `now`. */
  totals(now: number): WindowTotals {
    const last = Math.floor(now / MINUTE);
    let calls = 0;
    let errors = 0;
    const durations: number[] = [];
    for (let m = last - this.minutes + 1; m <= last; m++) {
      const b = this.bucket(m);
      if (!b) continue;
      calls += b.calls;
      errors += b.errors;
      durations.push(...b.durations);
    }
    return { calls, errors, p95Ms: p95(durations) };
  }

  /** How many buckets hold data (never more than `minutes`). */
  get size(): number {
    return this.ring.filter(Boolean).length;
  }

  private bucket(minute: number): Bucket | undefined {
    const b = this.ring[this.slotOf(minute)];
    return b && b.minute === minute ? b : undefined;
  }

  private slotOf(minute: number): number {
    return ((minute % this.minutes) + this.minutes) % this.minutes;
  }
}
