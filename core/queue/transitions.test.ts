import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.ts';
import { ManualClock } from '../time/clock.ts';
import { claim, complete, completeMany, defer, enqueue, enqueueMany, fail, reclaimExpired, releaseLease, renewLease, UNKNOWN_OUTCOME_MESSAGE } from './transitions.ts';
import { getOperationDetail, getOperation } from './queries.ts';
import { pauseType, retryNow } from './operator.ts';
import { factData, syncData, tempDb, timesheetData, type TempDb } from './testing/temp-db.ts';

let t: TempDb;
let clock: ManualClock;
beforeEach(() => {
  t = tempDb();
  clock = new ManualClock('2026-03-02T10:00:00Z');
});
afterEach(() => t.cleanup());

const lease = { node: 'n1', leaseMs: 60_000 };
const count = (sql: string): number => (t.db.prepare(sql).get() as { n: number }).n;

function thrown(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    return e as GatewayError;
  }
  throw new Error('expected a GatewayError');
}

describe('enqueue validation', () => {
  it('refuses an unknown type, naming the known ones, and stores nothing', () => {
    const e = thrown(() => enqueue(t.db, { type: 'payroll_run', data: {} }, clock));
    expect(e.code).toBe('invalid_operation');
    expect(e.kind).toBe('permanent');
    expect(e.message).toContain('unknown operation type "payroll_run"');
    expect(e.message).toContain('personnel_sync');
    expect(count('SELECT count(*) n FROM operations')).toBe(0);
  });

  it('refuses malformed data with the type and every field at fault', () => {
    const e = thrown(() => enqueue(t.db, { type: 'personnel_sync', data: { from: '2026-13-01' } }, clock));
    expect(e.code).toBe('invalid_operation');
    expect(e.message).toMatch(/^invalid personnel_sync data: /);
    expect(e.message).toContain('from: expected a date YYYY-MM-DD');
    expect(e.message).toContain('to: required');
    const e2 = thrown(() => enqueue(t.db, { type: 'schedule_upload', data: { agentId: 'a', period1: '2026-02-01T00:00:00Z', period2: '2026-01-01T00:00:00Z', shift: [{ date_start: 'soon', daily_hours: 1 }] } }, clock));
    expect(e2.message).toContain('shift.0.date_start');
    expect(e2.message).toContain('shift.0.night_hours: required');
    const e2b = thrown(() => enqueue(t.db, { type: 'schedule_upload', data: { agentId: 'a', period1: '2026-02-01T00:00:00Z', period2: '2026-01-01T00:00:00Z', shift: [] } }, clock));
    expect(e2b.message).toBe('invalid schedule_upload data: period2: period1 must not be after period2');
    const e3 = thrown(() => enqueue(t.db, { type: 'plan_apply', data: { planId: 1, force: true } }, clock));
    expect(e3.message).toContain('force');
    expect(count('SELECT count(*) n FROM operations')).toBe(0);
  });

  it('refuses a priority outside 1–5', () => {
    const e = thrown(() => enqueue(t.db, { type: 'personnel_sync', data: syncData, priority: 0 }, clock));
    expect(e.message).toContain('priority is 1 (highest) to 5');
  });

  it('enqueueMany stores all or none', () => {
    expect(() => enqueueMany(t.db, [{ type: 'plan_apply', data: { planId: 1 } }, { type: 'plan_apply', data: { planId: -1 } }], clock)).toThrow(/planId/);
    expect(count('SELECT count(*) n FROM operations')).toBe(0);
    expect(enqueueMany(t.db, [{ type: 'plan_apply', data: { planId: 1 } }, { type: 'plan_apply', data: { planId: 2 } }], clock)).toHaveLength(2);
  });

  it('stores the endpoint, defaults and creator', () => {
    const { operation: op } = enqueue(t.db, { type: 'personnel_sync', data: syncData, createdBy: 'Петров' }, clock);
    expect(op).toMatchObject({ status: 'pending', priority: 3, maxRetries: 3, retryCount: 0, apiEndpoint: 'GET /agents/2026-01-01/2026-01-31', createdBy: 'Петров', runAt: '2026-03-02T10:00:00.000Z' });
  });

  it('returns exactly the row it stored (built without reading it back)', () => {
    const inputs = [
      { type: 'personnel_sync', data: syncData, createdBy: 'Петров', priority: 1, maxRetries: 0, idempotencyKey: 'k-1', runAt: '2026-03-02T11:30:00.123Z' },
      { type: 'plan_apply', data: { planId: 7 } },
      { type: 'timesheet_request', data: timesheetData },
    ];
    for (const input of inputs) {
      const { operation, created } = enqueue(t.db, input, clock);
      expect(created).toBe(true);
      expect(operation).toEqual(getOperation(t.db, operation.id));
    }
    const many = enqueueMany(t.db, inputs.map((i) => ({ ...i, idempotencyKey: undefined })), clock);
    for (const { operation } of many) expect(operation).toEqual(getOperation(t.db, operation.id));
  });
});

