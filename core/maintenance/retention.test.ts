import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit, verifyAuditChain } from '../audit/index.ts';
import type { Db } from '../db/open.ts';
import { cancel } from '../queue/operator.ts';
import { getOperation, listOperations } from '../queue/queries.ts';
import { PersonnelSyncScheduler } from '../queue/scheduler.ts';
import { tempDb, syncData, type TempDb, factData } from '../queue/testing/temp-db.ts';
import { claim, complete, enqueue, fail } from '../queue/transitions.ts';
import { SyncService } from '../sync/service.ts';
import { rawAgent } from '../sync/testing/fixtures.ts';
import { MemorySource } from '../sync/testing/memory-source.ts';
import { ManualClock } from '../time/clock.ts';
import { pruneOld, type PruneResult } from './retention.ts';

const DAY = 86_400_000;
const T0 = '2026-01-10T09:00:00.000Z';
/** 100 days after T0: past 90 days for plans and 30 for operations. */
const NOW = Date.parse(T0) + 100 * DAY;
const SETTINGS = { planDays: 90, operationDays: 30, agentStateDays: 30, callHistoryDays: 7 };
const NODE = 'test-node';

interface Fixture {
  plans: Record<'applied' | 'rejected' | 'expired' | 'failedDone' | 'failedLeft' | 'applying' | 'awaiting' | 'approved' | 'recentRejected', number>;
  ops: Record<'completed' | 'cancelled' | 'failed' | 'failedAfterRetry' | 'unknownOutcome' | 'pending' | 'processing' | 'recentCompleted' | 'recentFailed', string>;
}

const itemCount = (db: Db, planId: number): number => db.prepare('SELECT count(*) FROM sync_plan_items WHERE plan_id = ?').pluck().get(planId) as number;
const attemptRows = (db: Db, opId: string): number => db.prepare('SELECT count(*) FROM operation_attempts WHERE operation_id = ?').pluck().get(opId) as number;

/**
 * Plans in every state, made through the sync service at T0 (the non-final
 * ones of them put in their state as a crash or a pending decision leaves it),
 * and queue operations in every status at T0, plus recent ones; the clock then
 * stands at NOW.
 */
async function build(db: Db, clock: ManualClock): Promise<Fixture> {
  clock.set(T0);
  const source = new MemorySource([rawAgent(1), rawAgent(2), rawAgent(3)]);
  const svc = new SyncService({ db, source, clock });
  const plan = async (): Promise<number> => (await svc.createPlan({ from: '2026-01-01', to: '2026-01-31', createdBy: 'tester' })).id;

  const applied = await plan();
  svc.approve(applied, { by: 'Анна' });
  await svc.apply(applied);
  source.agents = [rawAgent(1), rawAgent(2, { rate: 0.5 }), rawAgent(4)];
  const rejected = await plan();
  svc.reject(rejected, { by: 'Анна', reason: 'wrong period' });
  const expired = await plan();
  clock.advance(25 * 3_600_000);
  svc.listPlans(); // expires it
  const [failedDone, failedLeft, applying, awaiting, approved] = [await plan(), await plan(), await plan(), await plan(), await plan()];
  // As an interrupted apply, a failure and undecided plans leave them, still at T0 + 25 h:
  const at = new Date(clock.now()).toISOString();
  // applied: how many of the plan's applicable items were applied (-1: all of them)
  const set = db.prepare('UPDATE sync_plans SET status = ?, applied_items = iif(? < 0, applicable_items, ?), expires_at = ?, updated_at = ? WHERE id = ?');
  const put = (status: string, applied: number, expires: string, id: number) => set.run(status, applied, applied, expires, at, id);
  put('failed', -1, at, failedDone); // every applicable item applied, then the completion failed
  put('failed', 1, at, failedLeft);
  put('applying', 1, at, applying);
  put('awaiting_approval', 0, '2099-01-01T00:00:00.000Z', awaiting);
  put('approved', 0, '2099-01-01T00:00:00.000Z', approved);
  expect(db.prepare('SELECT applicable_items FROM sync_plans WHERE id = ?').pluck().get(failedLeft)).toBeGreaterThan(1);

  const op = (): string => enqueue(db, { type: 'personnel_sync', data: syncData }, clock).operation.id;
  const claimOne = (id: string): void => {
    expect(claim(db, { node: NODE, leaseMs: 60_000, id }, clock)).toHaveLength(1);
  };
  const completed = op();
  claimOne(completed);
  complete(db, completed, NODE, { ok: true }, clock);
  const cancelled = op();
  cancel(db, cancelled, 'tester', clock);
  const failed = op();
  claimOne(failed);
  fail(db, failed, NODE, { kind: 'permanent', message: '1C refused' }, {}, clock);
  const failedAfterRetry = op();
  claimOne(failedAfterRetry);
  fail(db, failedAfterRetry, NODE, { kind: 'retryable', message: 'timeout' }, { schedule: { delaysMs: [0], jitter: 0 } }, clock);
  claimOne(failedAfterRetry);
  fail(db, failedAfterRetry, NODE, { kind: 'permanent', message: '1C refused' }, {}, clock);
  // An upload that may or may not have reached 1C: kept however old, it is the record that something must be checked.
  const unknownOutcome = enqueue(db, { type: 'fact_worktime_upload', data: factData }, clock).operation.id;
  claimOne(unknownOutcome);
  fail(db, unknownOutcome, NODE, { kind: 'unknown_outcome', message: 'outcome unknown: check 1C before retrying' }, {}, clock);
  const pending = op();
  const processing = op();
  claimOne(processing);

  clock.set(NOW - 90 * DAY + 1); // a plan changed now is recent at NOW
  const recentRejected = await plan();
  svc.reject(recentRejected, { by: 'Анна', reason: 'not now' });
  clock.set(NOW - 29 * DAY);
  const recentCompleted = op();
  claimOne(recentCompleted);
  complete(db, recentCompleted, NODE, null, clock);
  const recentFailed = op();
  claimOne(recentFailed);
  fail(db, recentFailed, NODE, { kind: 'permanent', message: '1C refused' }, {}, clock);

  clock.set(NOW);
  for (const id of [applied, rejected, expired, failedDone, failedLeft, applying, awaiting, approved, recentRejected]) expect(itemCount(db, id)).toBeGreaterThan(0);
  expect(attemptRows(db, failedAfterRetry)).toBe(2);
  return {
    plans: { applied, rejected, expired, failedDone, failedLeft, applying, awaiting, approved, recentRejected },
    ops: { completed, cancelled, failed, failedAfterRetry, unknownOutcome, pending, processing, recentCompleted, recentFailed },
  };
}

