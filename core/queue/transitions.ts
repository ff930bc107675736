/**
 * The worker-side lifecycle of an operation (ARCHITECTURE.md, principle 4):
 * each transition is ONE guarded UPDATE/INSERT on `operations`; a claimed
 * operation is touched only by the node holding it. Attempt bookkeeping rides
 * in the same transaction, only for rows the guarded statement changed.
 *
 *   enqueue → pending ─claim→ processing ─complete→ completed
 *                 ↑            │ fail: retry left → pending (run_at = now + delay, retry_count + 1)
 *                 │            │ fail: permanent / exhausted / unknown outcome of a non-idempotent op → failed
 *                 └────────────┤ defer (breaker open: no retry spent), releaseLease (graceful stop)
 *                              └ reclaimExpired (lease expired: attempt counted)
 */
import { z } from 'zod';
import type { Db } from '../db/open.ts';
import { GatewayError, type ErrorKind } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { systemClock } from '../time/clock.ts';
import { DEFAULT_RETRY_SCHEDULE, jitterFactor, type Random, type RetrySchedule } from '../resilience/backoff.ts';
import { apiEndpointFor, NON_IDEMPOTENT_TYPES, parseOperationData, requireOperationType } from './operation-types.ts';
import { iso, toEpochMs, toOperation, type Operation, type OperationRow } from './model.ts';
import { uuidv7 } from './ids.ts';
import { inWriteTransaction, sqlBySize, stmt } from './prepared.ts';
import { notifyChanged, type ChangedRow } from './signals.ts';

export const UNKNOWN_OUTCOME_MESSAGE = 'outcome unknown: check 1C before retrying';

// ---------------------------------------------------------------- enqueue

const enqueueOptions = z.strictObject({
  priority: z.number().int().min(1, 'priority is 1 (highest) to 5').max(5, 'priority is 1 (highest) to 5').default(3),
  runAt: z.union([z.number(), z.string(), z.date()]).optional(),
  maxRetries: z.number().int().min(0).max(100).default(3),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  createdBy: z.string().trim().min(1).max(200).optional(),
});

export interface EnqueueInput {
  type: string;
  data: unknown;
  /** 1 (highest) to 5; default 3. */
  priority?: number;
  /** Not before this instant; default now. */
  runAt?: number | string | Date;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** Enqueueing a key already pending or processing returns that operation instead. */
  idempotencyKey?: string;
  /** A person's name, 'scheduler', 'cli', ... */
  createdBy?: string;
}

export interface EnqueueResult {
  operation: Operation;
  /** False when an operation with the same idempotency key was already pending or processing. */
  created: boolean;
}

/*
 * The row is built here, not read back (RETURNING *): every column is either
 * bound below or a constant default of a new row, so the operation returned is
 * the one stored (transitions.test.ts compares it with the row read back).
 * Parameters are positional: binding ten by name costs most of a microsecond
 * per call, on the hottest statement of the queue.
 */
const INSERT_SQL = `
INSERT INTO operations (id, operation_type, priority, status, operation_data, max_retries, created_at, run_at,
                        api_endpoint, created_by, idempotency_key, updated_at)
VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING`;
// The condition of operations_idempotency, word for word, so that its partial index applies.
const BY_LIVE_KEY_SQL = `SELECT * FROM operations WHERE idempotency_key = ? AND (status = 'pending' OR status = 'processing')`;

interface Inserted {
  result: EnqueueResult;
  /** Set when a row was stored: what processors need to hear of it. */
  change: ChangedRow | null;
}