describe('idempotency keys', () => {
  it('returns the live operation for a key already pending or processing, a new one once it is done', () => {
    const a = enqueue(t.db, { type: 'personnel_sync', data: syncData, idempotencyKey: 'slot-1' }, clock);
    const b = enqueue(t.db, { type: 'personnel_sync', data: syncData, idempotencyKey: 'slot-1' }, clock);
    expect(b.created).toBe(false);
    expect(b.operation.id).toBe(a.operation.id);
    claim(t.db, lease, clock);
    const c = enqueue(t.db, { type: 'personnel_sync', data: syncData, idempotencyKey: 'slot-1' }, clock);
    expect(c).toMatchObject({ created: false, operation: { id: a.operation.id, status: 'processing' } });
    complete(t.db, a.operation.id, 'n1', { ok: true }, clock);
    const d = enqueue(t.db, { type: 'personnel_sync', data: syncData, idempotencyKey: 'slot-1' }, clock);
    expect(d.created).toBe(true);
    expect(d.operation.id).not.toBe(a.operation.id);
  });
});

describe('claim', () => {
  it('takes the highest priority first and keeps FIFO within a priority', () => {
    const ids = [3, 1, 3, 1, 5, 2].map((p, i) => enqueue(t.db, { type: 'plan_apply', data: { planId: i + 1 }, priority: p }, clock).operation);
    const got = claim(t.db, { ...lease, limit: 4 }, clock).map((o) => (o.data as { planId: number }).planId);
    expect(got).toEqual([2, 4, 6, 1]);
    const rest = [claim(t.db, lease, clock)[0], claim(t.db, lease, clock)[0]].map((o) => (o!.data as { planId: number }).planId);
    expect(rest).toEqual([3, 5]);
    expect(claim(t.db, lease, clock)).toEqual([]);
    expect(ids).toHaveLength(6);
  });

  it('does not take work before its run time, nor blocked types', () => {
    enqueue(t.db, { type: 'plan_apply', data: { planId: 1 }, runAt: '2026-03-02T10:05:00Z' }, clock);
    enqueue(t.db, { type: 'personnel_sync', data: syncData }, clock);
    expect(claim(t.db, { ...lease, limit: 5, blockedTypes: ['personnel_sync'] }, clock)).toEqual([]);
    clock.advance(5 * 60_000);
    expect(claim(t.db, { ...lease, limit: 5, blockedTypes: ['personnel_sync'] }, clock).map((o) => o.type)).toEqual(['plan_apply']);
  });

  it('sets the owner, the lease and opens an attempt', () => {
    const { operation } = enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock);
    const [op] = claim(t.db, lease, clock);
    expect(op).toMatchObject({ id: operation.id, status: 'processing', processingNode: 'n1', leaseExpiresAt: '2026-03-02T10:01:00.000Z' });
    expect(getOperationDetail(t.db, operation.id)!.attempts).toMatchObject([{ attemptNo: 1, node: 'n1', endedAt: null, outcome: null }]);
  });

  it('by id takes that operation alone, ahead of the line, and records it like any claim', () => {
    const first = enqueue(t.db, { type: 'plan_apply', data: { planId: 1 }, priority: 1 }, clock).operation;
    const mine = enqueue(t.db, { type: 'plan_apply', data: { planId: 2 }, priority: 5 }, clock).operation;
    const [op] = claim(t.db, { ...lease, limit: 3, id: mine.id }, clock);
    expect(op).toMatchObject({ id: mine.id, status: 'processing', processingNode: 'n1', leaseExpiresAt: '2026-03-02T10:01:00.000Z', startedAt: '2026-03-02T10:00:00.000Z' });
    expect(getOperationDetail(t.db, mine.id)!.attempts).toMatchObject([{ attemptNo: 1, node: 'n1', endedAt: null, outcome: null }]);
    expect(getOperation(t.db, first.id)).toMatchObject({ status: 'pending', processingNode: null });
    // Held now: a second claim by id, from any node, gets nothing.
    expect(claim(t.db, { ...lease, node: 'n2', id: mine.id }, clock)).toEqual([]);
    expect(getOperation(t.db, mine.id)!.processingNode).toBe('n1');
  });

  it('by id keeps the rules of a claim: not before its run time, not a paused or blocked type, not an unknown id', () => {
    const later = enqueue(t.db, { type: 'plan_apply', data: { planId: 1 }, runAt: '2026-03-02T10:05:00Z' }, clock).operation;
    const sync = enqueue(t.db, { type: 'personnel_sync', data: syncData }, clock).operation;
    const sheet = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    pauseType(t.db, 'timesheet_request', 'Анна', clock);
    expect(claim(t.db, { ...lease, id: later.id }, clock)).toEqual([]);
    expect(claim(t.db, { ...lease, id: sync.id, blockedTypes: ['personnel_sync'] }, clock)).toEqual([]);
    expect(claim(t.db, { ...lease, id: sheet.id }, clock)).toEqual([]);
    expect(claim(t.db, { ...lease, id: 'no-such-operation' }, clock)).toEqual([]);
    expect(count("SELECT count(*) n FROM operations WHERE status = 'pending'")).toBe(3);
    clock.advance(5 * 60_000);
    expect(claim(t.db, { ...lease, id: later.id }, clock).map((o) => o.id)).toEqual([later.id]);
    expect(claim(t.db, { ...lease, id: sync.id }, clock).map((o) => o.id)).toEqual([sync.id]);
  });
});

