/** Read side of the queue: the console's table, counts, health and the detail drawer. */
import { containsPattern, ensureFoldFunction } from '../db/fold.ts';
import type { Db } from '../db/open.ts';
import { GatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { systemClock } from '../time/clock.ts';
import type { OperationType } from './operation-types.ts';
import type { PausedType, QueueAttempt, QueueHealthInfo, StatusCounts } from '../contract/index.ts';
import { OPERATION_STATUSES, toAttempt, toEpochMs, toOperation, type AttemptRow, type Operation, type OperationRow, type OperationStatus } from './model.ts';
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
  /** Default 'newest' first (creation order: the UUIDv7 id). */
  order?: 'newest' | 'oldest';
}

export interface OperationPage {
  items: Operation[];
  /** Matches of the filter, ignoring limit and offset. */
  total: number;
}

const many = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);

function knownStatus(s: string): OperationStatus {
  if (!(OPERATION_STATUSES as readonly string[]).includes(s)) {
    throw new GatewayError('invalid_filter', `unknown status "${s}"; expected one of ${OPERATION_STATUSES.join(', ')}`, 'permanent');
  }
  return s as OperationStatus;
}

/** The WHERE clause of a filter, with positional parameters. Shared with retryFailed. */
export function filterSql(db: Db, f: OperationFilter): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const inList = (col: string, vals: readonly unknown[] | undefined): void => {
    if (vals === undefined) return;
    conds.push(`${col} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(vals));
  };
  const st = many(f.status);
  // One status as an equality, so the partial index of that status applies.
  // Inlined, not bound: SQLite uses a partial index only when it can see the literal.
  if (st?.length === 1) conds.push(`status = '${knownStatus(st[0]!)}'`);
  else inList('status', st);
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

/*
 * The rarer statuses have partial indexes; without statistics SQLite prefers
 * walking the whole table in id order, so a filter on one of them names its index.
 */
const STATUS_INDEX: Partial<Record<OperationStatus, string>> = {
  pending: 'operations_live',
  processing: 'operations_live',
  failed: 'operations_failed',
  cancelled: 'operations_cancelled',
};

function fromClause(f: OperationFilter): string {
  const st = many(f.status);
  const idx = st?.length === 1 ? STATUS_INDEX[st[0]!] : undefined;
  return idx ? `operations INDEXED BY ${idx}` : 'operations';
}

export function listOperations(db: Db, opts: ListOptions = {}): OperationPage {
  const { where, params } = filterSql(db, opts);
  const from = fromClause(opts);
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 100), 1), 1000);
  const offset = Math.max(Math.trunc(opts.offset ?? 0), 0);
  const dir = opts.order === 'oldest' ? 'ASC' : 'DESC';
  const rows = db.prepare(`SELECT * FROM ${from} ${where} ORDER BY id ${dir} LIMIT ? OFFSET ?`).all(...params, limit, offset) as OperationRow[];
  const total = (db.prepare(`SELECT count(*) AS n FROM ${from} ${where}`).get(...params) as { n: number }).n;
  return { items: rows.map(toOperation), total };
}

/** Operations per status, optionally within a filter (its status part is ignored). */
const UNFILTERED_COUNTS_SQL = `
SELECT
  (SELECT count(*) FROM operations INDEXED BY operations_live WHERE status = 'pending') AS pending,
  (SELECT count(*) FROM operations INDEXED BY operations_live WHERE status = 'processing') AS processing,
  (SELECT count(*) FROM operations INDEXED BY operations_failed WHERE status = 'failed') AS failed,
  (SELECT count(*) FROM operations INDEXED BY operations_cancelled WHERE status = 'cancelled') AS cancelled,
  (SELECT count(*) FROM operations) AS total`;

export function countByStatus(db: Db, filter: OperationFilter = {}): StatusCounts {
  const { status: _ignored, ...rest } = filter;
  if (Object.values(rest).every((v) => v === undefined || v === '')) {
    const r = stmt(db, UNFILTERED_COUNTS_SQL).get() as Omit<StatusCounts, 'completed'> & { total: number };
    return { pending: r.pending, processing: r.processing, completed: r.total - r.pending - r.processing - r.failed - r.cancelled, failed: r.failed, cancelled: r.cancelled };
  }
  const { where, params } = filterSql(db, { ...filter, status: undefined });
  const rows = db.prepare(`SELECT status, count(*) AS n FROM operations ${where} GROUP BY status`).all(...params) as { status: OperationStatus; n: number }[];
  const out = Object.fromEntries(OPERATION_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** Operations waiting, running or failed, per status and type: the queue's depth (metrics). Completed and cancelled ones are history, not depth. */
const DEPTH_SQL = `
SELECT status, operation_type AS type, count(*) AS n FROM operations INDEXED BY operations_live
  WHERE status = 'pending' OR status = 'processing' GROUP BY status, operation_type
UNION ALL
SELECT 'failed', operation_type, count(*) FROM operations INDEXED BY operations_failed
  WHERE status = 'failed' GROUP BY operation_type`;

export function queueDepth(db: Db): Array<{ status: 'pending' | 'processing' | 'failed'; type: string; n: number }> {
  return stmt(db, DEPTH_SQL).all() as Array<{ status: 'pending' | 'processing' | 'failed'; type: string; n: number }>;
}

/** The console's queue health but the two instants, which the console handler stamps with its clock. */
export type QueueHealth = Omit<QueueHealthInfo, 'oldestPendingSince' | 'asOf'>;

const HEALTH_SQL = `
SELECT
  (SELECT count(*) FROM operations INDEXED BY operations_live WHERE status = 'pending' AND run_at <= @now) AS pending,
  (SELECT count(*) FROM operations INDEXED BY operations_live WHERE status = 'pending' AND run_at > @now) AS scheduled,
  (SELECT count(*) FROM operations INDEXED BY operations_live WHERE status = 'processing') AS processing,
  (SELECT count(*) FROM operations INDEXED BY operations_failed WHERE status = 'failed') AS failed,
  (SELECT min(created_at) FROM operations INDEXED BY operations_live WHERE status = 'pending' AND run_at <= @now) AS oldest,
  (SELECT count(*) FROM operations INDEXED BY operations_live WHERE status = 'processing' AND lease_expires_at < @now) AS expired`;

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
  attempts: QueueAttempt[];
}

export function getOperation(db: Db, id: string): Operation | null {
  const r = stmt(db, 'SELECT * FROM operations WHERE id = ?').get(id) as OperationRow | undefined;
  return r ? toOperation(r) : null;
}

/** An operation with the timeline of its attempts, oldest first (the running one last); null when the id is unknown. */
export function getOperationDetail(db: Db, id: string): OperationDetail | null {
  const operation = getOperation(db, id);
  if (!operation) return null;
  const attempts = (stmt(db, 'SELECT * FROM operation_attempts WHERE operation_id = ? ORDER BY attempt_no').all(id) as AttemptRow[]).map(toAttempt);
  // The attempt running now lives in the operation row until it ends.
  if (operation.status === 'processing' && operation.startedAt && operation.processingNode) {
    attempts.push({
      operationId: id,
      attemptNo: (attempts.at(-1)?.attemptNo ?? 0) + 1,
      startedAt: operation.startedAt,
      endedAt: null,
      outcome: null,
      httpStatus: null,
      durationMs: null,
      error: null,
      node: operation.processingNode,
    });
  }
  return { operation, attempts };
}

export function pausedTypes(db: Db): PausedType[] {
  const rows = stmt(db, 'SELECT operation_type, paused_at, paused_by FROM queue_paused_types ORDER BY operation_type').all() as {
    operation_type: OperationType;
    paused_at: number;
    paused_by: string;
  }[];
  return rows.map((r) => ({ type: r.operation_type, pausedAt: new Date(r.paused_at).toISOString(), pausedBy: r.paused_by }));
}
