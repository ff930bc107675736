import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.ts';
import { ManualClock } from '../../time/clock.ts';
import { countEmployees } from './test-support.ts';
import { SyncService } from '../../sync/service.ts';
import { rawAgent } from '../../sync/testing/fixtures.ts';
import { MemorySource } from '../../sync/testing/memory-source.ts';
import { QueueProcessor } from '../processor.ts';
import { getOperation } from '../queries.ts';
import { enqueue } from '../transitions.ts';
import { tempDb, type TempDb } from '../testing/temp-db.ts';
import { planApplyHandler, personnelSyncHandler, type PersonnelSyncResult } from './sync-handlers.ts';

let t: TempDb;
let clock: ManualClock;
let source: MemorySource;
let sync: SyncService;
let p: QueueProcessor;
beforeEach(() => {
  t = tempDb();
  clock = new ManualClock('2026-03-15T09:00:00Z');
  source = new MemorySource(Array.from({ length: 30 }, (_, i) => rawAgent(i + 1)));
  sync = new SyncService({ db: t.db, source, clock, settings: { applyBatchSize: 7 } });
  p = new QueueProcessor({ db: t.db, clock, handlers: { personnel_sync: personnelSyncHandler(sync), plan_apply: planApplyHandler(sync) }, pollIntervalMs: 3_600_000, retry: { random: () => 0.5 } });
  p.start();
});
afterEach(async () => {
  await p.stop({ deadlineMs: 0 });
  t.cleanup();
});

describe('sync handlers', () => {
  it('personnel_sync builds a plan that waits for approval; plan_apply applies it', async () => {
    const gen = enqueue(t.db, { type: 'personnel_sync', data: { from: '2026-03-01', to: '2026-03-31' }, createdBy: 'scheduler' }, clock).operation;
    await p.whenIdle();
    expect(source.calls).toEqual([{ from: '2026-03-01', to: '2026-03-31' }]);
    const done = getOperation(t.db, gen.id)!;
    expect(done.status).toBe('completed');
    const r = done.result as PersonnelSyncResult;
    expect(r).toMatchObject({ planStatus: 'awaiting_approval', massDeactivationFlagged: false });
    expect(r.counts.create).toBeGreaterThanOrEqual(30);
    expect(sync.getPlan(r.planId)).toMatchObject({ status: 'awaiting_approval', createdBy: 'scheduler' });
    expect(countEmployees(t.db)).toBe(0); // nothing applied without approval

    sync.approve(r.planId, { by: 'Сидоров' });
    const apply = enqueue(t.db, { type: 'plan_apply', data: { planId: r.planId }, createdBy: 'Сидоров' }, clock).operation;
    await p.whenIdle();
    expect(getOperation(t.db, apply.id)).toMatchObject({ status: 'completed', result: { planId: r.planId, created: r.counts.create, alreadyApplied: false } });
    expect(sync.getPlan(r.planId)).toMatchObject({ status: 'applied' });
    expect(countEmployees(t.db)).toBe(30);
  });

  it('a 1C failure while fetching is retried later; an unapproved plan is refused permanently', async () => {
    let down = true;
    const inner = source.getAgents.bind(source);
    source.getAgents = async (from, to) => {
      if (down) throw new GatewayError('onec_unavailable', '1C answered 503', 'retryable', { status: 503 });
      return inner(from, to);
    };
    const gen = enqueue(t.db, { type: 'personnel_sync', data: { from: '2026-03-01', to: '2026-03-31' } }, clock).operation;
    await p.whenIdle();
    expect(getOperation(t.db, gen.id)).toMatchObject({ status: 'pending', retryCount: 1, errorMessage: '1C answered 503' });
    down = false;
    clock.advance(30_000);
    await p.whenIdle();
    const planId = (getOperation(t.db, gen.id)!.result as PersonnelSyncResult).planId;
    const apply = enqueue(t.db, { type: 'plan_apply', data: { planId } }, clock).operation;
    await p.whenIdle();
    expect(getOperation(t.db, apply.id)).toMatchObject({ status: 'failed', errorKind: 'permanent', retryCount: 0 });
    expect(getOperation(t.db, apply.id)!.errorMessage).toContain('awaiting approval');
  });
});
