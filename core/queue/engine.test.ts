import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { createGateway, type Gateway } from '../service.ts';
import { getOperationDetail } from './queries.ts';

describe('QueueEngine against the 1C simulator', () => {
  let sim: OnecSimulator;
  let gw: Gateway;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-'));
    sim = await startOnecSimulator({ employees: 40, seed: 3, today: '2026-11-20' });
    gw = await createGateway({ dataDir: dir, onecOverride: { url: sim.url, username: 'wfm', password: 'wfm' }, actor: 'tester' });
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs personnel sync as an operation and returns its plan', async () => {
    const op = await gw.queue.run('personnel_sync', { from: '2026-11-01', to: '2026-11-30' }, { by: 'tester' });
    expect(op.status).toBe('completed');
    const planId = (op.result as { planId: number }).planId;
    expect(gw.sync.getPlan(planId).status).toBe('awaiting_approval');
    const detail = getOperationDetail(gw.db, op.id)!;
    expect(detail.attempts.map((a) => a.outcome)).toEqual(['completed']);
    expect(detail.operation.createdBy).toBe('tester');
  });

  it('reports a retryable 1C failure at once, with the retry time, without failing the operation', async () => {
    sim.setFaults({ status500: { message: 'База заблокирована', body: 'json' }, times: 1 });
    await expect(gw.queue.run('personnel_sync', { from: '2026-10-01', to: '2026-10-31' }, { by: 'tester' })).rejects.toMatchObject({
      code: 'operation_retrying',
      kind: 'retryable',
      message: expect.stringMatching(/База заблокирована.*will be retried at .*retry 1 of 3/s),
    });
  });

  it('sends a schedule through the queue, renaming the wire fields for the client', async () => {
    const agentId = (await gw.onec.getAgents('2026-11-01', '2026-11-30')).agents[0]!.agentId;
    const op = await gw.queue.run(
      'schedule_upload',
      {
        agentId,
        period1: '2026-12-01T00:00:00Z',
        period2: '2026-12-31T00:00:00Z',
        shift: [{ date_start: '2026-12-01T06:00:00Z', daily_hours: 28_800_000, night_hours: 0 }],
      },
      { by: 'tester' },
    );
    expect(op.status).toBe('completed');
    expect(sim.scheduleDocument(agentId, '2026-12')).not.toBeNull();
  });

  it('fails a non-idempotent upload whose answer was lost, never retrying it', async () => {
    const agentId = (await gw.onec.getAgents('2026-11-01', '2026-11-30')).agents[1]!.agentId;
    sim.setFaults({ truncateBody: true, times: 1 });
    const run = gw.queue.run(
      'fact_worktime_upload',
      { agentId, initiator_name: 'Иванов И.И.', date_start: '2026-11-19T18:00:00', loginfo: [{ start: '2026-11-19T18:00:00', time: 900_000 }] },
      { by: 'tester' },
    );
    await expect(run).rejects.toMatchObject({ code: 'operation_outcome_unknown', message: expect.stringMatching(/^outcome unknown: check 1C before retrying/) });
  });
});
