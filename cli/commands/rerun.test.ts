/**
 * Re-running commands the way an administrator does after a failure: a sync
 * re-run within the earlier attempt's retry wait says so and offers --now;
 * `queue work --until-idle` (cron) runs what the schedule made due first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../../core/config/data-dir.ts';
import { openDatabase } from '../../core/db/open.ts';
import { LAST_SLOT_KEY } from '../../core/queue/scheduler.ts';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { gatewayctl, gatewayctlJson as json } from '../testing/gatewayctl.ts';

let dir: string;
let sim: OnecSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatewayctl-rerun-'));
  sim = await startOnecSimulator({ employees: 20, seed: 3, today: '2026-11-20' });
  await json(dir, ['config', 'set', 'onec.url', sim.url]);
  await gatewayctl(dir, ['credentials', 'set', 'onec', '--user', 'wfm', '--password-stdin'], 'wfm');
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('re-running commands', () => {
  it('sync plan re-run during the retry wait shows the earlier attempt\'s error as such, and --now retries at once', { timeout: 60_000 }, async () => {
    sim.setFaults({ status500: { message: 'Сеанс 1С завершён', body: 'json' }, times: 1 });
    const first = await gatewayctl(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/Сеанс 1С завершён.*will be retried at/);
    // 1C is fine again, but the operation waits for its retry: a re-run must not pass the old error off as new.
    const again = await gatewayctl(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/this was tried before: operation \S+ failed \(attempt 1 of 4\): .*Сеанс 1С завершён.*That is the earlier attempt's error; its next retry is due at \S+ \(in about \d+ min\)/);
    expect(again.stderr).toMatch(/gatewayctl queue retry \S+", or by running this command again with --now/);
    expect(sim.requests()).toBe(1);
    const now = await json<{ status: string }>(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30', '--now']);
    expect(now.status).toBe('awaiting_approval');
    expect(sim.requests()).toBe(2);
  });

  it('queue work --until-idle enqueues the sync the schedule made due, then runs it', { timeout: 60_000 }, async () => {
    await json(dir, ['schedule', 'set', '--frequency', 'daily', '--time', '00:05', '--zone', 'UTC']);
    // The last run the schedule remembers was three days ago: today's slot is due.
    const db = openDatabase(databaseFile(dir));
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LAST_SLOT_KEY, new Date(Date.now() - 3 * 86_400_000).toISOString(), new Date().toISOString());
    db.close();
    const before = (await json<{ total: number }>(dir, ['sync', 'list'])).total;
    const r = await gatewayctl(dir, ['queue', 'work', '--until-idle']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('the personnel sync the schedule made due was enqueued');
    expect(r.stdout).toMatch(/^1 completed, 0 failed/);
    expect((await json<{ total: number }>(dir, ['sync', 'list'])).total).toBe(before + 1);
    // Nothing is due any more: a second run enqueues nothing.
    const second = await gatewayctl(dir, ['queue', 'work', '--until-idle']);
    expect(second.stderr).not.toContain('made due');
  });
});