describe('ownership guards', () => {
  it('only the holder completes, once', () => {
    const { operation } = enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock);
    claim(t.db, lease, clock);
    expect(complete(t.db, operation.id, 'intruder', 1, clock)).toBeNull();
    expect(fail(t.db, operation.id, 'intruder', { kind: 'permanent', message: 'x' }, {}, clock)).toBeNull();
    expect(defer(t.db, operation.id, 'intruder', clock.now(), clock)).toBeNull();
    expect(getOperation(t.db, operation.id)!.status).toBe('processing');
    clock.advance(1500);
    const done = complete(t.db, operation.id, 'n1', { applied: 3 }, clock);
    expect(done).toMatchObject({ status: 'completed', result: { applied: 3 }, processingNode: null, leaseExpiresAt: null });
    expect(complete(t.db, operation.id, 'n1', { applied: 4 }, clock)).toBeNull();
    expect(getOperationDetail(t.db, operation.id)!.attempts).toMatchObject([{ outcome: 'completed', durationMs: 1500 }]);
  });

  it('renews only leases the node holds', () => {
    const a = enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock).operation;
    const b = enqueue(t.db, { type: 'plan_apply', data: { planId: 2 } }, clock).operation;
    claim(t.db, { ...lease, limit: 2 }, clock);
    clock.advance(30_000);
    expect(renewLease(t.db, [a.id, b.id, 'nope'], 'n1', 60_000, clock).sort()).toEqual([a.id, b.id].sort());
    expect(renewLease(t.db, [a.id], 'n2', 60_000, clock)).toEqual([]);
    expect(getOperation(t.db, a.id)!.leaseExpiresAt).toBe('2026-03-02T10:01:30.000Z');
  });

  it('completes a batch larger than one statement takes, only the ones still held, each with its attempt', () => {
    const ops = enqueueMany(t.db, Array.from({ length: 1_203 }, (_, i) => ({ type: 'plan_apply', data: { planId: i + 1 } })), clock).map((r) => r.operation);
    expect(claim(t.db, { ...lease, limit: 1_203 }, clock)).toHaveLength(1_203);
    clock.advance(250);
    const stolen = ops[700]!.id;
    t.db.prepare("UPDATE operations SET processing_node = 'n2' WHERE id = ?").run(stolen);
    const done = completeMany(t.db, [...ops.map((o) => ({ id: o.id, result: undefined })), { id: ops[3]!.id, result: { again: true } }], 'n1', clock);
    expect(done).toHaveLength(1_202);
    expect(done).not.toContain(stolen);
    expect(count("SELECT count(*) n FROM operations WHERE status = 'completed'")).toBe(1_202);
    expect(count("SELECT count(*) n FROM operation_attempts WHERE outcome = 'completed' AND duration_ms = 250 AND node = 'n1' AND attempt_no = 1")).toBe(1_202);
    expect(getOperation(t.db, stolen)!.status).toBe('processing');
  });
});

