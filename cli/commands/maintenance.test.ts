import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../../core/config/data-dir.ts';
import { openDatabase } from '../../core/db/open.ts';
import type { PruneResult } from '../../core/maintenance/retention.ts';
import { cancel } from '../../core/queue/operator.ts';
import { enqueue } from '../../core/queue/transitions.ts';
import { SyncService } from '../../core/sync/service.ts';
import { rawAgent } from '../../core/sync/testing/fixtures.ts';
import { MemorySource } from '../../core/sync/testing/memory-source.ts';
import type { PlanItem, PlanSummary } from '../../core/contract/index.ts';
import { ManualClock } from '../../core/time/clock.ts';
import { gatewayctl, gatewayctlJson as json } from '../testing/gatewayctl.ts';

const DAY = 86_400_000;
const NOTICE = /Items of this plan were removed on \d{4}-\d\d-\d\dT[\d:.]+Z by the retention policy \(retention\.planDays\); its summary and the audit log remain\./;

describe('gatewayctl maintenance prune', () => {
  let dir: string;
  let oldPlan: number;
  let recentPlan: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewayctl-maintenance-'));
    // Made in this process with clocks in the past; the CLI then runs on the real clock.
    const db = openDatabase(databaseFile(dir));
    try {
      const old = new ManualClock(Date.now() - 200 * DAY);
      const svc = new SyncService({ db, source: new MemorySource([rawAgent(1), rawAgent(2)]), clock: old });
      oldPlan = (await svc.createPlan({ from: '2026-01-01', to: '2026-01-31', createdBy: 'Иванова' })).id;
      svc.approve(oldPlan, { by: 'Иванова' });
      await svc.apply(oldPlan);
      cancel(db, enqueue(db, { type: 'personnel_sync', data: { from: '2026-01-01', to: '2026-01-31' } }, old).operation.id, 'Иванова', old);
      const recent = new ManualClock(Date.now() - 10 * DAY);
      const svc2 = new SyncService({ db, source: new MemorySource([rawAgent(1), rawAgent(3)]), clock: recent });
      recentPlan = (await svc2.createPlan({ from: '2026-02-01', to: '2026-02-28', createdBy: 'Иванова' })).id;
      svc2.reject(recentPlan, { by: 'Иванова', reason: 'test' });
    } finally {
      db.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports what it deleted, then a pruned plan says why it has no items', { timeout: 60_000 }, async () => {
    const before = await json<{ plan: PlanSummary; items: PlanItem[]; total: number }>(dir, ['sync', 'show', String(oldPlan), '--all']);
    expect(before.total).toBeGreaterThan(0);

    const r = await json<PruneResult>(dir, ['maintenance', 'prune']);
    expect(r).toMatchObject({ plansPruned: 1, planIds: [oldPlan], itemsDeleted: before.total, operationsDeleted: 1, attemptsDeleted: 0, aborted: false });

    const after = await json<{ plan: PlanSummary; items: PlanItem[]; total: number }>(dir, ['sync', 'show', String(oldPlan), '--all']);
    expect(after).toMatchObject({ items: [], total: 0, plan: { status: 'applied', approvedBy: 'Иванова', counts: before.plan.counts, itemsPrunedAt: expect.any(String) } });
    const human = await gatewayctl(dir, ['sync', 'show', String(oldPlan)]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(NOTICE);
    expect(human.stdout).not.toContain('no items match');
    const recent = await json<{ plan: PlanSummary; total: number }>(dir, ['sync', 'show', String(recentPlan), '--all']);
    expect(recent.plan.itemsPrunedAt).toBeNull();
    expect(recent.total).toBeGreaterThan(0);

    const again = await gatewayctl(dir, ['maintenance', 'prune']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('plans: no plan past retention (retention.planDays = 90 days: final plans last changed before ');
    expect(again.stdout).toContain('queue: 0 ended operations deleted with 0 attempts (retention.operationDays = 30 days: last changed before ');
  });
});
