/** config.* through the generic dispatcher over a real gateway: changes are audited with the console's actor. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleFromGateway, type GatewayConsole } from '../api/console.ts';
import { listAudit } from '../audit/index.ts';
import { createGateway, type Gateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';

let dir: string;
let gw: Gateway;
let api: GatewayConsole;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-config-api-'));
  gw = await createGateway({ dataDir: dir, clock: new ManualClock('2026-03-02T10:00:00Z'), actor: 'tester' });
  api = consoleFromGateway(gw, { version: 't', host: 'web', zone: 'UTC', startedAt: '2026-03-02T10:00:00Z' });
});

afterEach(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('config.set from the console', () => {
  it('stores the value and writes who changed it to the audit log', async () => {
    const r = await api.dispatcher.dispatch('config.set', { key: 'onec.url', value: 'http://zup.local/hs/wfm' }, { actor: 'Анна (web console)' });
    expect(r).toEqual({ ok: true, result: { key: 'onec.url', value: 'http://zup.local/hs/wfm' } });
    expect(gw.config.get('onec.url')).toBe('http://zup.local/hs/wfm');
    expect(listAudit(gw.db, { entityType: 'config' }).entries[0]).toMatchObject({ action: 'config.set', actor: 'Анна (web console)', entityId: 'onec.url', after: { value: 'http://zup.local/hs/wfm' } });
  });

  it('audits nothing when the value is refused', async () => {
    const r = await api.dispatcher.dispatch('config.set', { key: 'onec.url', value: 'ftp://x' }, { actor: 'Анна (web console)' });
    expect(r.ok).toBe(false);
    expect(listAudit(gw.db, { entityType: 'config' }).total).toBe(0);
  });
});
