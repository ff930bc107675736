/**
 * Runs queued operations: claims due work atomically (several processes may
 * share one database), runs the handler of each type with a lease renewed while
 * it works, and records the outcome with one guarded transition.
 *
 * Woken at once by an enqueue in this process; polls as a backstop for work
 * enqueued elsewhere (the CLI, another machine), for due retries and for
 * expired leases of crashed processes.
 *
 * Two modes: `start()` runs the whole queue (desktop and headless hosts,
 * `gatewayctl queue work`); `runOnly(id)` runs just the operations a short-lived
 * process enqueued itself (a CLI command), with the same leases, retries,
 * breaker and attempts, and leaves all other due work to the host.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open.ts';
import { errorMessage, GatewayError, isGatewayError, type ErrorKind } from '../errors.ts';
import { asStoreError } from '../db/store-errors.ts';
import type { Clock } from '../time/clock.ts';
import { systemClock } from '../time/clock.ts';
import { BreakerRegistry, type CircuitBreaker } from '../resilience/circuit-breaker.ts';
import { OPERATION_TYPES, operationTypes, type OperationDataOf, type OperationType } from './operation-types.ts';
import type { Operation } from './model.ts';
import { bridgeQueueEvents, queueSignals, type QueueChangeBatch, type QueueEventSink } from './signals.ts';
import { inWriteTransaction } from './prepared.ts';
import { claim, completeMany, defer, fail, reclaimExpired, releaseLease, renewLease, type RetryPolicy } from './transitions.ts';

export interface HandlerContext {
  /** Aborted when the lease is lost or the processor stops past its deadline. */
  signal: AbortSignal;
  clock: Clock;
  node: string;
  /** 1 for the first attempt. */
  attempt: number;
  /**
   * Renews the lease now. Long synchronous work (which keeps the renewal timer
   * from firing) calls it between steps; false means the lease is lost and the
   * work must stop: another node may run this operation.
   */
  heartbeat(): boolean;
}

export type OperationHandler<T extends OperationType = OperationType> = (op: Operation<OperationDataOf<T>>, ctx: HandlerContext) => Promise<unknown>;

/** Handlers by type. A processor claims only the types it has a handler for. */
export type HandlerRegistry = { [T in OperationType]?: OperationHandler<T> };

export interface ProcessorOptions {
  db: Db;
  handlers: HandlerRegistry;
  /** Operations run at once; default 5. */
  concurrency?: number;
  /** Backstop poll; default 5 000 ms. */
  pollIntervalMs?: number;
  /** Lease length; default 60 000 ms. Renewed every leaseMs / 3 while work runs. */
  leaseMs?: number;
  /** Who holds claims; default `<host>:<pid>:<random>`. */
  node?: string;
  clock?: Clock;
  retry?: RetryPolicy;
  /** Circuit breakers per external system; share one registry with Health. */
  breakers?: BreakerRegistry;
  /** Forward 'operation.changed' events of this database to a bus. */
  events?: QueueEventSink;
  /** Internal failures (the database busy past its timeout, ...); default console.error. */
  onError?: (e: unknown) => void;
}

export interface StopOptions {
  /** How long to wait for running work before releasing it; default 10 000 ms. */
  deadlineMs?: number;
}

interface InFlight {
  op: Operation;
  controller: AbortController;
  breaker: CircuitBreaker | null;
  done: Promise<void>;
  /** The lease was lost or released: the outcome is no longer ours to record. */
  detached: boolean;
  /** Succeeded; its completion waits in the batch. */
  completing: boolean;
}

export function defaultNodeId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** An error's HTTP status, when it carries one (`status`, or details.status / details.httpStatus). */
export function httpStatusOf(e: unknown): number | null {
  const cands = [(e as { status?: unknown })?.status, (e as { details?: { status?: unknown } })?.details?.status, (e as { details?: { httpStatus?: unknown } })?.details?.httpStatus];
  for (const c of cands) if (typeof c === 'number' && Number.isInteger(c)) return c;
  return null;
}

/** Non-GatewayErrors (a bug, a socket reset) are retryable. */
export function errorKindOf(e: unknown): ErrorKind {
  return isGatewayError(e) ? e.kind : 'retryable';
}

export class QueueProcessor {
  readonly node: string;
  readonly breakers: BreakerRegistry;
  private readonly db: Db;
  private readonly handlers: HandlerRegistry;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly events: QueueEventSink | undefined;
  private readonly onError: (e: unknown) => void;
  private readonly unhandledTypes: OperationType[];

