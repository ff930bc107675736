/**
 * The queue as a gateway runs it: one processor with a handler for every
 * operation type, the personnel sync scheduler, and the circuit breakers that
 * Health reports. Hosts that serve operators (desktop, headless) start it; a
 * CLI command that runs an operation runs that one alone (processor.runOnly)
 * for the length of the command.
 */
import { GatewayError } from '../errors.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { BreakerRegistry } from '../resilience/circuit-breaker.ts';
import { QueueProcessor, type HandlerRegistry, type StopOptions } from './processor.ts';
import { PersonnelSyncScheduler } from './scheduler.ts';
import { enqueueAsOperator, retryNow } from './operator.ts';
import { describeHolder, leaseHolder } from './holder.ts';
import { getOperation } from './queries.ts';
import { queueSignals } from './signals.ts';
import type { Operation } from './model.ts';
import type { OperationDataOf, OperationType } from './operation-types.ts';
import { DailyPrune } from '../maintenance/daily-prune.ts';
import type { RetentionSettings } from '../maintenance/settings.ts';
import { personnelSyncHandler, planApplyHandler, type PlanSyncService } from './handlers/sync-handlers.ts';
import { factWorktimeUploadHandler, normHoursRequestHandler, scheduleUploadHandler, timesheetRequestHandler, type OnecClientSource } from './handlers/onec-handlers.ts';

export interface QueueEngineOptions {
  db: Db;
  clock: Clock;
  sync: PlanSyncService;
  onec: OnecClientSource;
  concurrency?: number;
  pollIntervalMs?: number;
  onError?: (e: unknown) => void;
  /** With it, start() also runs the retention policy shortly after start and daily (core/maintenance). */
  retention?: () => RetentionSettings;
  /** Handlers that replace the plain ones (features that record what 1C answered: core/schedule, core/timesheet). */
  handlers?: HandlerRegistry;
}

/** How runMany left an operation: finished, or waiting for a retry the queue will make later. */
export interface RunManyResult {
  operations: Map<string, Operation>;
  /** Operations still waiting for their retry when the wait ended (they stay in the queue). */
  retrying: string[];
  /** Not finished within the wait (they go on in the queue). */
  unfinished: string[];
}

export interface RunOptions {
  by: string;
  priority?: number;
  idempotencyKey?: string;
  /** Give up waiting (the operation goes on) after this long; default 10 minutes. */
  waitMs?: number;
  /**
   * The same operation (by idempotency key) already failed and waits for its
   * retry: run it at once instead of answering with that earlier error.
   */
  now?: boolean;
  /** Told once, in a sentence, when the run has to wait for another process's lease on the operation. */
  onWait?(message: string): void;
}

export class QueueEngine {
  readonly processor: QueueProcessor;
  readonly scheduler: PersonnelSyncScheduler;
  readonly breakers: BreakerRegistry;
  /** The daily retention run; null when the engine was built without retention settings. */
  readonly maintenance: DailyPrune | null;
  private readonly db: Db;
  private readonly clock: Clock;

