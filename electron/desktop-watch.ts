/**
 * The source of the tray and the notifications: the contract's events
 * (plan.changed, queue.changed) and periodic reads of health.summary,
 * queue.health, the plans waiting, the failed operations and audit.verify, all
 * through the same contract, whether the engine is local (its dispatcher) or a
 * gateway the app is attached to (the WebSocket client behind the same interface).
 */
import type { Dispatcher } from '../core/api/dispatcher.ts';
import type { HealthStatus, Input, MethodName, Output, PlanSummary, QueueHealthInfo } from '../core/contract/index.ts';
import type { NotificationCenter } from './notifications.ts';

export interface WatchSource {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Every contract event; returns an unsubscribe. */
  subscribe(emit: (event: string, payload: unknown) => void): () => void;
}

/** The engine's dispatcher as a source: results unwrapped, failures thrown with the gateway's sentence. */
export function dispatcherSource(dispatcher: Dispatcher, subscribe: WatchSource['subscribe'], actor: string): WatchSource {
  return {
    async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      const r = await dispatcher.dispatch(method, input, { actor });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.result as Output<M>;
    },
    subscribe,
  };
}

/** What the tray shows. */
export interface TrayFacts {
  health: HealthStatus | null;
  awaitingPlans: number | null;
  queue: QueueHealthInfo | null;
}

export interface WatchIntervals {
  healthMs: number;
  queueMs: number;
  plansMs: number;
  failedMs: number;
  /** The first audit verification after start, then every auditMs. */
  auditFirstMs: number;
  auditMs: number;
  tickMs: number;
}

export const DEFAULT_INTERVALS: WatchIntervals = {
  healthMs: 15_000,
  queueMs: 15_000,
  plansMs: 60_000,
  failedMs: 60_000,
  auditFirstMs: 2 * 60_000,
  auditMs: 60 * 60_000,
  tickMs: 5_000,
};

export interface DesktopWatchOptions {
  source: WatchSource;
  center: NotificationCenter;
  now?: () => number;
  onFacts(f: TrayFacts): void;
  log(line: string): void;
  intervals?: Partial<WatchIntervals>;
}

/** Failed operations read per look (the newest first). */
const FAILED_PAGE = 1000;

export class DesktopWatch {
  private readonly o: DesktopWatchOptions;
  private readonly iv: WatchIntervals;
  private readonly now: () => number;
  private readonly timers: Array<ReturnType<typeof setInterval>> = [];
  private off: (() => void) | null = null;
  private failedTimer: ReturnType<typeof setTimeout> | null = null;
  private plansBaselined = false;
  private readonly lastError = new Map<string, string>();
  facts: TrayFacts = { health: null, awaitingPlans: null, queue: null };

  constructor(o: DesktopWatchOptions) {
    this.o = o;
    this.iv = { ...DEFAULT_INTERVALS, ...o.intervals };
    this.now = o.now ?? Date.now;
  }

  /** A read that failed is logged once per distinct reason (an unreachable gateway would say it every 15 s). */
  private async read<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
    try {
      const v = await fn();
      this.lastError.delete(what);
      return v;
    } catch (e) {
      const m = (e as Error).message;
      if (this.lastError.get(what) !== m) this.o.log(`desktop watch: ${what} failed: ${m}`);
      this.lastError.set(what, m);
      return null;
    }
  }

  private publish(patch: Partial<TrayFacts>): void {
    this.facts = { ...this.facts, ...patch };
    this.o.onFacts(this.facts);
  }

  async readHealth(): Promise<void> {
    const h = await this.read('health.summary', () => this.o.source.call('health.summary', {}));
    this.publish({ health: h?.status ?? null });
    if (h) this.o.center.health(h, this.now());
  }

  async readQueue(): Promise<void> {
    const q = await this.read('queue.health', () => this.o.source.call('queue.health', {}));
    this.publish({ queue: q });
  }

  async readPlans(): Promise<void> {
    const p = await this.read('plans.list', () => this.o.source.call('plans.list', { status: 'awaiting_approval', limit: 500 }));
    if (!p) return;
    // Plans already waiting at start are counted, not announced again.
    if (!this.plansBaselined) this.o.center.plansAlreadyWaiting(p.plans.map((x) => x.id));
    this.plansBaselined = true;
    this.publish({ awaitingPlans: p.total });
  }

  async readFailed(): Promise<void> {
    const r = await this.read('queue.list', () => this.o.source.call('queue.list', { filter: { status: ['failed'] }, limit: FAILED_PAGE }));
    if (r) this.o.center.failedOperations(r.operations, this.now());
  }

  async verifyAudit(): Promise<void> {
    const v = await this.read('audit.verify', () => this.o.source.call('audit.verify', {}));
    if (v) this.o.center.audit(v);
  }

  async onEvent(event: string, payload: unknown): Promise<void> {
    if (event === 'plan.changed') {
      const p = payload as { planId: number; status: string };
      if (p.status === 'awaiting_approval') {
        const plan: PlanSummary | null = await this.read('plans.get', () => this.o.source.call('plans.get', { planId: p.planId }));
        this.o.center.planChanged(p, plan);
      }
      await this.readPlans();
      return;
    }
    if (event === 'queue.changed') {
      const q = payload as { statuses: string[]; pausedChanged: boolean };
      if (q.pausedChanged) void this.readQueue();
      // Coalesced: a burst of failures is one look at the failed list.
      if (q.statuses.includes('failed') && !this.failedTimer) {
        this.failedTimer = setTimeout(() => {
          this.failedTimer = null;
          void this.readFailed();
        }, 1000);
      }
    }
  }

  /** All at once: at start and after an attached gateway comes back. */
  async refresh(): Promise<void> {
    await Promise.all([this.readHealth(), this.readQueue(), this.readPlans(), this.readFailed()]);
  }

  start(): void {
    this.off = this.o.source.subscribe((e, p) => void this.onEvent(e, p));
    void this.refresh();
    const every = (ms: number, fn: () => unknown) => this.timers.push(setInterval(() => void fn(), ms));
    every(this.iv.healthMs, () => this.readHealth());
    every(this.iv.queueMs, () => this.readQueue());
    every(this.iv.plansMs, () => this.readPlans());
    every(this.iv.failedMs, () => this.readFailed());
    every(this.iv.tickMs, () => this.o.center.tick(this.now()));
    const first = setTimeout(() => {
      void this.verifyAudit();
      every(this.iv.auditMs, () => this.verifyAudit());
    }, this.iv.auditFirstMs);
    this.timers.push(first as unknown as ReturnType<typeof setInterval>);
  }

  stop(): void {
    this.off?.();
    this.off = null;
    for (const t of this.timers.splice(0)) clearInterval(t);
    if (this.failedTimer) clearTimeout(this.failedTimer);
    this.failedTimer = null;
  }
}
