/** Read side of the queue: the console's table, counts, health and the detail drawer. */
import { containsPattern, ensureFoldFunction } from '../db/fold.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { systemClock } from '../time/clock.ts';
import type { OperationType } from './operation-types.ts';
import { OPERATION_STATUSES, toAttempt, toEpochMs, toOperation, type Attempt, type AttemptRow, type Operation, type OperationRow, type OperationStatus } from './model.ts';
import { stmt } from './prepared.ts';

export interface OperationFilter {
  status?: OperationStatus | readonly OperationStatus[];
  type?: OperationType | readonly OperationType[];
  priority?: number | readonly number[];
  /** Created at or after this instant. */
  createdFrom?: number | string;
  /** Created before this instant. */
  createdTo?: number | string;
  /** Case-insensitive substring of the payload, result, error message or id (Cyrillic included). */
  search?: string;
}

export interface ListOptions extends OperationFilter {
  /** Default 100, at most 1000. */
  limit?: number;
  offset?: number;
  /** Default 'newest' first. */
  order?: 'newest' | 'oldest';
}

export interface OperationPage {
  items: Operation[];
  /** Matches of the filter, ignoring limit and offset. */
  total: number;
}

const many = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);

/** The WHERE clause of a filter, with positional parameters. Shared with retryFailed. */
export function filterSql(db: Db, f: OperationFilter): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const inList = (col: string, vals: readonly unknown[] | undefined): void => {
    if (vals === undefined) return;
    conds.push(`${col} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(vals));
  };
  inList('status', many(f.status));
  inList('operation_type', many(f.type));
  inList('priority', many(f.priority));
  if (f.createdFrom !== undefined) {
    conds.push('created_at >= ?');
    params.push(toEpochMs(f.createdFrom));
  }
  if (f.createdTo !== undefined) {
    conds.push('created_at < ?');
    params.push(toEpochMs(f.createdTo));
  }
  const term = f.search?.trim();
  if (term) {
    ensureFoldFunction(db);
    conds.push(`gw_fold(operation_data || ' ' || coalesce(result, '') || ' ' || coalesce(error_message, '') || ' ' || id) LIKE ? ESCAPE '\\'`);
    params.push(containsPattern(term));
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

export function listOperations(db: Db, opts: ListOptions = {}): OperationPage {
  const { where, params } = filterSql(db, opts);
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 100), 1), 1000);
  const offset = Math.max(Math.trunc(opts.offset ?? 0), 0);
  const dir = opts.order === 'oldest' ? 'ASC' : 'DESC';
  const rows = db.prepare(`SELECT * FROM operations ${where} ORDER BY created_at ${dir}, rowid ${dir} LIMIT ? OFFSET ?`).all(...params, limit, offset) as OperationRow[];
  const total = (db.prepare(`SELECT count(*) AS n FROM operations ${where}`).get(...params) as { n: number }).n;
  return { items: rows.map(toOperation), total };
}

export type StatusCounts = Record<OperationStatus, number>;

/** Operations per status, optionally within a filter (its status part is ignored). */
export function countByStatus(db: Db, filter: OperationFilter = {}): StatusCounts {
  const { where, params } = filterSql(db, { ...filter, status: undefined });
  const rows = db.prepare(`SELECT status, count(*) AS n FROM operations ${where} GROUP BY status`).all(...params) as { status: OperationStatus; n: number }[];
  const out = Object.fromEntries(OPERATION_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of rows) out[r.status] = r.n;
  return out;
}

export interface QueueHealth {
  /** Pending and due now. */
  pending: number;
  /** Pending with a future run time: scheduled retries and deferred work. */
  scheduled: number;
  processing: number;
  failed: number;
  /** Age of the oldest due pending operation in ms, or null when none waits. */
  oldestPendingAgeMs: number | null;
  /** Processing operations whose lease has expired (a crashed process; reclaimed on the next poll). */
  expiredLeases: number;
  pausedTypes: PausedType[];
}

const HEALTH_SQL = `
SELECT
  (SELECT count(*) FROM operations WHERE status = 'pending' AND run_at <= @now) AS pending,
  (SELECT count(*) FROM operations WHERE status = 'pending' AND run_at > @now) AS scheduled,
  (SELECT count(*) FROM operations WHERE status = 'processing') AS processing,
  (SELECT count(*) FROM operations WHERE status = 'failed') AS failed,
  (SELECT min(created_at) FROM operations WHERE status = 'pending' AND run_at <= @now) AS oldest,
  (SELECT count(*) FROM operations WHERE status = 'processing' AND lease_expires_at < @now) AS expired`;

export function queueHealth(db: Db, clock: Clock = systemClock): QueueHealth {
  const now = clock.now();
  const r = stmt(db, HEALTH_SQL).get({ now }) as { pending: number; scheduled: number; processing: number; failed: number; oldest: number | null; expired: number };
  return {
    pending: r.pending,
    scheduled: r.scheduled,
    processing: r.processing,
    failed: r.failed,
    oldestPendingAgeMs: r.oldest === null ? null : Math.max(0, now - r.oldest),
    expiredLeases: r.expired,
    pausedTypes: pausedTypes(db),
  };
}

export interface OperationDetail {
  operation: Operation;
  attempts: Attempt[];
}

export function getOperation(db: Db, id: string): Operation | null {
  const r = stmt(db, 'SELECT * FROM operations WHERE id = ?').get(id) as OperationRow | undefined;
  return r ? toOperation(r) : null;
}

/** An operation with the timeline of its attempts, oldest first; null when the id is unknown. */
export function getOperationDetail(db: Db, id: string): OperationDetail | null {
  const operation = getOperation(db, id);
  if (!operation) return null;
  const attempts = (stmt(db, 'SELECT * FROM operation_attempts WHERE operation_id = ? ORDER BY attempt_no').all(id) as AttemptRow[]).map(toAttempt);
  return { operation, attempts };
}

export interface PausedType {
  type: OperationType;
  pausedAt: string;
  pausedBy: string;
}

export function pausedTypes(db: Db): PausedType[] {
  const rows = stmt(db, 'SELECT operation_type, paused_at, paused_by FROM queue_paused_types ORDER BY operation_type').all() as {
    operation_type: OperationType;
    paused_at: number;
    paused_by: string;
  }[];
  return rows.map((r) => ({ type: r.operation_type, pausedAt: new Date(r.paused_at).toISOString(), pausedBy: r.paused_by }));
}
