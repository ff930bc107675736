/**
 * onec.testConnection through the generic dispatcher over a real gateway and
 * the 1C simulator on 127.0.0.1, with credentials set through the console: the
 * password is used and never comes back in the result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { consoleFromGateway, type GatewayConsole } from '../api/console.ts';
import { createGateway, type Gateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';

const PASSWORD = 'S3cr3t-Пароль-x9';
const actor = { actor: 'Анна (web console)' };

let dir: string;
let sim: OnecSimulator;
let gw: Gateway;
let api: GatewayConsole;

async function open(override?: { url: string; username: string; password: string }) {
  gw = await createGateway({ dataDir: dir, clock: new ManualClock('2026-03-02T10:00:00Z'), actor: 'tester', onecOverride: override });
  api = consoleFromGateway(gw, { version: 't', host: 'web', zone: 'UTC', startedAt: '2026-03-02T10:00:00Z' });
}

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-onec-api-'));
  sim = await startOnecSimulator({ employees: 10, today: '2026-03-02', users: { wfm: PASSWORD } });
});

afterEach(async () => {
  await gw?.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('onec.testConnection', () => {
  const test = async () => {
    const r = await api.dispatcher.dispatch('onec.testConnection', {}, actor);
    if (!r.ok) throw new Error(`testConnection failed as a call: ${r.error.message}`);
    const out = r.result as { ok: boolean; latencyMs: number | null; status: number | null; message: string; code: string | null; demo: boolean };
    expect(JSON.stringify(out)).not.toContain(PASSWORD);
    return out;
  };

  it('succeeds against 1C with the stored user, with one small getNormHours call', async () => {
    await open();
    await api.dispatcher.dispatch('config.set', { key: 'onec.url', value: sim.url }, actor);
    await api.dispatcher.dispatch('credentials.set', { system: 'onec', username: 'wfm', password: PASSWORD }, actor);
    const before = sim.requests();
    const r = await test();
    expect(r).toMatchObject({ ok: true, status: 200, code: null, demo: false });
    expect(r.latencyMs).toEqual(expect.any(Number));
    expect(r.message).toContain('accepted the user «wfm»');
    expect(sim.requests()).toBe(before + 1);
    const req = sim.lastRequest()!;
    expect(req.url).toBe('/getNormHours');
    expect(JSON.parse(req.body)).toMatchObject({ startDate: '2026-03-02', endDate: '2026-03-02', AR_agents: [{ agentId: 'argus-connection-test' }] });
  });

  it('says 1C refused the user name or password on HTTP 401', async () => {
    await open();
    await api.dispatcher.dispatch('config.set', { key: 'onec.url', value: sim.url }, actor);
    await api.dispatcher.dispatch('credentials.set', { system: 'onec', username: 'wfm', password: 'wrong-one' }, actor);
    const r = await test();
    expect(r).toMatchObject({ ok: false, status: 401, code: 'onec_auth', message: '1C refused the user name or password (HTTP 401).' });
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    await open();
    await api.dispatcher.dispatch('config.set', { key: 'onec.url', value: `http://127.0.0.1:${await closedPort()}/hs/wfm` }, actor);
    await api.dispatcher.dispatch('credentials.set', { system: 'onec', username: 'wfm', password: PASSWORD }, actor);
    const r = await test();
    expect(r).toMatchObject({ ok: false, status: null, code: 'onec_unreachable' });
    expect(r.message).toMatch(/^Cannot connect: cannot reach 1C at 127\.0\.0\.1:\d+: connection refused; check the address and port/);
  });

  it('sends nothing and says why when the credentials were set for another host', async () => {
    await open();
    await api.dispatcher.dispatch('config.set', { key: 'onec.url', value: 'http://old-zup.local/hs/wfm' }, actor);
    await api.dispatcher.dispatch('credentials.set', { system: 'onec', username: 'wfm', password: PASSWORD }, actor);
    await api.dispatcher.dispatch('config.set', { key: 'onec.url', value: sim.url }, actor);
    const before = sim.requests();
    const r = await test();
    expect(r).toMatchObject({ ok: false, latencyMs: null, code: 'credential_other_host' });
    expect(r.message).toContain('were set for http://old-zup.local');
    expect(sim.requests()).toBe(before);
  });

  it('says what is missing when no endpoint or no credentials are set', async () => {
    await open();
    expect(await test()).toMatchObject({ ok: false, code: 'onec_not_configured', message: expect.stringContaining('endpoint is not set') });
    await api.dispatcher.dispatch('config.set', { key: 'onec.url', value: sim.url }, actor);
    expect(await test()).toMatchObject({ ok: false, code: 'onec_no_credentials', message: expect.stringContaining('No 1C:ZUP user name and password') });
  });

  it('tests the built-in simulator in demo mode and says so', async () => {
    await open({ url: sim.url, username: 'wfm', password: PASSWORD });
    const r = await test();
    expect(r).toMatchObject({ ok: true, demo: true, status: 200 });
    expect(r.message).toContain('built-in 1C:ZUP simulator (demo mode)');
  });
});
