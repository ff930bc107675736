import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnecSimulator } from '../../simulators/onec/server.ts';
import { createGateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';

describe('sync settings changed while the gateway runs', () => {
  it('apply to the next plan without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-settings-'));
    const sim = await startOnecSimulator({ employees: 15, seed: 9, today: '2026-11-20' });
    const clock = new ManualClock('2026-11-20T10:00:00Z');
    const gw = await createGateway({ dataDir: dir, clock, onecOverride: { url: sim.url, username: 'wfm', password: 'wfm' } });
    try {
      const first = await gw.sync.createPlan({ from: '2026-11-01', to: '2026-11-30', createdBy: 't' });
      expect(Date.parse(first.expiresAt) - Date.parse(first.createdAt)).toBe(24 * 3_600_000);
      gw.config.set('sync.planTtlHours', '2');
      const second = await gw.sync.createPlan({ from: '2026-11-01', to: '2026-11-30', createdBy: 't' });
      expect(Date.parse(second.expiresAt) - Date.parse(second.createdAt)).toBe(2 * 3_600_000);
      expect(second.massDeactivation.thresholdPct).toBe(10);
      gw.config.set('sync.maxDeactivationPct', '5');
      const third = await gw.sync.createPlan({ from: '2026-11-01', to: '2026-11-30', createdBy: 't' });
      expect(third.massDeactivation.thresholdPct).toBe(5);
    } finally {
      await gw.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