describe('retries by error kind', () => {
  it('follows 30 s, 120 s, 300 s with jitter within ±20 %, then fails', () => {
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock);
    const randoms = [0, 0.999999, 0.5];
    const bases = [30_000, 120_000, 300_000];
    for (let i = 0; i < 3; i++) {
      const [op] = claim(t.db, lease, clock);
      expect(op!.id).toBe(operation.id);
      const r = randoms[i]!;
      const after = fail(t.db, operation.id, 'n1', { kind: 'retryable', message: `503 from 1C #${i}`, httpStatus: 503 }, { random: () => r }, clock)!;
      expect(after).toMatchObject({ status: 'pending', retryCount: i + 1, errorKind: 'retryable', errorMessage: `503 from 1C #${i}` });
      const delay = Date.parse(after.runAt) - clock.now();
      expect(delay).toBeGreaterThanOrEqual(bases[i]! * 0.8);
      expect(delay).toBeLessThan(bases[i]! * 1.2);
      if (r === 0) expect(delay).toBe(bases[i]! * 0.8);
      if (r === 0.5) expect(delay).toBe(bases[i]!);
      clock.advance(delay - 1);
      expect(claim(t.db, lease, clock)).toEqual([]); // not a millisecond early
      clock.advance(1);
    }
    claim(t.db, lease, clock);
    const last = fail(t.db, operation.id, 'n1', { kind: 'retryable', message: 'still down' }, {}, clock)!;
    expect(last).toMatchObject({ status: 'failed', retryCount: 3, errorMessage: 'gave up after 4 attempts: still down' });
    expect(last.completedAt).not.toBeNull();
    const attempts = getOperationDetail(t.db, operation.id)!.attempts;
    expect(attempts.map((a) => a.outcome)).toEqual(['retryable', 'retryable', 'retryable', 'retryable']);
    expect(attempts[0]!.httpStatus).toBe(503);
  });

  it('uses a configured schedule and max retries, repeating the last delay past its end', () => {
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData, maxRetries: 3 }, clock);
    const policy = { schedule: { delaysMs: [1000, 5000], jitter: 0 } };
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      claim(t.db, lease, clock);
      const op = fail(t.db, operation.id, 'n1', { kind: 'retryable', message: 'x' }, policy, clock)!;
      delays.push(Date.parse(op.runAt) - clock.now());
      clock.advance(10_000);
    }
    expect(delays).toEqual([1000, 5000, 5000]);
  });

  it('fails a permanent error at once', () => {
    const { operation } = enqueue(t.db, { type: 'schedule_upload', data: { agentId: 'a', period1: '2026-03-01T00:00:00Z', period2: '2026-03-31T00:00:00Z', shift: [] } }, clock);
    claim(t.db, lease, clock);
    const op = fail(t.db, operation.id, 'n1', { kind: 'permanent', message: 'schedules for past periods cannot be modified', httpStatus: 500 }, {}, clock)!;
    expect(op).toMatchObject({ status: 'failed', retryCount: 0, errorKind: 'permanent', errorMessage: 'schedules for past periods cannot be modified' });
  });

  it('fails an unknown outcome of a non-idempotent operation for a person to check, never to retry', () => {
    const { operation } = enqueue(t.db, { type: 'fact_worktime_upload', data: factData }, clock);
    claim(t.db, lease, clock);
    const op = fail(t.db, operation.id, 'n1', { kind: 'unknown_outcome', message: 'timeout after 30 s' }, {}, clock)!;
    expect(op).toMatchObject({ status: 'failed', retryCount: 0, errorKind: 'unknown_outcome' });
    expect(op.errorMessage).toBe(`${UNKNOWN_OUTCOME_MESSAGE} (timeout after 30 s)`);
    clock.advance(24 * 3600_000);
    expect(claim(t.db, lease, clock)).toEqual([]);
  });

  it('retries an unknown outcome of an idempotent operation', () => {
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock);
    claim(t.db, lease, clock);
    expect(fail(t.db, operation.id, 'n1', { kind: 'unknown_outcome', message: 'timeout' }, {}, clock)).toMatchObject({ status: 'pending', retryCount: 1 });
  });
});

