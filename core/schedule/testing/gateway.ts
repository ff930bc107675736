/**
 * For schedule and timesheet tests: a gateway on a temporary data directory
 * pointed at a 1C endpoint (the simulator the test started: core code never
 * imports it), its directory loaded by a personnel sync, on a manual clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway } from '../../service.ts';
import { ManualClock } from '../../time/clock.ts';

export interface TestGateway {
  gw: Gateway;
  clock: ManualClock;
  dir: string;
  close(): Promise<void>;
}

export async function testGateway(onec: { url: string }, now: string, opts: { runQueue?: boolean } = {}): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'sched-'));
  const clock = new ManualClock(now);
  const gw = await createGateway({ dataDir: dir, clock, actor: 'Тестов Т.Т.', log: () => undefined, onecOverride: { url: onec.url, username: 'wfm', password: 'wfm' }, runQueue: opts.runQueue });
  return {
    gw,
    clock,
    dir,
    close: async () => {
      await gw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A personnel sync of the period, approved and applied: the directory holds 1C's staff. */
export async function loadDirectory(gw: Gateway, from: string, to: string): Promise<void> {
  const plan = await gw.sync.createPlan({ from, to, createdBy: 'test' });
  gw.sync.approve(plan.id, { by: 'test', confirmMassDeactivation: true });
  await gw.sync.apply(plan.id, { by: 'test' });
}
