/**
 * credentials.* through the generic dispatcher over a real gateway: the
 * password is stored, bound to the host of onec.url, and never comes back, in
 * no response, audit row, error or log line. (Nothing is sent to that host
 * here; core/onec/handlers.test.ts uses the credentials against the simulator.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleFromGateway, type GatewayConsole } from '../api/console.ts';
import { createGateway, type Gateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';

const PASSWORD = 'S3cr3t-Пароль-x9';
const actor = { actor: 'Анна (web console)' };

/** Where onec.url points: only its origin matters here. */
const ZUP = 'http://zup.example:8080';

let dir: string;
let gw: Gateway;
let api: GatewayConsole;
let logged: string[];

async function open() {
  gw = await createGateway({ dataDir: dir, clock: new ManualClock('2026-03-02T10:00:00Z'), actor: 'tester' });
  logged = [];
  api = consoleFromGateway(gw, { version: 't', host: 'web', zone: 'UTC', startedAt: '2026-03-02T10:00:00Z' }, { error: (m, e) => logged.push(`${m} ${String(e)}`) });
}

function auditDump(): string {
  return JSON.stringify(gw.db.prepare('SELECT * FROM audit_log').all());
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argus-cred-api-'));
});

afterEach(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('credentials from the console', () => {
  it('reports "not set" before anything is stored', async () => {
    await open();
    const r = await api.dispatcher.dispatch('credentials.status', {}, actor);
    expect(r).toEqual({ ok: true, result: { system: 'onec', configured: false, username: null, rotatedAt: null, boundTo: null } });
  });

  it('stores them bound to the host of onec.url, audits without the password and never returns it', async () => {
    await open();
    await api.dispatcher.dispatch('config.set', { key: 'onec.url', value: `${ZUP}/hs/wfm` }, actor);
    const set = await api.dispatcher.dispatch('credentials.set', { system: 'onec', username: 'wfm', password: PASSWORD }, actor);
    const origin = new URL(ZUP).origin;
    expect(set).toEqual({ ok: true, result: { system: 'onec', configured: true, username: 'wfm', rotatedAt: '2026-03-02T10:00:00.000Z', boundTo: origin } });
    expect(JSON.stringify(set)).not.toContain(PASSWORD);

    const status = await api.dispatcher.dispatch('credentials.status', {}, actor);
    expect(status).toEqual(set);
    expect(JSON.stringify(status)).not.toContain(PASSWORD);

    const rows = gw.db.prepare(`SELECT actor, action, "after" AS after FROM audit_log WHERE action = 'credentials.set'`).all() as Array<{ actor: string; after: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor).toBe('Анна (web console)');
    expect(JSON.parse(rows[0]!.after)).toEqual({ username: 'wfm', rotatedAt: '2026-03-02T10:00:00.000Z', boundTo: origin });
    expect(auditDump()).not.toContain(PASSWORD);
    // At rest it is sealed, not plain text.
    expect(JSON.stringify(gw.db.prepare('SELECT * FROM settings').all())).not.toContain(PASSWORD);
    expect(gw.vault.get('onec', origin)).toEqual({ username: 'wfm', password: PASSWORD });
  });

  it('refuses an empty user name or an oversized password without echoing the password', async () => {
    await open();
    const long = `${PASSWORD}${'x'.repeat(1200)}`;
    const r1 = await api.dispatcher.dispatch('credentials.set', { system: 'onec', username: '  ', password: PASSWORD }, actor);
    const r2 = await api.dispatcher.dispatch('credentials.set', { system: 'onec', username: 'wfm', password: long }, actor);
    const r3 = await api.dispatcher.dispatch('credentials.set', { system: 'onec', username: 'wfm', password: PASSWORD, extra: PASSWORD }, actor);
    for (const r of [r1, r2, r3]) {
      expect(r.ok).toBe(false);
      expect(JSON.stringify(r)).not.toContain(PASSWORD);
    }
    expect(r1).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('the user name must not be empty') } });
    expect(r2).toMatchObject({ ok: false, error: { message: expect.stringContaining('at most 1000 characters') } });
    expect(gw.vault.status('onec').configured).toBe(false);
    expect(auditDump()).not.toContain(PASSWORD);
    expect(logged.join('\n')).not.toContain(PASSWORD);
  });

  it('still refuses credentials through config.set', async () => {
    await open();
    const r = await api.dispatcher.dispatch('config.set', { key: 'onec.password', value: PASSWORD }, actor);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
  });
});