/** What a prune leaves: per plan its item count and mark, the operations and attempt rows left. */
function state(db: Db) {
  return {
    plans: db.prepare('SELECT p.id, p.status, p.items_pruned_at, (SELECT count(*) FROM sync_plan_items i WHERE i.plan_id = p.id) AS items FROM sync_plans p ORDER BY p.id').all(),
    operations: db.prepare('SELECT id, status FROM operations ORDER BY id').all(),
    attempts: db.prepare('SELECT operation_id, attempt_no FROM operation_attempts ORDER BY operation_id, attempt_no').all(),
  };
}

const PRUNABLE = ['applied', 'rejected', 'expired', 'failedDone'] as const;
const KEPT = ['failedLeft', 'applying', 'awaiting', 'approved', 'recentRejected'] as const;

describe('pruneOld', () => {
  let t: TempDb;
  let clock: ManualClock;
  let f: Fixture;
  let itemsBefore: Record<string, number>;
  beforeEach(async () => {
    t = tempDb();
    clock = new ManualClock(T0);
    f = await build(t.db, clock);
    itemsBefore = Object.fromEntries(Object.entries(f.plans).map(([k, id]) => [k, itemCount(t.db, id)]));
  });
  afterEach(() => t.cleanup());

  it('removes the items of old final plans and keeps their summaries; recent and undecided or resumable plans keep theirs', async () => {
    const svc = new SyncService({ db: t.db, source: new MemorySource(), clock });
    const appliedBefore = svc.getPlan(f.plans.applied);
    const r = await pruneOld(t.db, clock, SETTINGS);

    expect(r.plansPruned).toBe(4);
    expect(r.planIds.sort((a, b) => a - b)).toEqual(PRUNABLE.map((k) => f.plans[k]).sort((a, b) => a - b));
    expect(r.itemsDeleted).toBe(PRUNABLE.reduce((n, k) => n + itemsBefore[k]!, 0));
    expect(r.before).toEqual({
      plans: new Date(NOW - 90 * DAY).toISOString(),
      operations: new Date(NOW - 30 * DAY).toISOString(),
      agentStates: new Date(NOW - 30 * DAY).toISOString(),
      callHistory: new Date(NOW - 7 * DAY).toISOString(),
    });
    expect(r.aborted).toBe(false);
    const prunedAt = new Date(NOW).toISOString();
    for (const k of PRUNABLE) {
      expect(itemCount(t.db, f.plans[k])).toBe(0);
      const p = svc.getPlan(f.plans[k]);
      expect(p.itemsPrunedAt).toBe(prunedAt);
      expect(svc.listItems(p.id, { action: ['create', 'update', 'deactivate', 'unchanged', 'invalid'] })).toEqual({ total: 0, items: [], facets: { departments: [], areas: [] } });
    }
    // The summary, decision and apply record stay as they were.
    expect(svc.getPlan(f.plans.applied)).toEqual({ ...appliedBefore, itemsPrunedAt: prunedAt });
    expect(appliedBefore).toMatchObject({ status: 'applied', approvedBy: 'Анна', appliedItems: 6, counts: { create: 6 } }); // 3 employees, 2 departments, 1 position
    for (const k of KEPT) {
      expect(itemCount(t.db, f.plans[k])).toBe(itemsBefore[k]);
      expect(svc.getPlan(f.plans[k]).itemsPrunedAt).toBeNull();
      expect(svc.listItems(f.plans[k]).total).toBeGreaterThan(0);
    }
  });

  it('deletes ended operations past retention with their attempts; live and recent ones stay', async () => {
    const r = await pruneOld(t.db, clock, SETTINGS);
    expect(r.operationsDeleted).toBe(4);
    // completed 1, cancelled 0, failed 1, failed after a retry 2
    expect(r.attemptsDeleted).toBe(4);
    for (const id of [f.ops.completed, f.ops.cancelled, f.ops.failed, f.ops.failedAfterRetry]) {
      expect(getOperation(t.db, id)).toBeNull();
      expect(attemptRows(t.db, id)).toBe(0);
    }
    expect(getOperation(t.db, f.ops.pending)?.status).toBe('pending');
    expect(getOperation(t.db, f.ops.processing)?.status).toBe('processing');
    expect(getOperation(t.db, f.ops.unknownOutcome)).toMatchObject({ status: 'failed', errorKind: 'unknown_outcome' });
    expect(attemptRows(t.db, f.ops.unknownOutcome)).toBe(1);
    expect(getOperation(t.db, f.ops.recentCompleted)?.status).toBe('completed');
    expect(getOperation(t.db, f.ops.recentFailed)?.status).toBe('failed');
    expect(attemptRows(t.db, f.ops.recentCompleted)).toBe(1);
    expect(attemptRows(t.db, f.ops.recentFailed)).toBe(1);
    expect(t.db.prepare('SELECT count(*) FROM operation_attempts').pluck().get()).toBe(3);
  });

  it('audits each run with its counts, never prunes the audit log, and a second run deletes nothing more', async () => {
    const auditRows = t.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    const first = await pruneOld(t.db, clock, SETTINGS, { actor: 'Иванова' });
    const after = state(t.db);
    const second = await pruneOld(t.db, clock, SETTINGS);
    expect(second).toMatchObject({ plansPruned: 0, planIds: [], itemsDeleted: 0, operationsDeleted: 0, attemptsDeleted: 0 });
    expect(state(t.db)).toEqual(after);

    expect(t.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(auditRows + 2);
    const entries = listAudit(t.db, { entityType: 'maintenance' }).entries;
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['maintenance.pruned', 'system'],
      ['maintenance.pruned', 'Иванова'],
    ]);
    expect(entries[1]!.details).toMatchObject({
      plansPruned: 4,
      itemsDeleted: first.itemsDeleted,
      operationsDeleted: 4,
      attemptsDeleted: 4,
      before: first.before,
      settings: SETTINGS,
    });
    expect(entries[0]!.details).toMatchObject({ plansPruned: 0, itemsDeleted: 0, operationsDeleted: 0 });
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });

  it('gives the same result in small batches', async () => {
    const big = await pruneOld(t.db, clock, SETTINGS);
    const other = tempDb();
    try {
      const clock2 = new ManualClock(T0);
      const f2 = await build(other.db, clock2);
      const small = await pruneOld(other.db, clock2, SETTINGS, { batchRows: 2 });
      expect({ ...small, planIds: small.planIds.length }).toEqual({ ...big, planIds: big.planIds.length });
      // Same plans pruned, same operations kept (ids differ between the two databases).
      const shape = (db: Db, fx: Fixture) => ({
        plans: Object.fromEntries(Object.entries(fx.plans).map(([k, id]) => [k, itemCount(db, id)])),
        ops: Object.fromEntries(Object.entries(fx.ops).map(([k, id]) => [k, getOperation(db, id)?.status ?? 'deleted'])),
      });
      expect(shape(other.db, f2)).toEqual(shape(t.db, f));
    } finally {
      other.cleanup();
    }
  });

  it('a run stopped between batches leaves its plans reading as pruned, and the next run finishes them', async () => {
    const stop = new AbortController();
    stop.abort();
    const stopped = await pruneOld(t.db, clock, SETTINGS, { signal: stop.signal });
    expect(stopped).toMatchObject({ aborted: true, plansPruned: 4, itemsDeleted: 0, operationsDeleted: 0 });
    const svc = new SyncService({ db: t.db, source: new MemorySource(), clock });
    expect(itemCount(t.db, f.plans.applied)).toBe(itemsBefore.applied);
    expect(svc.listItems(f.plans.applied).total).toBe(0);
    expect(listAudit(t.db, { entityType: 'maintenance' }).entries[0]!.details).toMatchObject({ aborted: true, plansPruned: 4 });

    const rest = await pruneOld(t.db, clock, SETTINGS);
    expect(rest).toMatchObject({ aborted: false, plansPruned: 0, operationsDeleted: 4 });
    expect(rest.itemsDeleted).toBe(PRUNABLE.reduce((n, k) => n + itemsBefore[k]!, 0));
    for (const k of PRUNABLE) expect(itemCount(t.db, f.plans[k])).toBe(0);
  });

  it('two connections pruning at once delete everything once between them', async () => {
    const expected = PRUNABLE.reduce((n, k) => n + itemsBefore[k]!, 0);
    const runs: PruneResult[] = await Promise.all([pruneOld(t.db, clock, SETTINGS, { batchRows: 1 }), pruneOld(t.reopen(), clock, SETTINGS, { batchRows: 1 })]);
    const sum = (k: 'plansPruned' | 'itemsDeleted' | 'operationsDeleted' | 'attemptsDeleted') => runs[0]![k] + runs[1]![k];
    expect([sum('plansPruned'), sum('itemsDeleted'), sum('operationsDeleted'), sum('attemptsDeleted')]).toEqual([4, expected, 4, 4]);
    for (const k of PRUNABLE) expect(itemCount(t.db, f.plans[k])).toBe(0);
    for (const k of KEPT) expect(itemCount(t.db, f.plans[k])).toBe(itemsBefore[k]);
  });

  it('refuses settings out of range with the reason', async () => {
    await expect(pruneOld(t.db, clock, { planDays: 0, operationDays: 30, agentStateDays: 30, callHistoryDays: 7 })).rejects.toThrow(/invalid retention settings: planDays: .*>=1/);
    await expect(pruneOld(t.db, clock, SETTINGS, { batchRows: 0 })).rejects.toThrow(/batchRows must be an integer from 1 to 100000, got 0/);
    expect(itemCount(t.db, f.plans.applied)).toBe(itemsBefore.applied);
  });
});

