/**
 * Operator actions on the queue: each a guarded single statement, written to
 * the audit log in the same transaction (who did what to which operation).
 */
import { appendAudit } from '../audit/index.ts';
import type { Db } from '../db/open.ts';
import { GatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { systemClock } from '../time/clock.ts';
import { requireOperationType, type OperationType } from './operation-types.ts';
import { toOperation, type Operation, type OperationRow } from './model.ts';
import { inWriteTransaction, stmt } from './prepared.ts';
import { filterSql, getOperation, type OperationFilter } from './queries.ts';
import { notifyChanged, wakeProcessors } from './signals.ts';
import { enqueue, type EnqueueInput, type EnqueueResult } from './transitions.ts';

function notFoundOr(db: Db, id: string, refusal: (op: Operation) => string): GatewayError {
  const op = getOperation(db, id);
  if (!op) return new GatewayError('operation_not_found', `no operation with id ${id}`, 'permanent', { id });
  return new GatewayError('invalid_transition', refusal(op), 'permanent', { id, status: op.status });
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Enqueue on behalf of a person: the same as enqueue, plus an audit row. */
export function enqueueAsOperator(db: Db, input: EnqueueInput, actor: string, clock: Clock = systemClock): EnqueueResult {
  return inWriteTransaction(db, () => {
    const r = enqueue(db, { ...input, createdBy: input.createdBy ?? actor }, clock);
    if (r.created) {
      appendAudit(db, { actor, action: 'queue.enqueue', entityType: 'operation', entityId: r.operation.id, after: { type: r.operation.type, priority: r.operation.priority, data: r.operation.data } }, clock);
    }
    return r;
  });
}

const CANCEL_SQL = `
UPDATE operations SET status = 'cancelled', completed_at = @now, updated_at = @now
WHERE id = @id AND status IN ('pending', 'failed')
RETURNING *`;

/** Pending (including a scheduled retry) or failed → cancelled. A running operation cannot be cancelled. */
export function cancel(db: Db, id: string, actor: string, clock: Clock = systemClock): Operation {
  const now = clock.now();
  const row = inWriteTransaction(db, () => {
    const r = stmt(db, CANCEL_SQL).get({ id, now }) as OperationRow | undefined;
    if (!r) throw notFoundOr(db, id, (op) => cannot('cancel', op, 'only pending or failed operations can be cancelled'));
    appendAudit(db, { actor, action: 'queue.cancel', entityType: 'operation', entityId: id, after: { status: 'cancelled' } }, clock);
    return r;
  });
  notifyChanged(db, [row]);
  return toOperation(row);
}

function cannot(what: string, op: Operation, rule: string): string {
  const where = op.status === 'processing' ? ` on ${op.processingNode}` : '';
  return `cannot ${what} operation ${op.id} (${op.type}): it is ${op.status}${where}; ${rule}`;
}

const RETRY_SQL = `
UPDATE operations
SET status = 'pending', run_at = @now, retry_count = 0, completed_at = NULL, error_message = NULL, error_kind = NULL, updated_at = @now
WHERE id = @id AND status IN ('pending', 'failed')
RETURNING *`;

/**
 * Operator retry: a failed operation, or a pending one waiting for its retry
 * time, runs now with its retries reset. This is also how a person re-sends a
 * non-idempotent operation after checking 1C.
 */
export function retryNow(db: Db, id: string, actor: string, clock: Clock = systemClock): Operation {
  const now = clock.now();
  const row = inWriteTransaction(db, () => {
    const before = getOperation(db, id);
    let r: OperationRow | undefined;
    try {
      r = stmt(db, RETRY_SQL).get({ id, now }) as OperationRow | undefined;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw new GatewayError('duplicate_idempotency_key', `cannot retry operation ${id}: another operation with the same idempotency key is pending or running`, 'permanent', { id });
    }
    if (!r) throw notFoundOr(db, id, (op) => cannot('retry', op, 'only failed or pending operations can be retried'));
    appendAudit(db, { actor, action: 'queue.retry', entityType: 'operation', entityId: id, before: { status: before?.status, retryCount: before?.retryCount, error: before?.errorMessage }, after: { status: 'pending' } }, clock);
    return r;
  });
  notifyChanged(db, [row]);
  return toOperation(row);
}

/** Bulk retry leaves operations of unknown outcome alone (filterSql always yields a WHERE here: status is set). */
const NOT_UNKNOWN_OUTCOME = "error_kind IS NOT 'unknown_outcome'";

/**
 * Retries every failed operation matching `filter` (its status part is
 * ignored). Returns how many were put back; one skipped when another live
 * operation holds its idempotency key. Operations whose outcome is unknown
 * (a non-idempotent call lost after sending) are never part of a bulk retry:
 * 1C may have applied them, so each needs a person's decision (retryNow).
 */
export function retryFailed(db: Db, filter: OperationFilter, actor: string, clock: Clock = systemClock): number {
  const now = clock.now();
  const { where, params } = filterSql(db, { ...filter, status: 'failed' });
  const rows = inWriteTransaction(db, () => {
    const rs = db
      .prepare(
        `UPDATE OR IGNORE operations
         SET status = 'pending', run_at = ?, retry_count = 0, completed_at = NULL, error_message = NULL, error_kind = NULL, updated_at = ?
         WHERE id IN (SELECT id FROM operations ${where}) AND status = 'failed' AND ${NOT_UNKNOWN_OUTCOME}
         RETURNING *`,
      )
      .all(now, now, ...params) as OperationRow[];
    if (rs.length > 0) {
      appendAudit(db, { actor, action: 'queue.retry_failed', entityType: 'operation', entityId: null, details: { filter: { ...filter, status: 'failed' }, count: rs.length, ids: rs.map((r) => r.id) } }, clock);
    }
    return rs;
  });
  notifyChanged(db, rows);
  return rows.length;
}

/** How many failed operations retryFailed(filter) would put back: for the confirmation dialog. */
export function countFailed(db: Db, filter: OperationFilter): number {
  const { where, params } = filterSql(db, { ...filter, status: 'failed' });
  return (db.prepare(`SELECT count(*) AS n FROM operations ${where} AND ${NOT_UNKNOWN_OUTCOME}`).get(...params) as { n: number }).n;
}

const PRIORITY_SQL = `
UPDATE operations SET priority = @priority, updated_at = @now
WHERE id = @id AND status = 'pending'
RETURNING *`;

/** Moves a pending operation in line: 1 is the highest priority, 5 the lowest. */
export function changePriority(db: Db, id: string, priority: number, actor: string, clock: Clock = systemClock): Operation {
  if (!Number.isInteger(priority) || priority < 1 || priority > 5) {
    throw new GatewayError('invalid_priority', `priority must be a whole number from 1 (highest) to 5 (lowest), got ${priority}`, 'permanent');
  }
  const now = clock.now();
  const row = inWriteTransaction(db, () => {
    const before = getOperation(db, id); // for the audit row; the write lock is held, so it cannot change under us
    const r = stmt(db, PRIORITY_SQL).get({ id, priority, now }) as OperationRow | undefined;
    if (!r) throw notFoundOr(db, id, (op) => cannot('change the priority of', op, 'only pending operations can be reprioritised'));
    appendAudit(db, { actor, action: 'queue.priority', entityType: 'operation', entityId: id, before: { priority: before?.priority }, after: { priority } }, clock);
    return r;
  });
  notifyChanged(db, [row]);
  return toOperation(row);
}

/** Stops claiming operations of `type` (work already running finishes). Returns false when it was already paused. */
export function pauseType(db: Db, type: string, actor: string, clock: Clock = systemClock): boolean {
  const t: OperationType = requireOperationType(type);
  return inWriteTransaction(db, () => {
    const changed = stmt(db, 'INSERT INTO queue_paused_types (operation_type, paused_at, paused_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(t, clock.now(), actor).changes > 0;
    if (changed) appendAudit(db, { actor, action: 'queue.pause', entityType: 'operation_type', entityId: t }, clock);
    return changed;
  });
}

/** Resumes claiming operations of `type`. Returns false when it was not paused. */
export function resumeType(db: Db, type: string, actor: string, clock: Clock = systemClock): boolean {
  const t: OperationType = requireOperationType(type);
  const changed = inWriteTransaction(db, () => {
    const c = stmt(db, 'DELETE FROM queue_paused_types WHERE operation_type = ?').run(t).changes > 0;
    if (c) appendAudit(db, { actor, action: 'queue.resume', entityType: 'operation_type', entityId: t }, clock);
    return c;
  });
  if (changed) wakeProcessors(db); // the resumed type's pending work is claimable now

  return changed;
}
