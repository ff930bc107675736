/**
 * Operations and attempts as the rest of the gateway sees them, and the
 * mapping from their rows. Stored instants are epoch ms; here they are ISO strings.
 */
import { operationStatusSchema, type AttemptOutcome, type OperationStatusName, type QueueAttempt, type QueueOperation } from '../contract/index.ts';
import type { ErrorKind } from '../errors.ts';
import type { OperationType } from './operation-types.ts';

export const OPERATION_STATUSES = operationStatusSchema.options;
export type OperationStatus = OperationStatusName;

/** The contract's operation, with its data typed per operation type where the engine knows it (handlers). */
export type Operation<D = unknown> = Omit<QueueOperation, 'data'> & { data: D };

export interface OperationRow {
  id: string;
  operation_type: string;
  priority: number;
  status: string;
  operation_data: string;
  result: string | null;
  retry_count: number;
  max_retries: number;
  /** Ended attempts recorded in operation_attempts. */
  attempts: number;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  run_at: number;
  error_message: string | null;
  error_kind: string | null;
  api_endpoint: string | null;
  processing_node: string | null;
  lease_expires_at: number | null;
  created_by: string | null;
  idempotency_key: string | null;
  updated_at: number;
}

export interface AttemptRow {
  operation_id: string;
  attempt_no: number;
  started_at: number;
  ended_at: number | null;
  outcome: string | null;
  http_status: number | null;
  duration_ms: number | null;
  error: string | null;
  node: string;
}

const DAY_MS = 86_400_000;
const MAX_4_DIGIT_YEAR_MS = 253_402_300_800_000; // 10000-01-01T00:00:00Z
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let isoDay = NaN;
let isoDayPrefix = '';
// The last few instants formatted: a row repeats them (started_at = updated_at, created_at = run_at), so do the rows of a claim.
const recentMs = [NaN, NaN, NaN, NaN];
const recentIso = ['', '', '', ''];
let recentNext = 0;

/**
 * Same string as `new Date(ms).toISOString()`. Rows are mapped on the queue's
 * hot path (five instants per operation, a claim maps every operation it hands
 * out) and V8 formats dates through a printf: the date part is formatted once
 * per day here, the time of day from tables.
 */
export function iso(ms: number): string {
  for (let i = 0; i < 4; i++) if (recentMs[i] === ms) return recentIso[i]!;
  if (!Number.isInteger(ms) || ms < 0 || ms >= MAX_4_DIGIT_YEAR_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11); // 'YYYY-MM-DDT'
    isoDay = day;
  }
  let t = ms - day * DAY_MS;
  const milli = t % 1000;
  t = (t - milli) / 1000;
  const sec = t % 60;
  t = (t - sec) / 60;
  const min = t % 60;
  const hour = (t - min) / 60;
  const text = `${isoDayPrefix}${TWO_DIGITS[hour]}:${TWO_DIGITS[min]}:${TWO_DIGITS[sec]}.${THREE_DIGITS[milli]}Z`;
  recentMs[recentNext] = ms;
  recentIso[recentNext] = text;
  recentNext = (recentNext + 1) & 3;
  return text;
}
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
const jsonOrNull = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export function toOperation(r: OperationRow): Operation {
  return {
    id: r.id,
    type: r.operation_type as OperationType,
    priority: r.priority,
    status: r.status as OperationStatus,
    data: JSON.parse(r.operation_data),
    result: jsonOrNull(r.result),
    retryCount: r.retry_count,
    maxRetries: r.max_retries,
    createdAt: iso(r.created_at),
    startedAt: isoOrNull(r.started_at),
    completedAt: isoOrNull(r.completed_at),
    runAt: iso(r.run_at),
    errorMessage: r.error_message,
    errorKind: r.error_kind as ErrorKind | null,
    apiEndpoint: r.api_endpoint,
    processingNode: r.processing_node,
    leaseExpiresAt: isoOrNull(r.lease_expires_at),
    createdBy: r.created_by,
    idempotencyKey: r.idempotency_key,
    updatedAt: iso(r.updated_at),
  };
}

export function toAttempt(r: AttemptRow): QueueAttempt {
  return {
    operationId: r.operation_id,
    attemptNo: r.attempt_no,
    startedAt: iso(r.started_at),
    endedAt: isoOrNull(r.ended_at),
    outcome: r.outcome as AttemptOutcome | null,
    httpStatus: r.http_status,
    durationMs: r.duration_ms,
    error: r.error,
    node: r.node,
  };
}

/** Accepts epoch ms, an ISO instant or a Date. */
export function toEpochMs(t: number | string | Date): number {
  const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(t)}`);
  return ms;
}
