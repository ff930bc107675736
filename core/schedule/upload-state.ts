/**
 * The state of each employee's month in 1C (table schedule_uploads): queued
 * when its upload is enqueued, then what 1C answered, recorded by the upload
 * operation's handler: sent (1C's message kept), rejected (result false, or a
 * 500 that refuses: the message verbatim), retrying (the queue will try again)
 * or failed. What 1C last accepted stays beside it (sent_hash, sent_days), so
 * a failed re-send does not forget it and the timesheet is compared with it.
 */
import type { UploadCell, UploadState } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import { iso } from '../queue/model.ts';
import type { MonthSent, SentDay } from './upload-plan.ts';

export type StoredUploadState = 'queued' | 'sent' | 'rejected' | 'retrying' | 'failed';

export interface QueuedMonth {
  employeeId: string;
  month: MonthSent;
  operationId: string;
  jobId: number | null;
}

/** Marks months as queued for an operation (inside the transaction that enqueues it). */
export function recordQueued(db: Db, rows: readonly QueuedMonth[], now: number): void {
  const up = db.prepare(
    `INSERT INTO schedule_uploads (employee_external_id, month, period_from, period_to, state, message, message_from, http_status, content_hash, shifts, days, operation_id, job_id, updated_at)
     VALUES (?, ?, ?, ?, 'queued', NULL, NULL, NULL, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (employee_external_id, month) DO UPDATE SET period_from = excluded.period_from, period_to = excluded.period_to, state = 'queued',
       message = NULL, message_from = NULL, http_status = NULL, content_hash = excluded.content_hash, shifts = excluded.shifts, days = excluded.days,
       operation_id = excluded.operation_id, job_id = excluded.job_id, updated_at = excluded.updated_at`,
  );
  for (const r of rows) up.run(r.employeeId, r.month.month, r.month.from, r.month.to, r.month.hash, r.month.shifts, r.month.daysJson, r.operationId, r.jobId, now);
}

export interface Outcome {
  state: Exclude<StoredUploadState, 'queued'>;
  message: string | null;
  messageFrom: 'onec' | 'gateway' | null;
  httpStatus: number | null;
}

/**
 * Records what 1C answered for an operation's months; returns how many rows
 * it touched (0: the operation was enqueued by hand, see recordUnplanned).
 */
export function recordOutcome(db: Db, operationId: string, o: Outcome, now: number): number {
  const sent = o.state === 'sent';
  return db
    .prepare(
      `UPDATE schedule_uploads SET state = ?, message = ?, message_from = ?, http_status = ?, updated_at = ?,
         sent_at = CASE WHEN ? THEN ? ELSE sent_at END, sent_hash = CASE WHEN ? THEN content_hash ELSE sent_hash END,
         sent_days = CASE WHEN ? THEN days ELSE sent_days END, sent_message = CASE WHEN ? THEN ? ELSE sent_message END
       WHERE operation_id = ?`,
    )
    .run(o.state, o.message, o.messageFrom, o.httpStatus, now, sent ? 1 : 0, now, sent ? 1 : 0, sent ? 1 : 0, sent ? 1 : 0, o.message, operationId).changes;
}

interface Row {
  employee_external_id: string;
  month: string;
  period_from: string;
  period_to: string;
  state: StoredUploadState;
  message: string | null;
  message_from: 'onec' | 'gateway' | null;
  http_status: number | null;
  content_hash: string;
  shifts: number;
  operation_id: string | null;
  job_id: number | null;
  updated_at: number;
  sent_at: number | null;
  sent_hash: string | null;
  sent_days: string | null;
  /** The operation's status now (joined). */
  op_status: string | null;
  op_error: string | null;
}

/** Stored states of employees' months within from..to (months), keyed "employee|month". */
export function readUploadRows(db: Db, employees: readonly string[], fromMonth: string, toMonth: string): Map<string, Row> {
  const out = new Map<string, Row>();
  if (employees.length === 0) return out;
  for (const r of db
    .prepare(
      `SELECT u.*, o.status AS op_status, o.error_message AS op_error FROM schedule_uploads u LEFT JOIN operations o ON o.id = u.operation_id
       WHERE u.month BETWEEN ? AND ? AND u.employee_external_id IN (SELECT value FROM json_each(?))`,
    )
    .all(fromMonth, toMonth, JSON.stringify(employees)) as Row[]) {
    out.set(`${r.employee_external_id}|${r.month}`, r);
  }
  return out;
}

