import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit, verifyAuditChain } from '../audit/index.ts';
import { ManualClock } from '../time/clock.ts';
import { cancel, changePriority, countFailed, enqueueAsOperator, pauseType, resumeType, retryFailed, retryNow } from './operator.ts';
import { claim, enqueue, fail } from './transitions.ts';
import { getOperation, pausedTypes } from './queries.ts';
import { factData, syncData, tempDb, timesheetData, type TempDb } from './testing/temp-db.ts';

let t: TempDb;
let clock: ManualClock;
beforeEach(() => {
  t = tempDb();
  clock = new ManualClock('2026-03-02T10:00:00Z');
});
afterEach(() => t.cleanup());

const lease = { node: 'n1', leaseMs: 60_000 };
const actions = (): string[] => listAudit(t.db, {}).entries.map((e) => e.action).reverse();

function failed(type: 'timesheet_request' | 'fact_worktime_upload', message = 'down'): string {
  const data = type === 'timesheet_request' ? timesheetData : factData;
  const { operation } = enqueue(t.db, { type, data, maxRetries: 0 }, clock);
  claim(t.db, lease, clock);
  fail(t.db, operation.id, 'n1', { kind: 'retryable', message }, {}, clock);
  return operation.id;
}

describe('operator actions', () => {
  it('pause stops claims of one type only; resume brings them back; both audited', () => {
    enqueue(t.db, { type: 'personnel_sync', data: syncData }, clock);
    enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock);
    expect(pauseType(t.db, 'personnel_sync', 'Анна', clock)).toBe(true);
    expect(pauseType(t.db, 'personnel_sync', 'Анна', clock)).toBe(false);
    expect(pausedTypes(t.db)).toMatchObject([{ type: 'personnel_sync', pausedBy: 'Анна' }]);
    expect(claim(t.db, { ...lease, limit: 5 }, clock).map((o) => o.type)).toEqual(['plan_apply']);
    expect(claim(t.db, { ...lease, limit: 5 }, clock)).toEqual([]);
    expect(resumeType(t.db, 'personnel_sync', 'Анна', clock)).toBe(true);
    expect(claim(t.db, { ...lease, limit: 5 }, clock).map((o) => o.type)).toEqual(['personnel_sync']);
    expect(() => pauseType(t.db, 'bogus', 'Анна', clock)).toThrow(/unknown operation type "bogus"/);
    expect(actions()).toEqual(['queue.pause', 'queue.resume']);
  });

  it('cancel takes pending or failed work out, refuses running work with the reason', () => {
    const a = enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock).operation;
    expect(cancel(t.db, a.id, 'Анна', clock)).toMatchObject({ status: 'cancelled' });
    expect(claim(t.db, lease, clock)).toEqual([]);
    const b = enqueue(t.db, { type: 'plan_apply', data: { planId: 2 } }, clock).operation;
    claim(t.db, lease, clock);
    expect(() => cancel(t.db, b.id, 'Анна', clock)).toThrow(`cannot cancel operation ${b.id} (plan_apply): it is processing on n1; only pending or failed operations can be cancelled`);
    expect(() => cancel(t.db, 'no-such-id', 'Анна', clock)).toThrow('no operation with id no-such-id');
    const c = failed('fact_worktime_upload');
    expect(cancel(t.db, c, 'Анна', clock).status).toBe('cancelled');
    expect(actions()).toEqual(['queue.cancel', 'queue.cancel']);
  });

  it('retryNow runs failed work now with retries reset', () => {
    const id = failed('timesheet_request', '503');
    clock.advance(1000);
    const op = retryNow(t.db, id, 'Анна', clock);
    expect(op).toMatchObject({ status: 'pending', retryCount: 0, errorMessage: null, runAt: '2026-03-02T10:00:01.000Z', completedAt: null });
    expect(claim(t.db, lease, clock)).toHaveLength(1);
    expect(() => retryNow(t.db, id, 'Анна', clock)).toThrow(/it is processing/);
    const audit = listAudit(t.db, {}).entries[0]!;
    expect(audit).toMatchObject({ action: 'queue.retry', actor: 'Анна', entityId: id, before: { status: 'failed', error: 'gave up after 1 attempt: 503' } });
  });

  it('retryNow refuses when another live operation holds the idempotency key', () => {
    const a = enqueue(t.db, { type: 'timesheet_request', data: timesheetData, idempotencyKey: 'k', maxRetries: 0 }, clock).operation;
    claim(t.db, lease, clock);
    fail(t.db, a.id, 'n1', { kind: 'permanent', message: 'x' }, {}, clock);
    enqueue(t.db, { type: 'timesheet_request', data: timesheetData, idempotencyKey: 'k' }, clock);
    expect(() => retryNow(t.db, a.id, 'Анна', clock)).toThrow(/same idempotency key/);
    expect(getOperation(t.db, a.id)!.status).toBe('failed');
  });

  it('retryFailed puts back every failed operation of the filter and reports the count', () => {
    const s1 = failed('timesheet_request');
    const s2 = failed('timesheet_request');
    const f1 = failed('fact_worktime_upload');
    expect(countFailed(t.db, { type: 'timesheet_request' })).toBe(2);
    expect(retryFailed(t.db, { type: 'timesheet_request' }, 'Анна', clock)).toBe(2);
    expect([s1, s2, f1].map((id) => getOperation(t.db, id)!.status)).toEqual(['pending', 'pending', 'failed']);
    expect(retryFailed(t.db, { type: 'timesheet_request' }, 'Анна', clock)).toBe(0);
    expect(listAudit(t.db, {}).entries[0]).toMatchObject({ action: 'queue.retry_failed', details: { count: 2 } });
  });

  it('retryFailed never re-sends an operation of unknown outcome; only a retry of that one operation does', () => {
    const s1 = failed('timesheet_request');
    const { operation: lost } = enqueue(t.db, { type: 'fact_worktime_upload', data: factData, maxRetries: 0 }, clock);
    claim(t.db, lease, clock);
    fail(t.db, lost.id, 'n1', { kind: 'unknown_outcome', message: 'outcome unknown: check 1C before retrying' }, {}, clock);
    expect(getOperation(t.db, lost.id)).toMatchObject({ status: 'failed', errorKind: 'unknown_outcome' });
    expect(countFailed(t.db, {})).toBe(1);
    expect(retryFailed(t.db, {}, 'Анна', clock)).toBe(1);
    expect([s1, lost.id].map((id) => getOperation(t.db, id)!.status)).toEqual(['pending', 'failed']);
    expect(retryNow(t.db, lost.id, 'Анна', clock).status).toBe('pending');
  });

  it('changePriority moves pending work in line', () => {
    const a = enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock).operation;
    const b = enqueue(t.db, { type: 'plan_apply', data: { planId: 2 } }, clock).operation;
    expect(changePriority(t.db, b.id, 1, 'Анна', clock).priority).toBe(1);
    expect(claim(t.db, lease, clock)[0]!.id).toBe(b.id);
    expect(() => changePriority(t.db, a.id, 6, 'Анна', clock)).toThrow('priority must be a whole number from 1 (highest) to 5 (lowest), got 6');
    expect(() => changePriority(t.db, b.id, 2, 'Анна', clock)).toThrow(/only pending operations can be reprioritised/);
    expect(listAudit(t.db, {}).entries[0]).toMatchObject({ action: 'queue.priority', before: { priority: 3 }, after: { priority: 1 } });
  });

  it('enqueue by a person is audited and keeps the chain valid', () => {
    const r = enqueueAsOperator(t.db, { type: 'personnel_sync', data: syncData }, 'Анна', clock);
    expect(r.operation.createdBy).toBe('Анна');
    expect(listAudit(t.db, {}).entries[0]).toMatchObject({ action: 'queue.enqueue', actor: 'Анна', entityId: r.operation.id });
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });
});
