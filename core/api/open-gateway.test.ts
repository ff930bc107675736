/**
 * Demo mode as the hosts open it: the built-in 1C simulator stands in for 1C, and
 * its month of shifts is the demo's schedule (schedules.import with a demo source),
 * checked and stored like any import. Without the simulator that source is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOnecSimulator } from '../../simulators/onec/server.ts';
import type { ImportReport } from '../contract/index.ts';
import { loadDirectory } from '../schedule/testing/gateway.ts';
import { createGateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';
import { consoleFromGateway } from './console.ts';
import { openGatewayWithDemo, type OpenedGateway } from './open-gateway.ts';

const info = { version: 't', host: 'web' as const, zone: 'UTC', startedAt: '2026-12-03T09:00:00Z' };
const ctx = { actor: 'Анна (web console)' };
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'demo-gw-'));
  dirs.push(d);
  return d;
};
let opened: OpenedGateway | null = null;
afterEach(async () => {
  await opened?.close();
  opened = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the demo schedule', () => {
  it("imports the built-in 1C simulator's month for its people, checked and stored like a file", async () => {
    opened = await openGatewayWithDemo({ dataDir: tmp(), clock: new ManualClock('2026-12-03T09:00:00Z'), actor: 'demo', log: () => undefined }, async () =>
      Object.assign(await startOnecSimulator({ port: 0, employees: 30, seed: 5, today: '2026-12-03' }), { username: 'wfm', password: 'wfm' }),
    );
    await loadDirectory(opened.gateway, '2026-12-01', '2026-12-31');
    const api = consoleFromGateway(opened.gateway, info);
    const r = await api.dispatcher.dispatch('schedules.import', { source: { kind: 'demo', month: '2026-12' } }, ctx);
    expect(r.ok).toBe(true);
    const report = (r as { result: ImportReport }).result;
    expect(report).toMatchObject({ stored: true, source: 'demo schedule 2026-12 (built-in 1C simulator)', period: { from: '2026-12-01', to: '2026-12-31' } });
    expect(report.rowsStored).toBeGreaterThan(100);
    expect(report.errors).toBe(0);
    const stored = opened.gateway.db.prepare("SELECT count(*) FROM shifts WHERE local_date BETWEEN '2026-12-01' AND '2026-12-31'").pluck().get();
    expect(stored).toBe(report.rowsStored);
  });

  it('is refused, saying why, when no simulator stands in for 1C', async () => {
    const gw = await createGateway({ dataDir: tmp(), clock: new ManualClock('2026-12-03T09:00:00Z'), log: () => undefined });
    try {
      const r = await consoleFromGateway(gw, info).dispatcher.dispatch('schedules.import', { source: { kind: 'demo', month: '2026-12' } }, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'not_demo', message: expect.stringMatching(/built-in 1C simulator, which runs only while no 1C address is configured/) } });
    } finally {
      await gw.close();
    }
  });
});
