/**
 * The console's QueueApi over the database functions of core/queue. Nothing
 * here needs a processor in this process: an enqueue or a resume wakes local
 * processors through core/queue/signals, and processors elsewhere (the CLI,
 * another machine) find the work on their next poll.
 */
import type { Db } from '../db/open.ts';
import { isGatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { getOperationDetail, listOperations, countByStatus, queueHealth, type OperationFilter } from '../queue/queries.ts';
import { cancel, changePriority, countFailed, enqueueAsOperator, pauseType, resumeType, retryFailed, retryNow } from '../queue/operator.ts';
import { parseOperationData } from '../queue/operation-types.ts';
import type { QueueApi, QueueFilterInput } from './queue-api.ts';
import type { ValidationIssue } from '../contract/index.ts';

export function toOperationFilter(f: QueueFilterInput): OperationFilter {
  return {
    status: f.status?.length ? f.status : undefined,
    type: f.type?.length ? f.type : undefined,
    priority: f.priority?.length ? f.priority : undefined,
    createdFrom: f.from,
    createdTo: f.to,
    search: f.search || undefined,
  };
}

/** The engine's per-field verdict on operation data (see parseOperationData). */
export function validationIssues(type: string, data: unknown): ValidationIssue[] {
  try {
    parseOperationData(type, data);
    return [];
  } catch (e) {
    if (!isGatewayError(e) || e.code !== 'invalid_operation') throw e;
    const issues = (e.details?.issues ?? null) as { path: string; message: string }[] | null;
    if (!issues) return [{ path: '', message: e.message }];
    return issues.map((i) => ({ path: i.path === '(data)' ? '' : i.path, message: i.message }));
  }
}

export interface QueueApiDeps {
  db: Db;
  clock: Clock;
  /** A type was paused or resumed: the console's change feed announces it (operation changes announce themselves). */
  onPausedChanged?: () => void;
}

export function createQueueApi({ db, clock, onPausedChanged }: QueueApiDeps): QueueApi {
  const nowIso = () => new Date(clock.now()).toISOString();
  return {
    list(filter, page) {
      const asOf = nowIso();
      const r = listOperations(db, { ...toOperationFilter(filter), offset: page.offset, limit: page.limit });
      return { total: r.total, operations: r.items, asOf };
    },
    get: (id) => getOperationDetail(db, id),
    counts: (filter) => countByStatus(db, toOperationFilter(filter)),
    health() {
      const now = clock.now();
      const h = queueHealth(db, clock);
      return {
        ...h,
        oldestPendingSince: h.oldestPendingAgeMs === null ? null : new Date(now - h.oldestPendingAgeMs).toISOString(),
        asOf: new Date(now).toISOString(),
      };
    },
    validate: (type, data) => validationIssues(type, data),
    // The engine validates the data for its type and names every field at fault.
    enqueue: (args, actor) =>
      enqueueAsOperator(db, { type: args.type, data: args.data, priority: args.priority, idempotencyKey: args.idempotencyKey, maxRetries: args.maxRetries }, actor, clock),
    retry: (id, actor) => retryNow(db, id, actor, clock),
    cancel: (id, actor) => cancel(db, id, actor, clock),
    setPriority: (id, priority, actor) => changePriority(db, id, priority, actor, clock),
    retryFailed: (filter, actor) => retryFailed(db, toOperationFilter(filter), actor, clock),
    countFailed: (filter) => countFailed(db, toOperationFilter(filter)),
    pause(type, actor) {
      const changed = pauseType(db, type, actor, clock);
      if (changed) onPausedChanged?.();
      return changed;
    },
    resume(type, actor) {
      const changed = resumeType(db, type, actor, clock);
      if (changed) onPausedChanged?.();
      return changed;
    },
  };
}