describe('pruneOld and the personnel sync schedule', () => {
  let t: TempDb;
  afterEach(() => t.cleanup());

  it('a slot already run is not run again once its operation was pruned', async () => {
    t = tempDb();
    const clock = new ManualClock('2026-01-15T09:00:00Z');
    const scheduler = new PersonnelSyncScheduler({ db: t.db, clock });
    expect(scheduler.tick()).toBeNull(); // baseline
    clock.set('2026-01-30T22:30:00Z'); // the January slot (last Saturday, 01:30 Moscow)
    const run = scheduler.tick()!.operation;
    expect(claim(t.db, { node: NODE, leaseMs: 60_000, id: run.id }, clock)).toHaveLength(1);
    complete(t.db, run.id, NODE, { planId: 1 }, clock);

    clock.set('2026-02-02T09:00:00Z'); // the slot is the latest one still; its operation is past a 1-day retention
    const r = await pruneOld(t.db, clock, { planDays: 90, operationDays: 1, agentStateDays: 30, callHistoryDays: 7 });
    expect(r.operationsDeleted).toBe(1);
    expect(listOperations(t.db, {}).total).toBe(0);

    expect(scheduler.tick()).toBeNull();
    expect(new PersonnelSyncScheduler({ db: t.db, clock }).tick()).toBeNull(); // a restarted host neither
    expect(listOperations(t.db, {}).total).toBe(0);
    // and the next slot still runs
    clock.set('2026-02-27T22:30:00Z');
    expect(scheduler.tick()?.created).toBe(true);
  });
});

