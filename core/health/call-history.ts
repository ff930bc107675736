/**
 * The stored history of calls to external systems (table call_minutes): the
 * API-call monitor tells it of every call, it adds the call to its minute in
 * memory and writes the minutes touched since the last write in one
 * transaction every few seconds (never a write per call). Reads merge what is
 * stored with what is not written yet, into the series of an hour (per
 * minute), a day (per 15 minutes) or a week (per hour): counts, errors, avg,
 * p95 and p99, over the whole span and per method.
 */
import type { CallHistory as CallHistoryResult, CallRange, CallStats } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import type { CallSample } from './call-monitor.ts';
import { addEncoded, bucketOf, emptyCounts, encodeCounts, quantileOf, type BucketCounts } from './latency-histogram.ts';

const MINUTE = 60_000;

/** The span and step of each range the console offers. */
export const CALL_RANGES: Record<CallRange, { spanMinutes: number; stepMinutes: number }> = {
  hour: { spanMinutes: 60, stepMinutes: 1 },
  day: { spanMinutes: 24 * 60, stepMinutes: 15 },
  week: { spanMinutes: 7 * 24 * 60, stepMinutes: 60 },
};

interface Agg {
  calls: number;
  errors: number;
  totalMs: number;
  maxMs: number;
  counts: BucketCounts;
}

const emptyAgg = (): Agg => ({ calls: 0, errors: 0, totalMs: 0, maxMs: 0, counts: emptyCounts() });

function addAgg(into: Agg, a: Agg): void {
  into.calls += a.calls;
  into.errors += a.errors;
  into.totalMs += a.totalMs;
  into.maxMs = Math.max(into.maxMs, a.maxMs);
  for (let i = 0; i < a.counts.length; i++) into.counts[i]! += a.counts[i]!;
}

function statsOf(a: Agg): CallStats {
  if (a.calls === 0) return { calls: 0, errors: 0, avgMs: null, p95Ms: null, p99Ms: null };
  return {
    calls: a.calls,
    errors: a.errors,
    avgMs: Math.round((a.totalMs / a.calls) * 10) / 10,
    p95Ms: quantileOf(a.counts, 0.95, a.maxMs),
    p99Ms: quantileOf(a.counts, 0.99, a.maxMs),
  };
}

interface Row {
  minute: number;
  system: string;
  method: string;
  calls: number;
  errors: number;
  total_ms: number;
  max_ms: number;
  latency: string;
}

export interface CallHistoryOptions {
  /** How often the minutes touched are written; default 10 s. */
  flushMs?: number;
  /** Told when a write fails (the minutes stay in memory and go with the next write). */
  onError?: (e: unknown) => void;
  /** Minutes kept in memory at most while writes fail (oldest dropped first); default 10 000. */
  maxPending?: number;
}

export class CallHistory {
  private readonly db: Db;
  private readonly opts: CallHistoryOptions;
  /** Minutes not written yet, by minute|system|method. */
  private pending = new Map<string, { minute: number; system: string; method: string; agg: Agg }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly read;
  private readonly merge;

  constructor(db: Db, opts: CallHistoryOptions = {}) {
    this.db = db;
    this.opts = opts;
    this.read = db.prepare('SELECT minute, system, method, calls, errors, total_ms, max_ms, latency FROM call_minutes WHERE minute >= ? AND minute < ? AND system = ?');
    const one = db.prepare('SELECT calls, errors, total_ms, max_ms, latency FROM call_minutes WHERE minute = ? AND system = ? AND method = ?');
    const put = db.prepare('INSERT OR REPLACE INTO call_minutes (minute, system, method, calls, errors, total_ms, max_ms, latency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    // Read and rewrite inside one write transaction: another process (gatewayctl queue work) may add to the same minute.
    this.merge = db.transaction((entries: Array<{ minute: number; system: string; method: string; agg: Agg }>) => {
      for (const e of entries) {
        const a = emptyAgg();
        addAgg(a, e.agg);
        const old = one.get(e.minute, e.system, e.method) as Omit<Row, 'minute' | 'system' | 'method'> | undefined;
        if (old) {
          a.calls += old.calls;
          a.errors += old.errors;
          a.totalMs += old.total_ms;
          a.maxMs = Math.max(a.maxMs, old.max_ms);
          addEncoded(a.counts, old.latency);
        }
        put.run(e.minute, e.system, e.method, a.calls, a.errors, a.totalMs, a.maxMs, encodeCounts(a.counts));
      }
    });
  }

  /** Adds one call to its minute (in memory until the next write). */
  record(system: string, s: CallSample): void {
    const minute = Math.floor(s.startedAt / MINUTE) * MINUTE;
    const key = `${minute}|${system}|${s.method}`;
    let e = this.pending.get(key);
    if (!e) {
      const max = this.opts.maxPending ?? 10_000;
      if (this.pending.size >= max) this.pending.delete(this.pending.keys().next().value!);
      e = { minute, system, method: s.method, agg: emptyAgg() };
      this.pending.set(key, e);
    }
    const ms = Math.max(0, s.durationMs);
    e.agg.calls += 1;
    if (!s.ok) e.agg.errors += 1;
    e.agg.totalMs += ms;
    e.agg.maxMs = Math.max(e.agg.maxMs, ms);
    e.agg.counts[bucketOf(ms)]! += 1;
  }

  /** Minutes waiting to be written. */
  get pendingMinutes(): number {
    return this.pending.size;
  }

  /** Writes every minute touched since the last write, in one transaction; on failure they stay for the next. */
  flush(): void {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      this.merge.immediate([...batch.values()]);
    } catch (e) {
      // The transaction wrote nothing (and nothing can be recorded while it runs): keep the batch for the next write.
      this.pending = batch;
      this.opts.onError?.(e);
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), this.opts.flushMs ?? 10_000);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush();
  }

  /**
   * The calls to `system` over `range` ending with the step holding `now`:
   * one point per step, oldest first (quiet steps are zero), the totals and
   * the figures per method.
   */
  query(system: string, range: CallRange, now: number, retentionDays: number): CallHistoryResult {
    const { spanMinutes, stepMinutes } = CALL_RANGES[range];
    const step = stepMinutes * MINUTE;
    const lastStep = Math.floor(now / step) * step;
    const from = lastStep - (spanMinutes / stepMinutes - 1) * step;
    const to = lastStep + step;
    const steps = Array.from({ length: spanMinutes / stepMinutes }, emptyAgg);
    const methods = new Map<string, Agg>();
    const total = emptyAgg();
    const add = (minute: number, method: string, a: Agg) => {
      addAgg(steps[Math.floor((minute - from) / step)]!, a);
      let m = methods.get(method);
      if (!m) methods.set(method, (m = emptyAgg()));
      addAgg(m, a);
      addAgg(total, a);
    };
    for (const r of this.read.all(from, to, system) as Row[]) {
      const a: Agg = { calls: r.calls, errors: r.errors, totalMs: r.total_ms, maxMs: r.max_ms, counts: emptyCounts() };
      addEncoded(a.counts, r.latency);
      add(r.minute, r.method, a);
    }
    for (const p of this.pending.values()) {
      if (p.system === system && p.minute >= from && p.minute < to) add(p.minute, p.method, p.agg);
    }
    return {
      system,
      range,
      stepMinutes,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      retentionDays,
      totals: statsOf(total),
      points: steps.map((a, i) => ({ at: new Date(from + i * step).toISOString(), ...statsOf(a) })),
      methods: [...methods]
        .map(([method, a]) => ({ method, ...statsOf(a) }))
        .sort((a, b) => b.calls - a.calls || a.method.localeCompare(b.method)),
    };
  }
}
