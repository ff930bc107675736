/**
 * audit.* through the generic dispatcher over a real gateway: filters, the
 * chain's verification (intact, then after a row is altered through SQL) and
 * CSV chunks that open in Excel (BOM once, ";", RFC 4180 quoting, Cyrillic).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input, MethodName, Output } from '../contract/index.ts';
import { createGateway, type Gateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';
import { consoleFromGateway, type GatewayConsole } from '../api/console.ts';
import { auditCsvRow, csvField } from './csv.ts';

const ctx = { actor: 'Анна (web console)' };
let dir: string;
let gw: Gateway;
let api: GatewayConsole;
let clock: ManualClock;

async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await api.dispatcher.dispatch(method, input, ctx);
  if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
  return r.result as Output<M>;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-audit-api-'));
  clock = new ManualClock('2026-03-02T10:00:00Z');
  gw = await createGateway({ dataDir: dir, clock, actor: 'tester' });
  api = consoleFromGateway(gw, { version: 't', host: 'web', zone: 'UTC', startedAt: '2026-03-02T10:00:00Z' });
  const base = gw.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
  expect(base.n).toBe(0);
  gw.audit({ action: 'config.set', entityType: 'config', entityId: 'onec.url', after: { value: 'http://1c.local' }, actor: 'Анна' });
  clock.advance(60_000);
  gw.audit({ action: 'plan.approved', entityType: 'plan', entityId: '7', details: { comment: 'Проверено; "ок"\nвторая строка' }, actor: 'Борис' });
  clock.advance(60_000);
  gw.audit({ action: 'config.set', entityType: 'config', entityId: 'sync.maxDeactivationPct', before: { value: 10 }, after: { value: 15 }, actor: 'Борис' });
});

afterEach(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit.list', () => {
  it('pages newest first and filters by action, entity type, actor, text and time', async () => {
    const all = await call('audit.list', { limit: 2 });
    expect(all.total).toBe(3);
    expect(all.entries.map((e) => e.id)).toEqual([3, 2]);
    expect((await call('audit.list', { action: 'config.set' })).entries.map((e) => e.id)).toEqual([3, 1]);
    expect((await call('audit.list', { entityType: 'plan' })).total).toBe(1);
    expect((await call('audit.list', { actor: 'Борис' })).total).toBe(2);
    // Case-insensitive Cyrillic search in details.
    expect((await call('audit.list', { search: 'ПРОВЕРЕНО' })).entries[0]?.entityId).toBe('7');
    expect((await call('audit.list', { from: '2026-03-02T10:01:00Z', to: '2026-03-02T10:02:00Z' })).entries.map((e) => e.id)).toEqual([2]);
    // Blank fields mean "any".
    expect((await call('audit.list', { search: '  ', action: '' })).total).toBe(3);
  });

  it('lists the facets and refuses a malformed time bound with a readable message', async () => {
    expect(await call('audit.facets', {})).toEqual({ actions: ['config.set', 'plan.approved'], entityTypes: ['config', 'plan'], actors: ['Анна', 'Борис'] });
    const r = await api.dispatcher.dispatch('audit.list', { from: 'yesterday' } as never, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/ISO instant/);
  });
});

describe('audit.verify', () => {
  it('reports an intact chain, then the first altered row after tampering through SQL', async () => {
    const ok = await call('audit.verify', {});
    expect(ok).toMatchObject({ ok: true, rows: 3, checkedAt: '2026-03-02T10:02:00.000Z' });
    gw.db.prepare("UPDATE audit_log SET actor = 'Мallory' WHERE id = 2").run();
    const bad = await call('audit.verify', {});
    expect(bad).toMatchObject({ ok: false, rows: 1, firstBadId: 2 });
    expect(bad.message).toMatch(/row 2 was altered/);
  });
});

describe('audit.exportCsv', () => {
  it('quotes ; " and newlines, keeps Cyrillic, and puts the BOM and header in the first chunk only', async () => {
    const first = await call('audit.exportCsv', { limit: 2 });
    expect(first).toMatchObject({ rows: 2, total: 3, nextOffset: 2 });
    expect(first.csv.startsWith('\uFEFFid;time (UTC);actor;action;entity type;entity id;before;after;details;hash;problem\r\n')).toBe(true);
    expect(first.csv).toContain('2;2026-03-02T10:01:00.000Z;Борис;plan.approved;plan;7;;;"{""comment"":""Проверено; \\""ок\\""\\nвторая строка""}";');
    const second = await call('audit.exportCsv', { offset: 2, limit: 2 });
    expect(second).toMatchObject({ rows: 1, total: 3, nextOffset: null });
    expect(second.csv.includes('\uFEFF')).toBe(false);
    expect(second.csv.startsWith('1;2026-03-02T10:00:00.000Z;Анна;config.set;config;onec.url;;')).toBe(true);
    const filtered = await call('audit.exportCsv', { filter: { actor: 'Анна' } });
    expect(filtered).toMatchObject({ rows: 1, total: 1, nextOffset: null });
  });

  it('quotes raw newlines and quotes in plain columns (RFC 4180)', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('Иванов')).toBe('Иванов');
  });

  it('never lets Excel read a cell as a formula (CSV injection)', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvField('+7 (495) 000-00-00')).toBe("'+7 (495) 000-00-00");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('Иванов=1')).toBe('Иванов=1');
    const row = auditCsvRow({ id: 9, at: '2026-03-02T13:00:00+03:00', actor: 'Пётр "П"', action: 'x', entityType: 'y', entityId: null, before: null, after: null, details: null, hash: 'h', keyed: true });
    expect(row).toBe('9;2026-03-02T10:00:00.000Z;"Пётр ""П""";x;y;;;;;h;\r\n');
  });
});