/** The days 1C last accepted for a month, or null. */
export function sentDaysOf(row: Row | undefined): SentDay[] | null {
  return row?.sent_days ? (JSON.parse(row.sent_days) as SentDay[]) : null;
}

/**
 * The cell of a month: the stored state, read with its operation's status
 * (a queued upload in flight is 'sending'; one the operator cancelled, or that
 * failed without its handler saying so, shows that).
 */
export function uploadCell(month: string, row: Row | undefined, currentHash: string | null, skip: { note: string } | null): UploadCell {
  if (!row) {
    return {
      month,
      state: skip ? 'skipped' : 'not_sent',
      message: skip?.note ?? null,
      messageFrom: skip ? 'gateway' : null,
      periodFrom: null,
      periodTo: null,
      shifts: null,
      changedSinceSent: false,
      operationId: null,
      jobId: null,
      httpStatus: null,
      sentAt: null,
      updatedAt: null,
    };
  }
  const e = effectiveState(row.state, row.op_status, row.operation_id !== null);
  const state = e.state;
  let message = row.message;
  let from = row.message_from;
  if (e.message !== null) {
    message = e.message;
    from = 'gateway';
  } else if (state === 'failed' && row.state !== 'failed' && message === null) {
    // Failed without the handler's record (a stop, a lost lease): the queue's own words.
    message = row.op_error;
    from = 'gateway';
  }
  return {
    month,
    state,
    message,
    messageFrom: message === null ? null : from,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    shifts: row.shifts,
    changedSinceSent: currentHash !== null && row.sent_hash !== null && row.sent_hash !== currentHash,
    operationId: row.operation_id,
    jobId: row.job_id,
    httpStatus: row.http_status,
    sentAt: row.sent_at === null ? null : iso(row.sent_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * A stored state read with its operation's status: a queued (or retrying)
 * upload in flight is 'sending'; one the operator cancelled, or that failed
 * without its handler recording why (a stop, a lost lease), or whose operation
 * retention removed, says so.
 */
function effectiveState(state: StoredUploadState, opStatus: string | null, hasOperation: boolean): { state: UploadState; message: string | null } {
  if (state !== 'queued' && state !== 'retrying') return { state, message: null };
  if (opStatus === 'processing') return { state: 'sending', message: null };
  if (opStatus === 'cancelled') return { state: 'cancelled', message: 'the upload was cancelled on the Queue screen' };
  if (opStatus === 'failed') return { state: 'failed', message: null };
  if (opStatus === 'completed' && state === 'queued') return { state: 'failed', message: 'the operation completed without recording 1C’s answer: upload again' };
  if (opStatus === null && hasOperation) return { state: 'failed', message: 'its queue operation is gone (retention): upload again' };
  return { state, message: null };
}

/** Employee-months per stored state within months and employees (an SQL condition on e), for the counts on top. */
export function uploadCounts(db: Db, fromMonth: string, toMonth: string, employeeCondition: { sql: string; params: unknown[] }, jobId?: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [state, op, n] of db
    .prepare(
      `SELECT u.state, o.status, count(*) FROM schedule_uploads u JOIN employees e ON e.external_id = u.employee_external_id
       LEFT JOIN operations o ON o.id = u.operation_id
       WHERE u.month BETWEEN ? AND ? ${jobId === undefined ? '' : 'AND u.job_id = ?'} ${employeeCondition.sql ? `AND ${employeeCondition.sql}` : ''} GROUP BY 1, 2`,
    )
    .raw()
    .all(fromMonth, toMonth, ...(jobId === undefined ? [] : [jobId]), ...employeeCondition.params) as [StoredUploadState, string | null, number][]) {
    const e = effectiveState(state, op, true).state;
    counts[e] = (counts[e] ?? 0) + n;
  }
  return counts;
}
