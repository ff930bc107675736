/**
 * The API-call monitor: the last calls to each external system, kept in memory
 * (a cache, per ARCHITECTURE.md principle 3), for Health: last call, error rate
 * and p95 latency over a rolling window, and per-minute buckets for the charts.
 * Observers (the Prometheus metrics, the call history kept in SQLite) are told
 * of every call as it is recorded.
 */
import type { ErrorKind } from '../errors.ts';
import { MinuteBuckets, p95, type MinutePoint, type WindowTotals } from './minute-buckets.ts';

export interface CallSample {
  method: string;
  startedAt: number;
  durationMs: number;
  status: number | null;
  ok: boolean;
  error: string | null;
  /** How a failed call failed (retryable, permanent, unknown_outcome); null when it succeeded or nobody said. */
  errorKind?: ErrorKind | null;
}

export type CallObserver = (system: string, sample: CallSample) => void;

export interface CallStats {
  calls: number;
  errors: number;
  p95Ms: number | null;
  last: CallSample | null;
  lastError: CallSample | null;
}

/** One system's calls per minute over the last `minutes`, oldest first, plus the window's totals. */
export interface CallSeries extends WindowTotals {
  system: string;
  points: MinutePoint[];
}

export type { MinutePoint } from './minute-buckets.ts';

export class CallMonitor {
  private readonly window: number;
  private readonly samples = new Map<string, CallSample[]>();
  private readonly perMinute = new Map<string, MinuteBuckets>();
  private readonly bucketOpts: { minutes?: number; maxSamplesPerMinute?: number };
  private readonly observers = new Set<CallObserver>();

  constructor(window = 200, buckets: { minutes?: number; maxSamplesPerMinute?: number } = {}) {
    this.window = window;
    this.bucketOpts = buckets;
  }

  /** Tells `fn` of every call recorded from now on; returns a function that stops it. */
  observe(fn: CallObserver): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  record(system: string, s: CallSample): void {
    let list = this.samples.get(system);
    if (!list) {
      list = [];
      this.samples.set(system, list);
    }
    list.push(s);
    if (list.length > this.window) list.splice(0, list.length - this.window);
    let b = this.perMinute.get(system);
    if (!b) {
      b = new MinuteBuckets(this.bucketOpts);
      this.perMinute.set(system, b);
    }
    b.add(s.startedAt, s.durationMs, s.ok);
    for (const fn of this.observers) {
      try {
        fn(system, s);
      } catch {
        // An observer's trouble (a metric, a full disk) must never fail the 1C call it watches.
      }
    }
  }

  stats(system: string): CallStats {
    const list = this.samples.get(system) ?? [];
    const errors = list.filter((s) => !s.ok);
    return { calls: list.length, errors: errors.length, p95Ms: p95(list.map((s) => s.durationMs)), last: list.at(-1) ?? null, lastError: errors.at(-1) ?? null };
  }

  /** Systems that have been called at least once since start. */
  systems(): string[] {
    return [...this.perMinute.keys()];
  }

  /** Per-minute calls, errors and p95 of `system` for the minutes up to the one holding `now`. */
  series(system: string, now: number): CallSeries {
    const b = this.perMinute.get(system) ?? new MinuteBuckets(this.bucketOpts);
    return { system, points: b.points(now), ...b.totals(now) };
  }
}