function insertOne(db: Db, input: EnqueueInput, now: number): Inserted {
  const type = requireOperationType(input.type);
  const data = parseOperationData(type, input.data);
  const opt = enqueueOptions.safeParse({
    priority: input.priority,
    runAt: input.runAt,
    maxRetries: input.maxRetries,
    idempotencyKey: input.idempotencyKey,
    createdBy: input.createdBy,
  });
  if (!opt.success) {
    const detail = opt.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new GatewayError('invalid_operation', `invalid ${type} options: ${detail}`, 'permanent', { type });
  }
  const o = opt.data;
  const row = {
    id: uuidv7(now),
    priority: o.priority,
    data: JSON.stringify(data),
    maxRetries: o.maxRetries,
    runAt: o.runAt === undefined ? now : toEpochMs(o.runAt),
    endpoint: apiEndpointFor(type, data),
    createdBy: o.createdBy ?? null,
    key: o.idempotencyKey ?? null,
  };
  const { changes } = stmt(db, INSERT_SQL).run(row.id, type, row.priority, row.data, row.maxRetries, now, row.runAt, row.endpoint, row.createdBy, row.key, now);
  if (changes === 1) {
    const operation: Operation = {
      id: row.id,
      type,
      priority: row.priority,
      status: 'pending',
      data: JSON.parse(row.data),
      result: null,
      retryCount: 0,
      maxRetries: row.maxRetries,
      createdAt: iso(now),
      startedAt: null,
      completedAt: null,
      runAt: iso(row.runAt),
      errorMessage: null,
      errorKind: null,
      apiEndpoint: row.endpoint,
      processingNode: null,
      leaseExpiresAt: null,
      createdBy: row.createdBy,
      idempotencyKey: row.key,
      updatedAt: iso(now),
    };
    return { result: { operation, created: true }, change: { id: row.id, status: 'pending', operation_type: type, run_at: row.runAt } };
  }
  const existing = stmt(db, BY_LIVE_KEY_SQL).get(row.key) as OperationRow | undefined;
  if (!existing) throw new GatewayError('enqueue_conflict', `could not enqueue ${type}: a uniqueness constraint refused it`, 'retryable');
  return { result: { operation: toOperation(existing), created: false }, change: null };
}

/** Validates and stores one operation. Unknown types and malformed data throw GatewayError 'invalid_operation'. */
export function enqueue(db: Db, input: EnqueueInput, clock: Clock = systemClock): EnqueueResult {
  // Without a key the INSERT alone is atomic; with one, the insert and the look-up of the live holder go together.
  const r = input.idempotencyKey === undefined ? insertOne(db, input, clock.now()) : inWriteTransaction(db, () => insertOne(db, input, clock.now()));
  if (r.change) notifyChanged(db, [r.change]);
  return r.result;
}

/** Several operations in one transaction: all are stored or none (the first invalid one throws). */
export function enqueueMany(db: Db, inputs: readonly EnqueueInput[], clock: Clock = systemClock): EnqueueResult[] {
  const now = clock.now();
  const rs = inWriteTransaction(db, () => inputs.map((i) => insertOne(db, i, now)));
  notifyChanged(db, rs.flatMap((r) => (r.change ? [r.change] : [])));
  return rs.map((r) => r.result);
}

// ---------------------------------------------------------------- claim

export interface ClaimOptions {
  /** Who holds the claims: a processor's node id. */
  node: string;
  /** At most this many operations; default 1. */
  limit?: number;
  leaseMs: number;
  /** Types not to claim: no handler here, or their system's circuit breaker is open. */
  blockedTypes?: readonly string[];
  /**
   * Only this operation, on the same conditions (pending, due, type neither
   * paused nor blocked): a process that runs one operation of its own and
   * leaves the rest of the queue to the host (QueueProcessor.runOnly).
   */
  id?: string;
}

/*
 * LIMIT is inlined, not bound: with a bound LIMIT SQLite plans the subquery
 * without it and the claim costs about three times as much. The blocked types
 * are positional parameters compared one by one (json_each or NOT IN (?, …)
 * would build a temporary table on every claim). One prepared statement per
 * limit (1 … concurrency) and number of blocked types (0 … the number of types).
 * A claim of one operation by id is the same statement looking the row up by
 * its primary key instead of walking the pending part of operations_live.
 */