  private readonly inflight = new Map<string, InFlight>();
  /** Restricted mode (runOnly): the only operations this processor may claim. Null: the whole queue. */
  private only: Set<string> | null = null;
  private running = false;
  private stopping = false;
  private fillScheduled = false;
  private lastClaimEmpty = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private wakeTimerAt = Infinity;
  private idleWaiters: (() => void)[] = [];
  private completions: { entry: InFlight; result: unknown }[] = [];
  private stopPromise: Promise<void> | null = null;

  constructor(opts: ProcessorOptions) {
    this.db = opts.db;
    this.handlers = opts.handlers;
    this.concurrency = opts.concurrency ?? 5;
    this.pollIntervalMs = opts.pollIntervalMs ?? 5_000;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.node = opts.node ?? defaultNodeId();
    this.clock = opts.clock ?? systemClock;
    this.retry = opts.retry ?? {};
    this.breakers = opts.breakers ?? new BreakerRegistry({ clock: this.clock });
    this.events = opts.events;
    this.onError = opts.onError ?? ((e) => console.error(`queue processor ${this.node}:`, e));
    this.unhandledTypes = OPERATION_TYPES.filter((t) => typeof this.handlers[t] !== 'function');
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${this.concurrency}`);
    if (this.leaseMs < 100) throw new RangeError(`leaseMs must be at least 100, got ${this.leaseMs}`);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Running for a few operations of its own only (runOnly), not for the queue. */
  get isRestricted(): boolean {
    return this.running && this.only !== null;
  }

  /** Operation ids running here now. */
  get runningIds(): string[] {
    return [...this.inflight.keys()];
  }

  /** Runs the whole queue. A processor running restricted (runOnly) widens to everything. */
  start(): void {
    if (this.running) {
      if (this.only && !this.stopping) {
        this.only = null;
        this.wake();
      }
      return;
    }
    this.only = null;
    this.begin();
  }

  /**
   * Runs operation `id` here and claims nothing else: for a short-lived process
   * (a CLI command) that enqueued it, while other due work stays for the
   * long-running host. The operation goes through the full machinery (lease
   * renewal, retries with backoff, breaker deferral, attempts); it is claimed
   * by id on the same conditions as any claim — pending, due, type not paused,
   * breaker allowing — so when another process claims it first it runs there,
   * once, and this processor only keeps looking. A processor running in full
   * just wakes; a stopped one starts restricted to `id`; a restricted one adds
   * `id`. Restricted mode ends by itself (the processor stops) once every id
   * was let go with `releaseOnly` and nothing runs here.
   */
  runOnly(id: string): void {
    if (this.running) {
      if (this.stopping) return;
      this.only?.add(id);
      this.wake();
      return;
    }
    this.only = new Set([id]);
    this.begin();
  }

  /**
   * Restricted mode: `id` is no longer claimed here (a run of it in progress
   * goes on to its outcome, recorded as usual). No effect on a processor
   * running in full.
   */
  releaseOnly(id: string): void {
    if (!this.only?.delete(id)) return;
    this.endIfRestrictedAndDone();
  }

  private begin(): void {
    this.running = true;
    this.stopping = false;
    if (this.events) bridgeQueueEvents(this.db, this.events);
    queueSignals.on('changed', this.onChanged);
    queueSignals.on('wake', this.onWake);
    this.pollTimer = setInterval(() => this.poll(), this.pollIntervalMs);
    this.renewTimer = setInterval(() => this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.poll();
  }

  /** Looks for work now (coalesced: many wakes in one tick make one claim). */
  wake(): void {
    if (!this.running || this.fillScheduled) return;
    if (this.stopping && this.completions.length === 0) return;
    this.fillScheduled = true;
    setImmediate(() => {
      this.fillScheduled = false;
      this.fill();
    });
  }

  /** Resolves when nothing runs and the last look found nothing due. For tests and draining. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      if (this.running && !this.stopping) this.wake();
      else this.checkIdle();
    });
  }

  /**
   * Graceful stop: no new claims; running work gets until the deadline; what
   * still runs then is aborted and handed back — idempotent operations to
   * pending, non-idempotent ones failed as outcome unknown (the request may
   * have been sent).
   */
  stop(opts: StopOptions = {}): Promise<void> {
    if (!this.running) return Promise.resolve();
    // A second caller waits for the same stop.
    this.stopPromise ??= this.doStop(opts).finally(() => (this.stopPromise = null));
    return this.stopPromise;
  }

  private async doStop(opts: StopOptions): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    queueSignals.off('changed', this.onChanged);
    queueSignals.off('wake', this.onWake);
    const deadlineMs = opts.deadlineMs ?? 10_000;
    if (this.inflight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((r) => (timer = setTimeout(r, deadlineMs)));
      await Promise.race([Promise.allSettled([...this.inflight.values()].map((f) => f.done)), deadline]);
      clearTimeout(timer);
    }
    this.fill(); // records finished work; claims nothing while stopping
    const left = [...this.inflight.values()];
    const release: string[] = [];
    for (const f of left) {
      f.detached = true;
      f.controller.abort(new GatewayError('processor_stopping', 'the gateway is stopping', 'retryable'));
      f.breaker?.abandonProbe();
      if (operationTypes[f.op.type].idempotent) release.push(f.op.id);
      else
        this.guard(() =>
          fail(this.db, f.op.id, this.node, { kind: 'unknown_outcome', message: 'the gateway stopped while the request was in flight' }, this.retry, this.clock),
        );
    }
    this.guard(() => releaseLease(this.db, release, this.node, this.clock));
    this.inflight.clear();
    this.running = false;
    this.checkIdle();
  }

  // ------------------------------------------------------------ internals

  private readonly onChanged = (b: QueueChangeBatch): void => {
    if (b.dbName !== this.db.name) return;
    const now = this.clock.now();
    let earliestFuture = Infinity;
    for (const c of b.changes) {
      if (c.status !== 'pending') continue;
      if (this.only && !this.only.has(c.id)) continue;
      if (c.runAt <= now) return this.wake();
      earliestFuture = Math.min(earliestFuture, c.runAt);
    }
    if (earliestFuture < Infinity) this.wakeAt(earliestFuture);
  };

  private readonly onWake = (dbName: string): void => {
    if (dbName === this.db.name) this.wake();
  };

  private poll(): void {
    if (!this.only) this.guard(() => reclaimExpired(this.db, this.clock, this.retry.nonIdempotentTypes));
    // Restricted: an own operation whose holder crashed is taken back; other expired leases are the host's.
    else for (const id of this.only) this.guard(() => reclaimExpired(this.db, this.clock, this.retry.nonIdempotentTypes, id));
    this.wake();
  }

  /** A timer for a known future due time (a retry, a breaker's probe); the poll covers the rest. */
  private wakeAt(at: number): void {
    if (!this.running || at >= this.wakeTimerAt) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimerAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.wakeTimerAt = Infinity;
      this.wake();
    }, Math.max(0, at - this.clock.now()));
  }

  private blockedTypes(): string[] {
    const blocked: string[] = [...this.unhandledTypes];
    for (const t of OPERATION_TYPES) {
      const sys = operationTypes[t].system;
      if (sys !== null && !this.breakers.get(sys).canRequest()) blocked.push(t);
    }
    return blocked;
  }

  /**
   * One cycle, one transaction: record the completions gathered since the last
   * cycle and claim work for the free slots. Sharing the commit halves the
   * commits per operation.
   */
  private fill(): void {
    const batch = this.completions.splice(0).filter((c) => !c.entry.detached);
    const claiming = this.running && !this.stopping;
    const free = this.concurrency - (this.inflight.size - batch.length);
    if (batch.length === 0 && !(claiming && free > 0)) return this.checkIdle();
    let ops: Operation[] = [];
    try {
      ops = inWriteTransaction(this.db, () => {
        if (batch.length > 0) completeMany(this.db, batch.map((c) => ({ id: c.entry.op.id, result: c.result })), this.node, this.clock);
        return claiming && free > 0 ? this.claimDue(free) : [];
      });
    } catch (e) {
      // Nothing was written: keep the completions for the next cycle (the poll retries).
      this.completions.unshift(...batch);
      this.onError(e);
      return;
    }
    for (const { entry } of batch) if (this.inflight.get(entry.op.id) === entry) this.inflight.delete(entry.op.id);
    if (claiming && free > 0) this.lastClaimEmpty = ops.length === 0;
    for (const op of ops) this.launch(op);
    this.checkIdle();
  }

  /** Up to `free` due operations: any (full mode), or only the ids of restricted mode not running here yet. */
  private claimDue(free: number): Operation[] {
    const base = { node: this.node, leaseMs: this.leaseMs, blockedTypes: this.blockedTypes() };
    if (!this.only) return claim(this.db, { ...base, limit: free }, this.clock);
    const ops: Operation[] = [];
    for (const id of this.only) {
      if (ops.length >= free) break;
      if (!this.inflight.has(id)) ops.push(...claim(this.db, { ...base, id }, this.clock));
    }
    return ops;
  }

  private launch(op: Operation): void {
    const sys = operationTypes[op.type].system;
    const breaker = sys === null ? null : this.breakers.get(sys);
    if (breaker && !breaker.tryAcquire()) {
      // Claimed in a race with the breaker opening, or a second op for a half-open
      // system: wait without spending a retry.
      const until = breaker.nextAttemptAt();
      this.guard(() => defer(this.db, op.id, this.node, until, this.clock));
      this.wakeAt(until);
      return;
    }
    const stale = this.inflight.get(op.id);
    if (stale) {
      // Our own earlier run of this operation stalled past its lease, was reclaimed and
      // is claimed again here: the old run is no longer the owner.
      this.detach(stale, new GatewayError('lease_lost', `the lease on operation ${op.id} expired while it ran; it was claimed again`, 'retryable'));
    }
    const controller = new AbortController();
    // Data was validated at enqueue against this type's schema: the handler's typed view is sound.
    const handler = this.handlers[op.type] as ((op: Operation, ctx: HandlerContext) => Promise<unknown>) | undefined;
    const entry: InFlight = { op, controller, breaker, done: Promise.resolve(), detached: false, completing: false };
    this.inflight.set(op.id, entry);
    const ctx: HandlerContext = {
      signal: controller.signal,
      clock: this.clock,
      node: this.node,
      attempt: op.retryCount + 1,
      heartbeat: () => !entry.detached && (this.guard(() => renewLease(this.db, [op.id], this.node, this.leaseMs, this.clock)) ?? []).length === 1,
    };
    entry.done = (async () => {
      if (!handler) throw new GatewayError('no_handler', `no handler for ${op.type} on ${this.node}`, 'retryable');
      return handler(op, ctx);
    })().then(
      (result) => {
        entry.completing = true;
        this.settle(entry, () => this.succeeded(entry, result));
      },
      (e: unknown) => this.settle(entry, () => this.failed(entry, e)),
    );
  }

  private settle(entry: InFlight, record: () => void): void {
    if (!entry.detached) {
      this.guard(record);
      // A success stays in flight (its lease renewed) until its completion is flushed.
      if (!entry.completing && this.inflight.get(entry.op.id) === entry) this.inflight.delete(entry.op.id);
    }
    this.wake();
  }

  /** The outcome of this run is no longer ours to record: abort it and forget it. */
  private detach(f: InFlight, reason: GatewayError): void {
    f.detached = true;
    f.breaker?.abandonProbe();
    f.controller.abort(reason);
    if (this.inflight.get(f.op.id) === f) this.inflight.delete(f.op.id);
  }

  private succeeded(f: InFlight, result: unknown): void {
    f.breaker?.onSuccess();
    // Recorded by the next cycle (completeMany): completions of one tick share a commit with the next claim.
    this.completions.push({ entry: f, result });
  }

  private failed(f: InFlight, thrown: unknown): void {
    // A fault of the store is recorded as its sentence (and its kind), not as SQLite's text.
    const e = asStoreError(thrown, this.db.name);
    const kind = errorKindOf(e);
    // A permanent error is an answer: the system is up. Only silence and 5xx trip the breaker.
    if (kind === 'permanent') f.breaker?.onSuccess();
    else f.breaker?.onFailure();
    const op = fail(this.db, f.op.id, this.node, { kind, message: errorMessage(e), httpStatus: httpStatusOf(e) }, this.retry, this.clock);
    if (op?.status === 'pending') this.wakeAt(Date.parse(op.runAt));
  }

  private renew(): void {
    const ids = [...this.inflight.keys()];
    if (ids.length === 0) return;
    const renewed = this.guard(() => renewLease(this.db, ids, this.node, this.leaseMs, this.clock));
    if (!renewed) return; // the database is busy: try again next round, the lease has slack
    const kept = new Set(renewed);
    for (const id of ids) {
      const f = this.inflight.get(id);
      if (!f || kept.has(id)) continue;
      // Reclaimed after a stall, or cancelled: another node may run it now.
      this.detach(f, new GatewayError('lease_lost', `the lease on operation ${id} was lost`, 'retryable'));
    }
  }

  private checkIdle(): void {
    this.endIfRestrictedAndDone();
    if (this.inflight.size > 0 || this.fillScheduled) return;
    if (this.running && !this.stopping && !this.lastClaimEmpty) return;
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of ws) w();
  }

  /** Restricted mode ends when no id is left to run and nothing runs or waits to be recorded. */
  private endIfRestrictedAndDone(): void {
    if (!this.running || this.stopping || !this.only || this.only.size > 0) return;
    if (this.inflight.size > 0 || this.completions.length > 0) return;
    void this.stop(); // nothing runs: it stops at once (a fill already scheduled finds it stopped)
  }

  private clearTimers(): void {
    for (const t of [this.pollTimer, this.renewTimer]) if (t) clearInterval(t);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.pollTimer = this.renewTimer = this.wakeTimer = null;
    this.wakeTimerAt = Infinity;
  }

  private guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.onError(e);
      return undefined;
    }
  }
}
