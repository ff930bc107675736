/**
 * The stored call history through the real gateway: 1C calls against the
 * simulator over real sockets, the gateway closed and opened again on the same
 * data directory, the history read through the console contract.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { consoleFromGateway } from '../api/console.ts';
import { createGateway, type Gateway } from '../service.ts';

let dir: string;
let sim: OnecSimulator;
let gw: Gateway | null = null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-history-'));
  sim = await startOnecSimulator({ port: 0, employees: 10, seed: 2 });
});

afterEach(async () => {
  await gw?.close();
  gw = null;
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = () => createGateway({ dataDir: dir, actor: 'tester', onecOverride: { url: sim.url, username: 'wfm', password: 'wfm' } });

describe('call history through the gateway', () => {
  it('survives a restart: the calls made before are in health.calls after the gateway opens again', async () => {
    gw = await open();
    await gw.onec.getAgents('2026-01-01', '2026-01-31');
    sim.setFaults({ status500: {}, times: 1 });
    await expect(gw.onec.getAgents('2026-01-01', '2026-01-31')).rejects.toThrow();
    await gw.close();

    gw = await open();
    const api = consoleFromGateway(gw, { version: 't', host: 'web', zone: 'UTC', startedAt: new Date().toISOString(), actor: 'tester' });
    for (const range of ['hour', 'day', 'week'] as const) {
      const r = await api.dispatcher.dispatch('health.calls', { range }, { actor: 'tester' });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      const h = (r as { result: { totals: { calls: number; errors: number; avgMs: number | null }; methods: Array<{ method: string }>; retentionDays: number } }).result;
      expect(h.totals).toMatchObject({ calls: 2, errors: 1 });
      expect(h.totals.avgMs).not.toBeNull();
      expect(h.methods.map((m) => m.method)).toEqual(['GET /agents']);
      expect(h.retentionDays).toBe(7);
    }
    gw.config.set('health.callHistoryDays', '30');
    expect(gw.callHistory('week').retentionDays).toBe(30);
    const bad = await api.dispatcher.dispatch('health.calls', { range: 'month' }, { actor: 'tester' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
