/**
 * The API-call monitor: the last calls to each external system, kept in memory
 * (a cache, per ARCHITECTURE.md principle 3), for Health: last call, error rate
 * and p95 latency over a rolling window.
 */
export interface CallSample {
  method: string;
  startedAt: number;
  durationMs: number;
  status: number | null;
  ok: boolean;
  error: string | null;
}

export interface CallStats {
  calls: number;
  errors: number;
  p95Ms: number | null;
  last: CallSample | null;
  lastError: CallSample | null;
}

export class CallMonitor {
  private readonly window: number;
  private readonly samples = new Map<string, CallSample[]>();

  constructor(window = 200) {
    this.window = window;
  }

  record(system: string, s: CallSample): void {
    let list = this.samples.get(system);
    if (!list) {
      list = [];
      this.samples.set(system, list);
    }
    list.push(s);
    if (list.length > this.window) list.splice(0, list.length - this.window);
  }

  stats(system: string): CallStats {
    const list = this.samples.get(system) ?? [];
    const durations = list.map((s) => s.durationMs).sort((a, b) => a - b);
    const p95 = durations.length ? durations[Math.min(durations.length - 1, Math.ceil(durations.length * 0.95) - 1)]! : null;
    const errors = list.filter((s) => !s.ok);
    return { calls: list.length, errors: errors.length, p95Ms: p95, last: list.at(-1) ?? null, lastError: errors.at(-1) ?? null };
  }
}
