/**
 * `gatewayctl sync plan` runs its personnel_sync through the durable queue but
 * takes no other due work: a non-idempotent upload or a scheduled sync left in
 * the shared database belongs to the host or `gatewayctl queue work`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { gatewayctl, gatewayctlJson as json } from '../testing/gatewayctl.ts';


interface Detail {
  operation: { id: string; status: string; retryCount: number };
  attempts: unknown[];
}

describe('gatewayctl sync plan runs only its own operation', () => {
  let dir: string;
  let sim: OnecSimulator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewayctl-own-op-'));
    sim = await startOnecSimulator({ employees: 30, seed: 5, today: '2026-11-20', users: { wfm: 'wfm-test' } });
  });
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves a due upload and a due sync pending, sending nothing for them', { timeout: 60_000 }, async () => {
    await json(dir, ['config', 'set', 'onec.url', sim.url]);
    expect((await gatewayctl(dir, ['credentials', 'set', 'onec', '--user', 'wfm', '--password-stdin'], 'wfm-test\n')).code).toBe(0);
    const fact = { agentId: 'a-1', initiator_name: 'Иванов И.И.', date_start: '2026-11-19T18:00:00', loginfo: [{ start: '2026-11-19T18:00:00', time: 900_000 }] };
    // Both ahead of the command's own operation in the line (priority 1).
    const upload = await json<{ operation: { id: string } }>(dir, ['queue', 'enqueue', 'fact_worktime_upload', '--data', JSON.stringify(fact), '--priority', '1']);
    const scheduled = await json<{ operation: { id: string } }>(dir, ['queue', 'enqueue', 'personnel_sync', '--data', '{"from":"2026-12-01","to":"2026-12-31"}', '--priority', '1']);

    const plan = await json<{ id: number; status: string; periodFrom: string }>(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(plan).toMatchObject({ status: 'awaiting_approval', periodFrom: '2026-11-01' });

    for (const id of [upload.operation.id, scheduled.operation.id]) {
      const d = await json<Detail>(dir, ['queue', 'show', id]);
      expect(d.operation).toMatchObject({ status: 'pending', retryCount: 0 });
      expect(d.attempts).toEqual([]);
    }
    expect(sim.factDocuments()).toEqual([]);
    const plans = await json<{ plans: { periodFrom: string }[] }>(dir, ['sync', 'list']);
    expect(plans.plans.map((p) => p.periodFrom)).toEqual(['2026-11-01']);
  });
});