const claimSql = sqlBySize((limit: number, blocked: number, byId: number): string => `
UPDATE operations
SET status = 'processing', processing_node = ?, lease_expires_at = ?, started_at = ?, updated_at = ?
WHERE id IN (
  SELECT id FROM operations ${byId ? '-- by its primary key\n  WHERE id = ? AND' : "INDEXED BY operations_live -- named: the claim's plan must not depend on statistics\n  WHERE"} status = 'pending' AND run_at <= ?
    AND operation_type NOT IN (SELECT operation_type FROM queue_paused_types)${Array(blocked).fill(`\n    AND operation_type <> ?`).join('')}
  ORDER BY priority, run_at, id
  LIMIT ${limit})
RETURNING *`);
/**
 * Atomically takes up to `limit` due operations: highest priority first, then
 * due time, then creation order (the id); skips paused and blocked types. Several
 * processes may claim concurrently: the UPDATE runs under SQLite's write lock,
 * so no operation is handed out twice. With `id`, takes that operation alone,
 * on the same conditions, or nothing.
 */
export function claim(db: Db, opts: ClaimOptions, clock: Clock = systemClock): Operation[] {
  const now = clock.now();
  const limit = opts.limit ?? 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new RangeError(`claim limit must be an integer from 1 to 10000, got ${limit}`);
  const blocked = [...new Set(opts.blockedTypes ?? [])];
  const byId = opts.id === undefined ? [] : [opts.id];
  const rows = stmt(db, claimSql(byId.length === 0 ? limit : 1, blocked.length, byId.length)).all(opts.node, now + opts.leaseMs, now, now, ...byId, now, ...blocked) as OperationRow[];
  // RETURNING order is unspecified: restore claim order.
  rows.sort((a, b) => a.priority - b.priority || a.run_at - b.run_at || (a.id < b.id ? -1 : 1));
  notifyChanged(db, rows);
  return rows.map(toOperation);
}

// ---------------------------------------------------------------- lease

/*
 * Statements on a list of ids look each one up by its key; `+status` keeps the
 * planner from walking the processing part of operations_live instead.
 */
const RENEW_SQL = `
UPDATE operations SET lease_expires_at = @now + @leaseMs, updated_at = @now
WHERE id IN (SELECT value FROM json_each(@ids)) AND +status = 'processing' AND processing_node = @node
RETURNING id`;