describe('defer, release and expired leases', () => {
  it('defer waits without spending a retry and leaves no attempt', () => {
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock);
    claim(t.db, lease, clock);
    const op = defer(t.db, operation.id, 'n1', clock.now() + 60_000, clock)!;
    expect(op).toMatchObject({ status: 'pending', retryCount: 0, runAt: '2026-03-02T10:01:00.000Z' });
    expect(getOperationDetail(t.db, operation.id)!.attempts).toEqual([]);
  });

  it('releaseLease hands work back without counting a retry', () => {
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock);
    claim(t.db, lease, clock);
    expect(releaseLease(t.db, [operation.id], 'other', clock)).toEqual([]);
    expect(releaseLease(t.db, [operation.id], 'n1', clock)).toMatchObject([{ status: 'pending', retryCount: 0, processingNode: null }]);
    expect(getOperationDetail(t.db, operation.id)!.attempts).toMatchObject([{ outcome: 'released' }]);
  });

  it('numbers the attempts of one operation in order, whichever transition ends them', () => {
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData, maxRetries: 1 }, clock);
    const policy = { schedule: { delaysMs: [0], jitter: 0 } };
    claim(t.db, lease, clock);
    releaseLease(t.db, [operation.id], 'n1', clock); // 1 released
    claim(t.db, lease, clock);
    fail(t.db, operation.id, 'n1', { kind: 'retryable', message: 'busy' }, policy, clock); // 2 retryable
    claim(t.db, lease, clock);
    clock.advance(60_001);
    reclaimExpired(t.db, clock); // 3 lease_expired: retries spent, failed
    expect(getOperation(t.db, operation.id)!.status).toBe('failed');
    retryNow(t.db, operation.id, 'Анна', clock); // an operator's retry resets the retries, not the count
    claim(t.db, lease, clock);
    complete(t.db, operation.id, 'n1', undefined, clock); // 4 completed
    const attempts = getOperationDetail(t.db, operation.id)!.attempts;
    expect(attempts.map((a) => [a.attemptNo, a.outcome])).toEqual([
      [1, 'released'],
      [2, 'retryable'],
      [3, 'lease_expired'],
      [4, 'completed'],
    ]);
  });

  it('reclaims an expired lease to pending, counting the attempt', () => {
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock);
    claim(t.db, lease, clock);
    clock.advance(60_000);
    expect(reclaimExpired(t.db, clock)).toEqual([]); // expires strictly after its instant
    clock.advance(1);
    const [op] = reclaimExpired(t.db, clock);
    expect(op).toMatchObject({ id: operation.id, status: 'pending', retryCount: 1, processingNode: null, errorKind: 'retryable' });
    expect(op!.errorMessage).toContain('the lease held by n1 expired');
    expect(getOperationDetail(t.db, operation.id)!.attempts).toMatchObject([{ outcome: 'lease_expired', node: 'n1' }]);
    expect(claim(t.db, { ...lease, node: 'n2' }, clock)).toHaveLength(1);
  });

  it('reclaims only the operation named, when asked for one', () => {
    const a = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    const b = enqueue(t.db, { type: 'fact_worktime_upload', data: factData }, clock).operation;
    claim(t.db, { ...lease, limit: 2 }, clock);
    clock.advance(61_000);
    expect(reclaimExpired(t.db, clock, undefined, a.id)).toMatchObject([{ id: a.id, status: 'pending', retryCount: 1 }]);
    expect(getOperationDetail(t.db, a.id)!.attempts).toMatchObject([{ outcome: 'lease_expired', node: 'n1' }]);
    // The other expired lease is left as it was, with no attempt closed.
    expect(getOperation(t.db, b.id)).toMatchObject({ status: 'processing', processingNode: 'n1' });
    expect(getOperationDetail(t.db, b.id)!.attempts).toMatchObject([{ endedAt: null }]);
    expect(reclaimExpired(t.db, clock).map((o) => o.id)).toEqual([b.id]);
  });

  it('fails an expired non-idempotent operation as outcome unknown, and an exhausted one', () => {
    const fact = enqueue(t.db, { type: 'fact_worktime_upload', data: factData }, clock).operation;
    const sheet = enqueue(t.db, { type: 'timesheet_request', data: timesheetData, maxRetries: 0 }, clock).operation;
    claim(t.db, { ...lease, limit: 2 }, clock);
    clock.advance(61_000);
    const got = new Map(reclaimExpired(t.db, clock).map((o) => [o.id, o]));
    expect(got.get(fact.id)).toMatchObject({ status: 'failed', errorKind: 'unknown_outcome' });
    expect(got.get(fact.id)!.errorMessage).toMatch(/^outcome unknown: check 1C before retrying/);
    expect(got.get(sheet.id)).toMatchObject({ status: 'failed', errorKind: 'retryable' });
    expect(got.get(sheet.id)!.errorMessage).toMatch(/^gave up after 1 attempt: the lease held by n1 expired/);
  });
});
