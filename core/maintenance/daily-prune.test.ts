import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/index.ts';
import { tempDb, syncData, type TempDb } from '../queue/testing/temp-db.ts';
import { cancel } from '../queue/operator.ts';
import { enqueue } from '../queue/transitions.ts';
import { createGateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';
import { DailyPrune } from './daily-prune.ts';
import type { PruneResult } from './retention.ts';

const DAY = 86_400_000;

describe('DailyPrune', () => {
  let t: TempDb;
  let clock: ManualClock;
  beforeEach(() => {
    t = tempDb();
    clock = new ManualClock('2026-01-10T09:00:00Z');
    // one cancelled operation, 40 days old at the time the prune runs
    cancel(t.db, enqueue(t.db, { type: 'personnel_sync', data: syncData }, clock).operation.id, 'tester', clock);
    clock.advance(40 * DAY);
  });
  afterEach(() => t.cleanup());

  it('prunes after its first delay with the settings read at that time, as the system', async () => {
    let planDays = 365;
    let pruned!: (r: PruneResult) => void;
    const done = new Promise<PruneResult>((resolve) => (pruned = resolve));
    const d = new DailyPrune({ db: t.db, clock, settings: () => ({ planDays, operationDays: 30, agentStateDays: 30, callHistoryDays: 7 }), firstDelayMs: 0, onPruned: (r) => pruned(r) });
    d.start();
    planDays = 10; // changed after start: the run reads it
    const r = await done;
    expect(r).toMatchObject({ operationsDeleted: 1, aborted: false });
    expect(r.before.plans).toBe(new Date(clock.now() - 10 * DAY).toISOString());
    await d.stop();
    expect(listAudit(t.db, { entityType: 'maintenance' }).entries.map((e) => e.actor)).toEqual(['system']);
  });

  it('stopped and started again while a run is under way, it keeps one timer, and stop() then ends it for good', async () => {
    let runs = 0;
    let stopping: Promise<void> | null = null;
    let firstRunSeen!: () => void;
    const firstRun = new Promise<void>((r) => (firstRunSeen = r));
    const d: DailyPrune = new DailyPrune({
      db: t.db,
      clock,
      settings: () => {
        runs++;
        if (runs === 1) {
          // A host restarting its engine while the first run is under way.
          stopping = d.stop();
          d.start();
          firstRunSeen();
        }
        return { planDays: 365, operationDays: 30, agentStateDays: 30, callHistoryDays: 7 };
      },
      firstDelayMs: 0,
      intervalMs: 10,
    });
    d.start();
    await firstRun;
    await stopping;
    // Let the restarted timer run a few times, then stop: nothing may run after that.
    while (runs < 4) await new Promise((r) => setTimeout(r, 5));
    await d.stop();
    const atStop = runs;
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBe(atStop);
    expect(d.started).toBe(false);
  });

  it('reports a failed run through onError and tries again at the next interval instead of stopping', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    let pruned!: (r: PruneResult) => void;
    const done = new Promise<PruneResult>((resolve) => (pruned = resolve));
    const d = new DailyPrune({
      db: t.db,
      clock,
      settings: () => {
        if (++calls === 1) throw new Error('stored configuration is invalid');
        return { planDays: 90, operationDays: 30, agentStateDays: 30, callHistoryDays: 7 };
      },
      firstDelayMs: 0,
      intervalMs: 1,
      onError: (e) => errors.push(e),
      onPruned: (r) => pruned(r),
    });
    d.start();
    const r = await done;
    await d.stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(['stored configuration is invalid']);
    expect(r.operationsDeleted).toBe(1);
    expect(d.started).toBe(false);
  });
});

describe('the gateway host', () => {
  it('starts the daily prune with the queue and stops it on close', async () => {
    const t = tempDb();
    try {
      const gw = await createGateway({ dataDir: t.dir, runQueue: true, actor: 'tester' });
      expect(gw.queue.maintenance?.started).toBe(true);
      await gw.close();
      expect(gw.queue.maintenance?.started).toBe(false);
      const cli = await createGateway({ dataDir: t.dir, actor: 'tester' });
      // a command that does not run the queue does not prune behind the operator's back either
      expect(cli.queue.maintenance?.started).toBe(false);
      await cli.close();
    } finally {
      t.cleanup();
    }
  });
});
