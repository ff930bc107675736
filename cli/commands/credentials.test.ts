import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { gatewayctl, gatewayctlJson } from '../testing/gatewayctl.ts';

describe('gatewayctl credentials are bound to the 1C host they were set for', () => {
  let dir: string;
  let zup: OnecSimulator;
  let other: OnecSimulator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewayctl-creds-'));
    zup = await startOnecSimulator({ employees: 12, seed: 3, today: '2026-11-20', users: { wfm: 'zup-пароль' } });
    other = await startOnecSimulator({ employees: 12, seed: 3, today: '2026-11-20', users: { wfm: 'zup-пароль' } });
  });
  afterAll(async () => {
    await zup?.close();
    await other?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never sends the password to a host onec.url was moved to, says what to do, and works once they are set for it', async () => {
    await gatewayctlJson(dir, ['config', 'set', 'onec.url', zup.url]);
    const set = await gatewayctl(dir, ['credentials', 'set', 'onec', '--user', 'wfm', '--password-stdin'], 'zup-пароль');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`sent only to http://127.0.0.1:${zup.port}`);
    const plan = await gatewayctlJson<{ status: string }>(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(plan.status).toBe('awaiting_approval');

    await gatewayctlJson(dir, ['config', 'set', 'onec.url', other.url]);
    const refused = await gatewayctl(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`were set for http://127.0.0.1:${zup.port}, but the endpoint now is http://127.0.0.1:${other.port}`);
    expect(refused.stderr).toContain('gatewayctl credentials set onec');
    expect(other.requests()).toBe(0);
    const status = await gatewayctlJson<{ system: string; boundTo: string | null }[]>(dir, ['credentials', 'status']);
    expect(status.find((s) => s.system === 'onec')?.boundTo).toBe(`http://127.0.0.1:${zup.port}`);

    expect((await gatewayctl(dir, ['credentials', 'set', 'onec', '--user', 'wfm', '--password-stdin'], 'zup-пароль')).code).toBe(0);
    const again = await gatewayctlJson<{ status: string }>(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(again.status).toBe('awaiting_approval');
    expect(other.requests()).toBe(1);
  });
});
