/**
 * Every writer of audit rows on a gateway's connection keys them: single
 * appends, the maintenance prune entry, MCE identity links, credentials bound
 * on first use, queue operator actions; a data directory whose log was written
 * by a version without keys goes on from its last plain row; and the console's
 * audit.verify / audit.anchor say all of it.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleFromGateway } from '../api/console.ts';
import { databaseFile } from '../config/data-dir.ts';
import type { Input, MethodName, Output } from '../contract/index.ts';
import { openDatabase } from '../db/open.ts';
import { pruneOld } from '../maintenance/retention.ts';
import { pauseType } from '../queue/operator.ts';
import { createGateway, type Gateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';
import { AUDIT_HEAD_FILE } from './head.ts';
import { appendAudit, verifyAuditChain } from './index.ts';

let dir: string;
let gw: Gateway | null;
let clock: ManualClock;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argus-gw-keyed-'));
  clock = new ManualClock('2026-03-02T10:00:00Z');
  gw = null;
});
afterEach(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

const keyedFlags = (g: Gateway) => g.db.prepare('SELECT action, keyed FROM audit_log ORDER BY id').all() as { action: string; keyed: number }[];

describe('a gateway', () => {
  it('keys every audit row it writes, whoever writes it, and seals the head in its data directory', async () => {
    gw = await createGateway({ dataDir: dir, clock, actor: 'tester' });
    gw.audit({ action: 'config.set', entityType: 'config', entityId: 'onec.url', after: { value: 'http://1c' } });
    gw.mce.link('svc.robot', null, 'Анна');
    await pruneOld(gw.db, clock, { planDays: 90, operationDays: 30, agentStateDays: 30, callHistoryDays: 7 }, { actor: 'tester' });
    gw.vault.set('onec', { username: 'wfm', password: 'secret' }, null);
    gw.vault.get('onec', 'http://zup.local');
    pauseType(gw.db, 'schedule_upload', 'Анна', clock);
    // That one was written inside the operator's own transaction: the head follows once it has ended.
    await Promise.resolve();
    expect(keyedFlags(gw)).toEqual([
      { action: 'config.set', keyed: 1 },
      { action: 'agent.linked', keyed: 1 },
      { action: 'maintenance.pruned', keyed: 1 },
      { action: 'credentials.bound', keyed: 1 },
      { action: 'queue.pause', keyed: 1 },
    ]);
    expect(verifyAuditChain(gw.db)).toMatchObject({ ok: true, rows: 5, keyedFrom: 1, head: { state: 'matches', lastId: 5 } });
    expect(statSync(join(dir, AUDIT_HEAD_FILE)).mode & 0o777).toBe(0o600);
  });

  it('goes on from a log written before keying: plain rows stay plain and verify, keyed ones follow', async () => {
    const old = openDatabase(databaseFile(dir));
    for (let i = 0; i < 3; i++) appendAudit(old, { actor: 'old', action: 'config.set', entityType: 'config', entityId: `k${i}` }, clock);
    old.close();
    gw = await createGateway({ dataDir: dir, clock, actor: 'tester' });
    expect(verifyAuditChain(gw.db).head.state).toBe('missing');
    gw.audit({ action: 'config.set', entityType: 'config', entityId: 'k3' });
    const v = verifyAuditChain(gw.db);
    expect(v).toMatchObject({ ok: true, rows: 4, keyedFrom: 4, head: { state: 'matches', lastId: 4, keyedFrom: 4, since: { id: 4 } } });
    expect(v.message).toBe('audit chain intact: 4 rows verified, plain SHA-256 up to #3 and keyed (HMAC-SHA-256) from #4; sealed head matches #4');
  });

  it('hands the sealed head on between processes opening the same directory', async () => {
    gw = await createGateway({ dataDir: dir, clock, actor: 'first' });
    gw.audit({ action: 'a', entityType: 't' });
    await gw.close();
    gw = await createGateway({ dataDir: dir, clock, actor: 'second' });
    gw.audit({ action: 'b', entityType: 't' });
    expect(JSON.parse(readFileSync(join(dir, AUDIT_HEAD_FILE), 'utf8'))).toMatchObject({ lastId: 2, since: { id: 1 } });
    expect(verifyAuditChain(gw.db)).toMatchObject({ ok: true, head: { state: 'matches' } });
  });
});

describe('the console', () => {
  async function call<M extends MethodName>(g: Gateway, method: M, input: Input<M>, actor = 'Анна (web console)'): Promise<Output<M>> {
    const api = consoleFromGateway(g, { version: 't', host: 'web', zone: 'UTC', startedAt: '2026-03-02T10:00:00Z' });
    const r = await api.dispatcher.dispatch(method, input, { actor });
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.result as Output<M>;
  }

  it('verifies with the keyed part and the head, records who did, and offers the anchor', async () => {
    gw = await createGateway({ dataDir: dir, clock, actor: 'tester' });
    expect(await call(gw, 'audit.anchor', {})).toMatchObject({ anchor: null, head: { state: 'missing' }, lastVerification: null });
    for (let i = 0; i < 3; i++) gw.audit({ action: 'config.set', entityType: 'config', entityId: `k${i}` });
    const v = await call(gw, 'audit.verify', {});
    expect(v).toMatchObject({ ok: true, rows: 3, lastId: 3, keyedFrom: 1, checkedBy: 'Анна (web console)', checkedAt: '2026-03-02T10:00:00.000Z', head: { state: 'matches', lastId: 3, count: 3 } });
    const a = await call(gw, 'audit.anchor', {});
    expect(a.anchor).toMatch(/^argus-audit-anchor:v1:3:3:[0-9a-f]{64}$/);
    expect(a.anchor!.endsWith(a.head.hash!)).toBe(true);
    expect(a.lastVerification).toEqual(v);

    gw.db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    const cut = await call(gw, 'audit.verify', {}, 'Борис (desktop)');
    expect(cut).toMatchObject({ ok: false, head: { state: 'truncated', message: 'the log ends at #2 but #3 was written: 1 row is missing' } });
    expect(await call(gw, 'audit.anchor', {})).toMatchObject({ anchor: null, head: { state: 'truncated' }, lastVerification: { ok: false, checkedBy: 'Борис (desktop)' } });
  });

  it('lists a malformed row with its problem instead of failing the page', async () => {
    gw = await createGateway({ dataDir: dir, clock, actor: 'tester' });
    for (let i = 0; i < 6; i++) gw.audit({ action: 'config.set', entityType: 'config', entityId: `k${i}`, details: { i } });
    gw.db.prepare("UPDATE audit_log SET details = '{broken' WHERE id = 5").run();
    const page = await call(gw, 'audit.list', { limit: 10 });
    expect(page.entries.find((e) => e.id === 5)).toMatchObject({ details: '{broken', malformed: ['details'] });
    const csv = await call(gw, 'audit.exportCsv', {});
    expect(csv.rows).toBe(6);
    expect(csv.csv).toContain(';{broken;');
    expect((await call(gw, 'audit.verify', {})).message).toMatch(/^audit row 5 was altered: .*\(its details column is not valid JSON\)/);
  });
});
