/**
 * Console handlers of the queue.* and schedule.* contract methods, over the
 * database functions of core/queue (not to be confused with ./handlers/, the
 * handlers of queued operations). Nothing here needs a processor in this
 * process: an enqueue or a resume wakes local processors through ./signals.ts,
 * and processors elsewhere (the CLI, another machine) find the work on their
 * next poll. Input was validated by the dispatcher; the engine refuses what it
 * must with readable GatewayErrors.
 */
import type { HandlersFor, ParsedInput, ValidationIssue } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import { GatewayError, isGatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import type { QueueChangeFeed } from './change-feed.ts';
import { parseOperationData } from './operation-types.ts';
import { cancel, changePriority, countFailed, enqueueAsOperator, pauseType, resumeType, retryFailed, retryNow } from './operator.ts';
import { countByStatus, getOperationDetail, listOperations, queueHealth, type OperationFilter } from './queries.ts';
import { parseScheduleSettings } from './schedule-settings.ts';
import { nextRuns } from './schedule-times.ts';
import { scheduleInfo, setSchedule, type PersonnelSyncScheduler } from './scheduler.ts';

type QueueFilter = ParsedInput<'queue.list'>['filter'];

/** Duplicates dropped; an empty list means "any". */
const anyOf = <T>(xs: readonly T[] | undefined): T[] | undefined => (xs?.length ? [...new Set(xs)] : undefined);

/** The console's filter as the queries take it: empty lists and a blank search mean "any". */
export function operationFilter(f: QueueFilter | undefined): OperationFilter {
  return {
    status: anyOf(f?.status),
    type: anyOf(f?.type),
    priority: anyOf(f?.priority),
    createdFrom: f?.from || undefined,
    createdTo: f?.to || undefined,
    search: f?.search?.trim() || undefined,
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

/** `feed` announces pauses and resumes (operation changes announce themselves). */
export function queueHandlers(db: Db, clock: Clock, feed: Pick<QueueChangeFeed, 'notifyPaused'>): HandlersFor<'queue'> {
  const nowIso = () => new Date(clock.now()).toISOString();
  const pausedChanged = (changed: boolean): boolean => {
    if (changed) feed.notifyPaused();
    return changed;
  };
  return {
    'queue.list': ({ filter, offset, limit }) => {
      const asOf = nowIso();
      const page = listOperations(db, { ...operationFilter(filter), offset, limit });
      return { total: page.total, operations: page.items, asOf };
    },
    'queue.get': ({ id }) => {
      const detail = getOperationDetail(db, id);
      if (!detail) throw new GatewayError('operation_not_found', `no operation with id ${id}`, 'permanent');
      return detail;
    },
    'queue.counts': ({ filter }) => {
      const counts = countByStatus(db, operationFilter(filter));
      return { counts, total: Object.values(counts).reduce((a, n) => a + n, 0) };
    },
    'queue.health': () => {
      // The queries give the age; the console also gets the instant, so its clock can let the age tick.
      const now = clock.now();
      const h = queueHealth(db, clock);
      return {
        ...h,
        oldestPendingSince: h.oldestPendingAgeMs === null ? null : new Date(now - h.oldestPendingAgeMs).toISOString(),
        asOf: new Date(now).toISOString(),
      };
    },
    'queue.validate': ({ type, data }) => {
      const issues = validationIssues(type, data);
      return { valid: issues.length === 0, issues };
    },
    'queue.countFailed': ({ filter }) => ({ count: countFailed(db, operationFilter(filter)) }),
    // The engine validates the data for its type and names every field at fault.
    'queue.enqueue': ({ type, data, priority, idempotencyKey, maxRetries }, ctx) => enqueueAsOperator(db, { type, data, priority, idempotencyKey, maxRetries }, ctx.actor, clock),
    'queue.retry': ({ id }, ctx) => retryNow(db, id, ctx.actor, clock),
    'queue.retryFailed': ({ filter }, ctx) => ({ count: retryFailed(db, operationFilter(filter), ctx.actor, clock) }),
    'queue.cancel': ({ id }, ctx) => cancel(db, id, ctx.actor, clock),
    'queue.setPriority': ({ id, priority }, ctx) => changePriority(db, id, priority, ctx.actor, clock),
    'queue.pause': ({ type }, ctx) => ({ type, paused: true, changed: pausedChanged(pauseType(db, type, ctx.actor, clock)) }),
    'queue.resume': ({ type }, ctx) => ({ type, paused: false, changed: pausedChanged(resumeType(db, type, ctx.actor, clock)) }),
  };
}

/**
 * The personnel sync schedule: settings and last run live in the database, so
 * every process agrees; `scheduler`, the one running in this process, re-reads
 * them at once after a change, others within their next check.
 */
export function scheduleHandlers(db: Db, clock: Clock, scheduler: Pick<PersonnelSyncScheduler, 'reschedule'>): HandlersFor<'schedule'> {
  return {
    'schedule.get': () => scheduleInfo(db, clock),
    'schedule.preview': ({ settings, count }) => {
      const s = parseScheduleSettings(settings);
      return { nextRuns: s.enabled ? nextRuns(s, clock.now(), count) : [] };
    },
    'schedule.set': ({ settings }, ctx) => {
      const info = setSchedule(db, settings, ctx.actor, clock);
      scheduler.reschedule();
      return info;
    },
  };
}
