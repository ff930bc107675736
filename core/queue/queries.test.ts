import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../time/clock.ts';
import { claim, complete, enqueue, fail } from './transitions.ts';
import { countByStatus, getOperationDetail, listOperations, queueHealth } from './queries.ts';
import { pauseType } from './operator.ts';
import { factData, syncData, tempDb, timesheetData, type TempDb } from './testing/temp-db.ts';

let t: TempDb;
let clock: ManualClock;
beforeEach(() => {
  t = tempDb();
  clock = new ManualClock('2026-03-02T10:00:00Z');
});
afterEach(() => t.cleanup());

function seed(): { sync: string; fact: string; sheet: string; apply: string } {
  const sync = enqueue(t.db, { type: 'personnel_sync', data: syncData, priority: 1 }, clock).operation.id;
  clock.advance(60_000);
  const fact = enqueue(t.db, { type: 'fact_worktime_upload', data: factData, priority: 2 }, clock).operation.id;
  clock.advance(60_000);
  const sheet = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation.id;
  clock.advance(60_000);
  const apply = enqueue(t.db, { type: 'plan_apply', data: { planId: 7 } }, clock).operation.id;
  // sync completes, fact fails permanently with a Cyrillic message
  claim(t.db, { node: 'n1', leaseMs: 60_000, limit: 2 }, clock);
  complete(t.db, sync, 'n1', { planId: 12 }, clock);
  fail(t.db, fact, 'n1', { kind: 'permanent', message: 'Период закрыт: ДОКУМЕНТ не создан', httpStatus: 500 }, {}, clock);
  return { sync, fact, sheet, apply };
}

describe('queue queries', () => {
  it('lists newest first with filters by status, type, priority and time range', () => {
    const ids = seed();
    expect(listOperations(t.db).items.map((o) => o.id)).toEqual([ids.apply, ids.sheet, ids.fact, ids.sync]);
    expect(listOperations(t.db, { order: 'oldest', limit: 2 })).toMatchObject({ total: 4, items: [{ id: ids.sync }, { id: ids.fact }] });
    expect(listOperations(t.db, { status: 'pending' }).items.map((o) => o.id)).toEqual([ids.apply, ids.sheet]);
    expect(listOperations(t.db, { status: ['failed', 'completed'], priority: 2 }).items.map((o) => o.id)).toEqual([ids.fact]);
    expect(listOperations(t.db, { type: ['plan_apply', 'personnel_sync'] }).total).toBe(2);
    expect(listOperations(t.db, { createdFrom: '2026-03-02T10:01:00Z', createdTo: '2026-03-02T10:03:00Z' }).items.map((o) => o.id)).toEqual([ids.sheet, ids.fact]);
    expect(listOperations(t.db, { offset: 3 }).items.map((o) => o.id)).toEqual([ids.sync]);
  });

  it('searches payloads, results and errors case-insensitively, Cyrillic included', () => {
    const ids = seed();
    expect(listOperations(t.db, { search: 'период закрыт' }).items.map((o) => o.id)).toEqual([ids.fact]);
    expect(listOperations(t.db, { search: 'ИВАНОВ' }).items.map((o) => o.id)).toEqual([ids.fact]);
    expect(listOperations(t.db, { search: '"planId":12' }).items.map((o) => o.id)).toEqual([ids.sync]);
    expect(listOperations(t.db, { search: '100%' }).total).toBe(0); // wildcards are literal
    expect(listOperations(t.db, { search: ids.apply.slice(-12) }).items.map((o) => o.id)).toEqual([ids.apply]);
  });

  it('counts per status and reports health', () => {
    seed();
    expect(countByStatus(t.db)).toEqual({ pending: 2, processing: 0, completed: 1, failed: 1, cancelled: 0 });
    expect(countByStatus(t.db, { type: 'plan_apply' })).toMatchObject({ pending: 1, completed: 0 });
    enqueue(t.db, { type: 'plan_apply', data: { planId: 9 }, runAt: clock.now() + 3_600_000 }, clock);
    pauseType(t.db, 'plan_apply', 'Анна', clock);
    clock.advance(30_000);
    const h = queueHealth(t.db, clock);
    expect(h).toMatchObject({ pending: 2, scheduled: 1, processing: 0, failed: 1, expiredLeases: 0, pausedTypes: [{ type: 'plan_apply' }] });
    // the oldest due pending one is the timesheet request, enqueued 2 min after the start; now is start + 3.5 min
    expect(h.oldestPendingAgeMs).toBe(90_000);
  });

  it('gets an operation with its attempts in order', () => {
    const ids = seed();
    const d = getOperationDetail(t.db, ids.fact)!;
    expect(d.operation).toMatchObject({ status: 'failed', errorMessage: 'Период закрыт: ДОКУМЕНТ не создан' });
    expect(d.attempts).toMatchObject([{ attemptNo: 1, outcome: 'permanent', httpStatus: 500, node: 'n1' }]);
    expect(getOperationDetail(t.db, 'missing')).toBeNull();
  });
});
