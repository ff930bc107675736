/**
 * Runs the retention policy in a long-running host: once shortly after start
 * (not at once: the host's own start-up work comes first), then once a day.
 * A failure goes to onError and the next day's run tries again; it never stops
 * the host. stop() ends a run in progress between two batches.
 */
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { pruneOld, type PruneResult } from './retention.ts';
import type { RetentionSettings } from './settings.ts';

export interface DailyPruneOptions {
  db: Db;
  clock: Clock;
  /** Read before every run, so a changed setting applies to the next one. */
  settings: () => RetentionSettings;
  /** Delay of the first run after start; default 1 minute. */
  firstDelayMs?: number;
  /** Between runs; default 24 hours. */
  intervalMs?: number;
  batchRows?: number;
  onError?: (e: unknown) => void;
  /** Told what each run deleted. */
  onPruned?: (r: PruneResult) => void;
}

export class DailyPrune {
  private readonly opts: DailyPruneOptions;
  private readonly onError: (e: unknown) => void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private abort: AbortController | null = null;

  constructor(opts: DailyPruneOptions) {
    this.opts = opts;
    this.onError = opts.onError ?? ((e) => console.error('retention (maintenance prune):', e));
  }

  get started(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.arm(this.opts.firstDelayMs ?? 60_000);
  }

  /** Stops the timer and a run in progress (between batches); resolves when nothing runs any more. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    await this.running;
  }

  private arm(delayMs: number): void {
    const timer = setTimeout(() => {
      this.running = this.run().finally(() => {
        this.running = null;
        // Only the timer that ran re-arms: after stop() and start() meanwhile, the new timer is already set.
        if (this.timer === timer) this.arm(this.opts.intervalMs ?? 86_400_000);
      });
    }, delayMs);
    this.timer = timer;
    // Maintenance alone never keeps a process alive.
    timer.unref();
  }

  private async run(): Promise<void> {
    this.abort = new AbortController();
    try {
      const r = await pruneOld(this.opts.db, this.opts.clock, this.opts.settings(), { batchRows: this.opts.batchRows, signal: this.abort.signal });
      this.opts.onPruned?.(r);
    } catch (e) {
      this.onError(e);
    } finally {
      this.abort = null;
    }
  }
}