/** Extends the leases `node` still holds; returns the ids renewed (a missing id was lost: reclaimed or cancelled). */
export function renewLease(db: Db, ids: readonly string[], node: string, leaseMs: number, clock: Clock = systemClock): string[] {
  if (ids.length === 0) return [];
  const rows = stmt(db, RENEW_SQL).all({ now: clock.now(), leaseMs, node, ids: JSON.stringify(ids) }) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Rows per statement of a batch: far below SQLite's limit of bound parameters, and few distinct statements. */
const MAX_BATCH = 500;

/*
 * The ended attempts of a batch: (operation id, started_at, attempt number)
 * triples as positional parameters, one prepared statement per batch size
 * (cheaper than a JSON array taken apart by json_each, on the path of every
 * completion). The number comes from the operation's own count, incremented by
 * the transition that ends the attempt: looking up the last attempt here would
 * make SQLite copy the batch to a temporary table first (the statement would
 * read the table it writes) and seek each operation's last attempt.
 */
const recordAttemptsSql = sqlBySize(
  (n: number): string => `
INSERT INTO operation_attempts (operation_id, attempt_no, started_at, ended_at, outcome, http_status, duration_ms, error, node)
SELECT a.column1, a.column3, a.column2, ?, ?, ?, ? - a.column2, ?, ?
FROM (VALUES ${Array(n).fill('(?, ?, ?)').join(', ')}) AS a`,
);

interface AttemptEnd {
  outcome: string;
  error?: string | null;
  httpStatus?: number | null;
}

/** `rows` as the ending transition returned them: `attempts` already counts the attempt ended. */
function recordAttempts(db: Db, rows: readonly Pick<OperationRow, 'id' | 'started_at' | 'attempts'>[], node: string, now: number, end: AttemptEnd): void {
  for (let i = 0; i < rows.length; i += MAX_BATCH) {
    const batch = rows.slice(i, i + MAX_BATCH);
    const args: unknown[] = [now, end.outcome, end.httpStatus ?? null, now, end.error ?? null, node];
    for (const r of batch) args.push(r.id, r.started_at ?? now, r.attempts);
    stmt(db, recordAttemptsSql(batch.length)).run(...args);
  }
}

const RELEASE_SQL = `
UPDATE operations SET status = 'pending', processing_node = NULL, lease_expires_at = NULL, attempts = attempts + 1, updated_at = @now
WHERE id IN (SELECT value FROM json_each(@ids)) AND +status = 'processing' AND processing_node = @node
RETURNING *`;

/**
 * Graceful stop: hands operations back to pending at their old place in line,
 * without counting a retry. The attempt is closed as 'released'.
 */
export function releaseLease(db: Db, ids: readonly string[], node: string, clock: Clock = systemClock): Operation[] {
  if (ids.length === 0) return [];
  const now = clock.now();
  const rows = inWriteTransaction(db, () => {
    const rs = stmt(db, RELEASE_SQL).all({ now, node, ids: JSON.stringify(ids) }) as OperationRow[];
    recordAttempts(db, rs, node, now, { outcome: 'released', error: 'released on graceful stop' });
    return rs;
  });
  notifyChanged(db, rows);
  return rows.map(toOperation);
}

// ---------------------------------------------------------------- complete

/*
 * Completions without a result (the common case) go in one statement for the
 * batch, the ids as positional parameters (one statement per batch size); each
 * one carrying a result has its own. (An UPDATE … FROM json_each carrying the
 * results costs four times as much per row as an id list.)
 */
const LEAN = 'id, status, operation_type, run_at, started_at, attempts';
const completeIdsSql = sqlBySize(
  (n: number): string => `
UPDATE operations
SET status = 'completed', result = NULL, completed_at = ?, error_message = NULL, error_kind = NULL,
    processing_node = NULL, lease_expires_at = NULL, attempts = attempts + 1, updated_at = ?
WHERE id IN (${Array(n).fill('?').join(', ')}) AND +status = 'processing' AND processing_node = ?
RETURNING ${LEAN}`,
);
const COMPLETE_ONE_SQL = `
UPDATE operations
SET status = 'completed', result = @result, completed_at = @now, error_message = NULL, error_kind = NULL,
    processing_node = NULL, lease_expires_at = NULL, attempts = attempts + 1, updated_at = @now
WHERE id = @id AND status = 'processing' AND processing_node = @node
RETURNING ${LEAN}`;

type LeanRow = Pick<OperationRow, 'id' | 'status' | 'operation_type' | 'run_at' | 'started_at' | 'attempts'>;

function jsonResult(result: unknown): string | null {
  if (result === undefined || result === null) return null;
  return JSON.stringify(result) ?? null;
}

/** Marks the operation completed if `node` still holds it; null when it does not (lease lost, cancelled). */
export function complete(db: Db, id: string, node: string, result: unknown, clock: Clock = systemClock): Operation | null {
  const done = completeMany(db, [{ id, result }], node, clock);
  return done.length === 0 ? null : getRow(db, id);
}

function getRow(db: Db, id: string): Operation | null {
  const r = stmt(db, 'SELECT * FROM operations WHERE id = ?').get(id) as OperationRow | undefined;
  return r ? toOperation(r) : null;
}

/**
 * Batch variant for one node: the completions of many operations in one
 * transaction. Returns the ids completed (one missing was no longer held).
 */
export function completeMany(db: Db, items: readonly { id: string; result: unknown }[], node: string, clock: Clock = systemClock): string[] {
  if (items.length === 0) return [];
  const now = clock.now();
  const bare: string[] = [];
  const withResult: { id: string; result: string }[] = [];
  for (const it of items) {
    const json = jsonResult(it.result);
    if (json === null) bare.push(it.id);
    else withResult.push({ id: it.id, result: json });
  }
  const rows = inWriteTransaction(db, () => {
    const rs: LeanRow[] = [];
    for (let i = 0; i < bare.length; i += MAX_BATCH) {
      const batch = bare.slice(i, i + MAX_BATCH);
      rs.push(...(stmt(db, completeIdsSql(batch.length)).all(now, now, ...batch, node) as LeanRow[]));
    }
    for (const w of withResult) {
      const r = stmt(db, COMPLETE_ONE_SQL).get({ now, node, id: w.id, result: w.result }) as LeanRow | undefined;
      if (r) rs.push(r);
    }
    recordAttempts(db, rs, node, now, { outcome: 'completed' });
    return rs;
  });
  notifyChanged(db, rows);
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------- fail

export interface FailureInput {
  kind: ErrorKind;
  message: string;
  httpStatus?: number | null;
}

export interface RetryPolicy {
  schedule?: RetrySchedule;
  random?: Random;
  /** Types whose unknown outcome must not be retried; default from operation-types. */
  nonIdempotentTypes?: readonly string[];
}

/*
 * The decision and the next run time are computed inside the statement from
 * the row as it is: retry when the kind allows it (retryable, or an unknown
 * outcome of an idempotent type) and retries are left; the delay is the
 * schedule entry for this retry (the last entry past the end) times the jitter
 * factor drawn by the caller.
 */
const FAIL_SQL = `
UPDATE operations AS o
SET status = CASE WHEN d.retry THEN 'pending' ELSE 'failed' END,
    retry_count = o.retry_count + d.retry,
    run_at = CASE WHEN d.retry THEN @now + CAST(d.base_ms * @jitter AS INTEGER) ELSE o.run_at END,
    completed_at = CASE WHEN d.retry THEN NULL ELSE @now END,
    error_message = d.message, error_kind = @kind,
    processing_node = NULL, lease_expires_at = NULL, attempts = o.attempts + 1, updated_at = @now
FROM (
  SELECT id, retry, base_ms,
         CASE WHEN unknown_nonidem THEN '${UNKNOWN_OUTCOME_MESSAGE} (' || @message || ')'
              WHEN retriable AND NOT retry THEN 'gave up after ' || (retry_count + 1) || CASE WHEN retry_count = 0 THEN ' attempt: ' ELSE ' attempts: ' END || @message
              ELSE @message END AS message
  FROM (
    SELECT id, retry_count,
           retriable, unknown_nonidem, retriable AND retry_count < max_retries AS retry,
           coalesce(json_extract(@schedule, '$[' || retry_count || ']'), json_extract(@schedule, '$[#-1]'), 0) AS base_ms
    FROM (
      SELECT id, retry_count, max_retries,
             (@kind = 'retryable' OR (@kind = 'unknown_outcome' AND NOT is_nonidem)) AS retriable,
             (@kind = 'unknown_outcome' AND is_nonidem) AS unknown_nonidem
      FROM (SELECT *, operation_type IN (SELECT value FROM json_each(@nonidem)) AS is_nonidem FROM operations WHERE id = @id)
    )
  )
) AS d
WHERE o.id = d.id AND o.status = 'processing' AND o.processing_node = @node
RETURNING *`;

/**
 * Records a failed attempt if `node` still holds the operation, and decides in
 * the same statement: retry later, or failed. Permanent errors fail at once; an
 * unknown outcome of a non-idempotent type fails with "outcome unknown: check
 * 1C before retrying" and is never retried automatically.
 */
export function fail(db: Db, id: string, node: string, failure: FailureInput, policy: RetryPolicy = {}, clock: Clock = systemClock): Operation | null {
  const schedule = policy.schedule ?? DEFAULT_RETRY_SCHEDULE;
  const now = clock.now();
  const row = inWriteTransaction(db, () => {
    const r = stmt(db, FAIL_SQL).get({
      id,
      node,
      now,
      kind: failure.kind,
      message: failure.message,
      schedule: JSON.stringify(schedule.delaysMs),
      jitter: jitterFactor(schedule.jitter, policy.random),
      nonidem: JSON.stringify(policy.nonIdempotentTypes ?? NON_IDEMPOTENT_TYPES),
    }) as OperationRow | undefined;
    if (r) recordAttempts(db, [r], node, now, { outcome: failure.kind, error: failure.message, httpStatus: failure.httpStatus ?? null });
    return r;
  });
  if (!row) return null;
  notifyChanged(db, [row]);
  return toOperation(row);
}

// ---------------------------------------------------------------- defer

const DEFER_SQL = `
UPDATE operations
SET status = 'pending', run_at = max(@until, @now), processing_node = NULL, lease_expires_at = NULL, updated_at = @now
WHERE id = @id AND status = 'processing' AND processing_node = @node
RETURNING *`;

/**
 * Puts a claimed operation back to wait until `until` without spending a retry
 * (its external system's breaker is open). The claim was not an attempt: no
 * attempt row is written.
 */
export function defer(db: Db, id: string, node: string, until: number, clock: Clock = systemClock): Operation | null {
  const now = clock.now();
  const row = stmt(db, DEFER_SQL).get({ id, node, now, until }) as OperationRow | undefined;
  if (!row) return null;
  notifyChanged(db, [row]);
  return toOperation(row);
}

// ---------------------------------------------------------------- expired leases

/*
 * Both statements come in two forms: over every expired lease (the processing
 * part of operations_live), or over one operation looked up by its id.
 */
const reclaimSql = sqlBySize((byId: number): string => `
UPDATE operations AS o
SET status = CASE WHEN d.unknown_nonidem OR NOT d.retry THEN 'failed' ELSE 'pending' END,
    retry_count = o.retry_count + d.retry,
    run_at = CASE WHEN d.retry THEN @now ELSE o.run_at END,
    completed_at = CASE WHEN d.retry THEN NULL ELSE @now END,
    error_message = CASE
      WHEN d.unknown_nonidem THEN '${UNKNOWN_OUTCOME_MESSAGE} (the process running it on ' || o.processing_node || ' stopped mid-request)'
      WHEN NOT d.retry THEN 'gave up after ' || (o.retry_count + 1) || CASE WHEN o.retry_count = 0 THEN ' attempt' ELSE ' attempts' END || ': the lease held by ' || o.processing_node || ' expired (the process stopped or hung)'
      ELSE 'the lease held by ' || o.processing_node || ' expired (the process stopped or hung)' END,
    error_kind = CASE WHEN d.unknown_nonidem THEN 'unknown_outcome' ELSE 'retryable' END,
    processing_node = NULL, lease_expires_at = NULL, attempts = o.attempts + 1, updated_at = @now
FROM (
  SELECT id, is_nonidem AS unknown_nonidem, (NOT is_nonidem AND retry_count < max_retries) AS retry
  FROM (SELECT id, retry_count, max_retries, operation_type IN (SELECT value FROM json_each(@nonidem)) AS is_nonidem
        FROM operations WHERE ${byId ? 'id = @id AND ' : ''}status = 'processing' AND lease_expires_at < @now)
) AS d
WHERE o.id = d.id AND o.status = 'processing' AND o.lease_expires_at < @now
RETURNING *`);

const recordExpiredSql = sqlBySize((byId: number): string => `
INSERT INTO operation_attempts (operation_id, attempt_no, started_at, ended_at, outcome, duration_ms, error, node)
SELECT o.id, o.attempts + 1,
       coalesce(o.started_at, @now), @now, 'lease_expired', @now - coalesce(o.started_at, @now),
       'the lease held by ' || o.processing_node || ' expired (the process stopped or hung)', o.processing_node
FROM operations AS o ${byId ? '' : 'INDEXED BY operations_live'}
WHERE ${byId ? 'o.id = @id AND ' : ''}o.status = 'processing' AND o.lease_expires_at < @now`);

/**
 * Returns operations whose lease expired (their process crashed or hung) to
 * pending, counting the attempt; exhausted ones fail. A non-idempotent
 * operation caught mid-request has an unknown outcome: it fails for a person
 * to check 1C. Any process may run this. With `onlyId`, only that operation
 * is looked at (a process running one operation of its own leaves the rest to
 * the host).
 */
export function reclaimExpired(db: Db, clock: Clock = systemClock, nonIdempotentTypes: readonly string[] = NON_IDEMPOTENT_TYPES, onlyId?: string): Operation[] {
  const now = clock.now();
  const byId = onlyId === undefined ? 0 : 1;
  const params = byId ? { now, id: onlyId } : { now };
  const rows = inWriteTransaction(db, () => {
    // The attempts first: they need the node and start time the guarded UPDATE clears.
    stmt(db, recordExpiredSql(byId)).run(params);
    return stmt(db, reclaimSql(byId)).all({ ...params, nonidem: JSON.stringify(nonIdempotentTypes) }) as OperationRow[];
  });
  notifyChanged(db, rows);
  return rows.map(toOperation);
}