describe('pruneOld and the agent state history', () => {
  let t: TempDb;
  afterEach(() => t.cleanup());

  it('deletes history recorded before retention.agentStateDays, oldest first, in batches, and keeps current states', async () => {
    t = tempDb();
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const insert = t.db.prepare('INSERT INTO mce_agent_history (agent_id, state, reason, since, seq, recorded_at) VALUES (?, ?, NULL, ?, NULL, ?)');
    const start = Date.parse('2026-01-01T00:00:00Z');
    // 60 days, 7 rows a day, appended in time order.
    for (let d = 0; d < 60; d++) for (let i = 0; i < 7; i++) insert.run(`a${i}`, d % 2 ? 'talking' : 'available', start + d * DAY + i, start + d * DAY + i);
    t.db.prepare("INSERT INTO mce_agents (agent_id, login, login_key, name, state, since, updated_at) VALUES ('a1', 'A1', 'a1', 'A', 'talking', 1, 1)").run();
    const cutoff = clock.now() - 30 * DAY;
    const older = t.db.prepare('SELECT count(*) FROM mce_agent_history WHERE recorded_at < ?').pluck().get(cutoff) as number;
    expect(older).toBeGreaterThan(0);
    const r = await pruneOld(t.db, clock, { planDays: 90, operationDays: 30, agentStateDays: 30, callHistoryDays: 7 }, { batchRows: 10 });
    expect(r.agentStatesDeleted).toBe(older);
    expect(r.before.agentStates).toBe(new Date(cutoff).toISOString());
    expect(t.db.prepare('SELECT count(*) FROM mce_agent_history WHERE recorded_at < ?').pluck().get(cutoff)).toBe(0);
    expect(t.db.prepare('SELECT count(*) FROM mce_agent_history').pluck().get()).toBe(60 * 7 - older);
    expect(t.db.prepare('SELECT count(*) FROM mce_agents').pluck().get()).toBe(1);
    expect(listAudit(t.db, { action: 'maintenance.pruned' }).entries[0]?.details).toMatchObject({ agentStatesDeleted: older });
    // Nothing is left to prune: a second run deletes nothing.
    expect((await pruneOld(t.db, clock, { planDays: 90, operationDays: 30, agentStateDays: 30, callHistoryDays: 7 })).agentStatesDeleted).toBe(0);
  });
});