  constructor(opts: QueueEngineOptions) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.breakers = new BreakerRegistry({ clock: opts.clock });
    const handlers: HandlerRegistry = {
      personnel_sync: personnelSyncHandler(opts.sync),
      plan_apply: planApplyHandler(opts.sync),
      schedule_upload: scheduleUploadHandler(opts.onec),
      timesheet_request: timesheetRequestHandler(opts.onec),
      norm_hours_request: normHoursRequestHandler(opts.onec),
      fact_worktime_upload: factWorktimeUploadHandler(opts.onec),
      ...opts.handlers,
    } as HandlerRegistry;
    this.processor = new QueueProcessor({
      db: opts.db,
      clock: opts.clock,
      handlers,
      breakers: this.breakers,
      concurrency: opts.concurrency,
      pollIntervalMs: opts.pollIntervalMs,
      onError: opts.onError,
    });
    this.scheduler = new PersonnelSyncScheduler({ db: opts.db, clock: opts.clock, onError: opts.onError });
    this.maintenance = opts.retention ? new DailyPrune({ db: opts.db, clock: opts.clock, settings: opts.retention, onError: opts.onError }) : null;
  }

  /** Processes operations, runs the schedule and the daily retention prune (desktop and headless hosts). */
  start(): void {
    this.processor.start();
    this.scheduler.start();
    this.maintenance?.start();
  }

  /** Processing the queue here: a processor running only a command's own operation (run) does not count. */
  get running(): boolean {
    return this.processor.isRunning && !this.processor.isRestricted;
  }

  /** Stops claiming; in-flight work gets until the deadline, then its lease is released. */
  async stop(opts: StopOptions = {}): Promise<void> {
    this.scheduler.stop();
    await Promise.all([this.maintenance?.stop(), this.processor.stop(opts)]);
  }

  /**
   * Enqueues an operation and waits for its outcome, so an interactive command
   * (console button, CLI) still runs through the durable queue: retries,
   * breaker, leases and the record on the Queue screen. A processor running
   * the queue here is woken; otherwise this operation alone is run here, for
   * the length of the wait: other due work belongs to the long-running host or
   * `gatewayctl queue work`, and a short-lived command must not take it (a
   * non-idempotent upload, a scheduled sync). Another process sharing the
   * database may take the operation first; the wait covers that too.
   * A failure that will be retried is reported at once with the retry time.
   */
  async run<T extends OperationType>(type: T, data: OperationDataOf<T>, opts: RunOptions): Promise<Operation> {
    const { operation: found, created } = enqueueAsOperator(
      this.db,
      { type, data, priority: opts.priority ?? 2, idempotencyKey: opts.idempotencyKey, createdBy: opts.by },
      opts.by,
      this.clock,
    );
    let operation = found;
    const now = this.clock.now();
    // The same work was asked for before and failed: its error is that earlier attempt's, its retry is still to come.
    if (!created && operation.status === 'pending' && operation.retryCount > 0 && Date.parse(operation.runAt) > now) {
      if (!opts.now) throw earlierAttempt(operation, now);
      operation = retryNow(this.db, operation.id, opts.by, this.clock);
    }
    // Another process holds it (a crashed command's lease runs out first): say so rather than wait in silence.
    if (!created && operation.status === 'processing' && operation.processingNode && operation.processingNode !== this.processor.node && operation.leaseExpiresAt) {
      const waitS = Math.max(0, Math.ceil((Date.parse(operation.leaseExpiresAt) - now) / 1000));
      const holder = leaseHolder(operation.processingNode);
      opts.onWait?.(
        holder.alive === false
          ? `operation ${operation.id} is still held by ${describeHolder(holder)}: waiting ${waitS} s, until its lease runs out at ${operation.leaseExpiresAt}, then it runs here`
          : `operation ${operation.id} is being run by ${describeHolder(holder)}: waiting for its outcome (its lease runs until ${operation.leaseExpiresAt})`,
      );
    }
    // Wakes a processor running in full; else runs this operation alone (nothing else is claimed).
    this.processor.runOnly(operation.id);
    try {
      return await this.waitFor(operation.id, opts.waitMs ?? 600_000);
    } finally {
      // A run still in progress (the wait timed out) goes on to its outcome; then the processor stops.
      this.processor.releaseOnly(operation.id);
    }
  }

  /**
   * Runs operations already enqueued (a job's) and waits for each one's
   * outcome, as run() does for one: a processor running the queue in full is
   * woken; otherwise they run here, a window of them at a time (the processor's
   * claim by id looks at each), and nothing else is claimed. An operation whose
   * attempt failed and waits for a retry is reported as retrying and left to
   * the queue. `onProgress` hears how many have an outcome.
   */
  runMany(ids: readonly string[], opts: { waitMs?: number; window?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<RunManyResult> {
    const queue = [...ids];
    const active = new Set<string>();
    const done = new Map<string, Operation>();
    const retrying: string[] = [];
    const window = opts.window ?? 25;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (f: () => void): void => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        clearTimeout(timer);
        queueSignals.off('changed', onChanged);
        for (const id of active) this.processor.releaseOnly(id);
        f();
      };
      const check = (only?: Iterable<string>): void => {
        if (settled) return;
        try {
          const finished: string[] = [];
          for (const id of only ?? [...active]) {
            if (!active.has(id)) continue;
            const op = getOperation(this.db, id);
            if (!op) {
              finished.push(id);
              continue;
            }
            const final = op.status === 'completed' || op.status === 'failed' || op.status === 'cancelled';
            const waiting = op.status === 'pending' && op.retryCount > 0 && Date.parse(op.runAt) > this.clock.now();
            if (final || waiting) {
              done.set(id, op);
              if (waiting) retrying.push(id);
              finished.push(id);
            }
          }
          // New ones first: releasing the last id of a restricted processor stops it.
          while (active.size - finished.length < window && queue.length > 0) {
            const id = queue.shift()!;
            active.add(id);
            this.processor.runOnly(id);
          }
          for (const id of finished) {
            active.delete(id);
            this.processor.releaseOnly(id);
          }
          if (finished.length) opts.onProgress?.(done.size, ids.length);
          if (active.size === 0 && queue.length === 0) finish(() => resolve({ operations: done, retrying, unfinished: [] }));
        } catch (e) {
          finish(() => reject(e));
        }
      };
      const onChanged = (b: { dbName: string; changes: { id: string }[] }): void => {
        if (b.dbName !== this.db.name) return;
        const mine = b.changes.filter((c) => active.has(c.id)).map((c) => c.id);
        if (mine.length) setImmediate(() => check(mine));
      };
      queueSignals.on('changed', onChanged);
      const poll = setInterval(() => check(), 250);
      const timer = setTimeout(
        () => finish(() => resolve({ operations: done, retrying, unfinished: [...active, ...queue] })),
        opts.waitMs ?? 3_600_000,
      );
      check();
    });
  }

  private waitFor(id: string, waitMs: number): Promise<Operation> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const check = (): void => {
        if (settled) return;
        let op: Operation | null;
        try {
          op = getOperation(this.db, id);
        } catch (e) {
          return finish(() => reject(e));
        }
        if (!op) return finish(() => reject(new GatewayError('operation_not_found', `operation ${id} disappeared from the queue`)));
        if (op.status === 'completed') return finish(() => resolve(op));
        if (op.status === 'failed' || op.status === 'cancelled') {
          return finish(() => reject(new GatewayError(op.errorKind === 'unknown_outcome' ? 'operation_outcome_unknown' : 'operation_failed', op.errorMessage ?? `operation ${id} ${op.status}`, op.errorKind ?? 'permanent', { operationId: id })));
        }
        if (op.status === 'pending' && op.retryCount > 0 && Date.parse(op.runAt) > this.clock.now()) {
          return finish(() =>
            reject(
              new GatewayError(
                'operation_retrying',
                `${op.errorMessage ?? 'the attempt failed'}; operation ${id} will be retried at ${op.runAt} (retry ${op.retryCount} of ${op.maxRetries}); follow it on the Queue screen`,
                'retryable',
                { operationId: id },
              ),
            ),
          );
        }
      };
      const finish = (f: () => void): void => {
        settled = true;
        clearInterval(poll);
        clearTimeout(timer);
        queueSignals.off('changed', onChanged);
        f();
      };
      const onChanged = (): void => {
        setImmediate(check);
      };
      // Changes by this process arrive as signals; another process's only through the database.
      queueSignals.on('changed', onChanged);
      const poll = setInterval(check, 250);
      const timer = setTimeout(
        () => finish(() => reject(new GatewayError('operation_wait_timeout', `operation ${id} is still running after ${Math.round(waitMs / 1000)} s; follow it on the Queue screen`, 'retryable', { operationId: id }))),
        waitMs,
      );
      check();
    });
  }
}

/** The earlier attempt's failure, said as such, with when its retry is due. */
function earlierAttempt(op: Operation, now: number): GatewayError {
  const inMin = Math.max(1, Math.round((Date.parse(op.runAt) - now) / 60_000));
  return new GatewayError(
    'operation_retry_pending',
    `this was tried before: operation ${op.id} failed (attempt ${op.retryCount} of ${op.maxRetries + 1})${op.errorMessage ? `: ${op.errorMessage}` : ''}. That is the earlier attempt's error; its next retry is due at ${op.runAt} (in about ${inMin} min). It can be retried at once from the Queue screen`,
    'retryable',
    { operationId: op.id, retryAt: op.runAt },
  );
}
