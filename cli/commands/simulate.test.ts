import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, gatewayctl } from '../testing/gatewayctl.ts';

interface Info {
  url: string;
  today: string;
  mce: { url: string; wsUrl: string; agents: number; fromOnec: number; unknownToOnec: number; eventsPerSec: number; faults: Record<string, unknown> } | null;
}

/** Starts `gatewayctl simulate`, returns its --json line and a stop() that sends SIGTERM and gives the exit code. */
async function simulate(dir: string, args: string[]): Promise<{ info: Info; stop: () => Promise<number | null>; kill: () => void }> {
  const child = spawn(process.execPath, [CLI, '--data-dir', dir, 'simulate', '--port', '0', '--mce-port', '0', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no JSON line; stderr: ${err}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve(out.slice(0, out.indexOf('\n')));
        }
      });
      void exited.then(() => reject(new Error(`simulate exited; stderr: ${err}`)));
    });
    return {
      info: JSON.parse(line) as Info,
      stop: () => {
        child.kill('SIGTERM');
        return exited;
      },
      kill: () => child.kill('SIGKILL'),
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

describe('gatewayctl simulate', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatewayctl-simulate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("starts 1C and MCE side by side, MCE's logins being 1C's (case aside), and stops both on SIGTERM", async () => {
    const sim = await simulate(dir, ['--employees', '60', '--seed', '9', '--today', '2026-03-10', '--events-per-sec', '50', '--mce-rest-down', '--mce-user', 'oktell', '--mce-password', 'pw']);
    try {
      expect(sim.info.mce).toMatchObject({ wsUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/agent-status$/), eventsPerSec: 50, faults: { restDown: true } });
      const onec = (await (await fetch(`${sim.info.url}/agents/2026-03-01/2026-03-31`, { headers: { authorization: `Basic ${Buffer.from('wfm:wfm').toString('base64')}` } })).json()) as Array<{ AR_agents: Array<{ Login?: string }> }>;
      const logins = onec[0]!.AR_agents.filter((a) => a.Login).map((a) => a.Login!.toLowerCase());
      expect(sim.info.mce!.fromOnec).toBe(logins.length);
      const mce = sim.info.mce!;
      const tokenRes = await fetch(`${mce.url}/auth/mce/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('oktell:pw').toString('base64')}` } });
      expect(tokenRes.status).toBe(200);
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      // --mce-rest-down took effect; the admin endpoint clears it.
      expect((await fetch(`${mce.url}/api/v1/agents`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(503);
      await fetch(`${mce.url}/_sim/faults`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('oktell:pw').toString('base64')}` }, body: '{}' });
      const body = (await (await fetch(`${mce.url}/api/v1/agents`, { headers: { authorization: `Bearer ${access_token}` } })).json()) as { agents: Array<{ login: string }> };
      expect(body.agents).toHaveLength(mce.agents);
      const mceLogins = new Set(body.agents.map((a) => a.login.toLowerCase()));
      for (const l of logins) expect(mceLogins.has(l)).toBe(true);
      expect(await sim.stop()).toBe(0);
    } finally {
      sim.kill();
    }
  }, 60_000);

  it('starts only 1C with --no-mce', async () => {
    const sim = await simulate(dir, ['--employees', '20', '--no-mce']);
    try {
      expect(sim.info.mce).toBeNull();
      expect(await sim.stop()).toBe(0);
    } finally {
      sim.kill();
    }
  }, 60_000);

  it('refuses bad MCE flags before listening, naming the flag', async () => {
    const r = await gatewayctl(dir, ['simulate', '--port', '0', '--mce-drop-every', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--mce-drop-every must be a whole number from 1/);
    const same = await gatewayctl(dir, ['simulate', '--port', '18090', '--mce-port', '18090']);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--mce-port must differ from --port/);
  }, 60_000);
});