describe('pruneOld and the call history', () => {
  let t: TempDb;
  afterEach(() => t.cleanup());

  it('deletes minutes recorded before health.callHistoryDays, in batches, and keeps the recent ones', async () => {
    t = tempDb();
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const insert = t.db.prepare("INSERT INTO call_minutes (minute, system, method, calls, errors, total_ms, max_ms, latency) VALUES (?, 'onec', ?, 1, 0, 10, 10, '{}')");
    // Every 30 minutes for 10 days, two methods.
    const start = clock.now() - 10 * DAY;
    for (let m = start; m < clock.now(); m += 30 * 60_000) for (const method of ['GET /agents', 'POST /sendSchedule']) insert.run(m, method);
    const cutoff = clock.now() - 7 * DAY;
    const older = t.db.prepare('SELECT count(*) FROM call_minutes WHERE minute < ?').pluck().get(cutoff) as number;
    const newer = t.db.prepare('SELECT count(*) FROM call_minutes WHERE minute >= ?').pluck().get(cutoff) as number;
    expect(older).toBe(3 * 48 * 2);
    const r = await pruneOld(t.db, clock, SETTINGS, { batchRows: 25 });
    expect(r.callMinutesDeleted).toBe(older);
    expect(r.before.callHistory).toBe(new Date(cutoff).toISOString());
    expect(t.db.prepare('SELECT count(*) FROM call_minutes WHERE minute < ?').pluck().get(cutoff)).toBe(0);
    expect(t.db.prepare('SELECT count(*) FROM call_minutes').pluck().get()).toBe(newer);
    expect(listAudit(t.db, { action: 'maintenance.pruned' }).entries[0]?.details).toMatchObject({ callMinutesDeleted: older, settings: { callHistoryDays: 7 } });
    // A shorter setting takes more at the next run.
    expect((await pruneOld(t.db, clock, { ...SETTINGS, callHistoryDays: 1 })).callMinutesDeleted).toBe(6 * 48 * 2);
  });
});
