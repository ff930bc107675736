import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open.ts';
import { ManualClock } from '../time/clock.ts';
import { appendAudit, appendAuditBatch, canonicalJson, listAudit, verifyAuditChain } from './index.ts';

let dir: string;
let db: Db;
let clock: ManualClock;

beforeEach(() => {
  clock = new ManualClock('2026-03-01T10:00:00Z');
  dir = mkdtempSync(join(tmpdir(), 'audit-'));
  db = openDatabase(join(dir, 'gw.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('canonical JSON and redaction', () => {
  it('sorts keys and drops undefined, so equal values hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined, 'x'], c: undefined } })).toBe('{"a":{"d":[1,null,"x"]},"b":1}');
  });

  it('redacts secret-named keys at any depth, case-insensitively', () => {
    const out = JSON.parse(
      canonicalJson({
        user: 'svc',
        Password: 'p1',
        nested: { headers: { Authorization: 'Basic abc', 'Set-Cookie': 'sid=1' }, list: [{ apiToken: 't', clientSecret: 's', keep: 'ok' }] },
      }),
    );
    expect(out).toEqual({
      user: 'svc',
      Password: '[redacted]',
      nested: { headers: { Authorization: '[redacted]', 'Set-Cookie': '[redacted]' }, list: [{ apiToken: '[redacted]', clientSecret: '[redacted]', keep: 'ok' }] },
    });
  });

  it('never stores a secret in the audit table', () => {
    appendAudit(db, { actor: 'admin', action: 'credentials.set', entityType: 'credential', entityId: 'onec', after: { user: 'wfm', password: 'hunter2' }, details: { token: 'abc' } }, clock);
    const raw = db.prepare('SELECT after, details FROM audit_log').get() as { after: string; details: string };
    expect(raw.after).not.toContain('hunter2');
    expect(raw.details).not.toContain('abc');
    expect(JSON.parse(raw.after)).toEqual({ password: '[redacted]', user: 'wfm' });
  });
});

describe('hash chain', () => {
  function seed(n: number): void {
    for (let i = 0; i < n; i++) {
      clock.advance(1000);
      appendAudit(db, { actor: 'admin', action: 'employee.update', entityType: 'employee', entityId: `e${i}`, before: { rate: 1 }, after: { rate: 0.5 }, details: { i } }, clock);
    }
  }

  it('chains each row to the previous one and verifies an intact log', () => {
    seed(5);
    const rows = db.prepare('SELECT id, prev_hash, hash FROM audit_log ORDER BY id').all() as { id: number; prev_hash: string; hash: string }[];
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(verifyAuditChain(db)).toMatchObject({
      ok: true,
      rows: 5,
      lastId: 5,
      keyedFrom: null,
      message: 'audit chain intact: 5 rows verified, all plain SHA-256 (no keyed rows); the sealed head was not checked: this connection has no audit key',
    });
  });

  it('hashes SHA-256(prev_hash + the row as canonical JSON), so anyone can recompute it', () => {
    seed(2);
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Record<string, string | number | null>[];
    for (const r of rows) {
      const rowJson = JSON.stringify({
        action: r.action,
        actor: r.actor,
        after: r.after === null ? null : JSON.parse(r.after as string),
        at: r.at,
        before: r.before === null ? null : JSON.parse(r.before as string),
        details: r.details === null ? null : JSON.parse(r.details as string),
        entityId: r.entity_id,
        entityType: r.entity_type,
        id: r.id,
      });
      expect(createHash('sha256').update(`${r.prev_hash}${rowJson}`).digest('hex')).toBe(r.hash);
    }
  });

  it('detects an edited row', () => {
    seed(5);
    db.prepare(`UPDATE audit_log SET after = '{"rate":2}' WHERE id = 3`).run();
    const v = verifyAuditChain(db);
    expect(v.ok).toBe(false);
    expect(v.firstBadId).toBe(3);
    expect(v.message).toMatch(/row 3 was altered/);
  });

  it('detects an edited actor even when the hash column is recomputed naively', () => {
    seed(3);
    db.prepare(`UPDATE audit_log SET actor = 'someone else' WHERE id = 2`).run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: 2 });
  });

  it('detects a removed row', () => {
    seed(5);
    db.prepare('DELETE FROM audit_log WHERE id = 2').run();
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, firstBadId: 3, rows: 1 });
    expect(v.message).toMatch(/row 3 does not follow row 1/);
  });

  it('batch appends continue the same chain', () => {
    seed(2);
    const r = appendAuditBatch(
      db,
      Array.from({ length: 1000 }, (_, i) => ({ actor: 'sync', action: 'employee.create', entityType: 'employee', entityId: `n${i}`, after: { lastName: 'Иванов', i } })),
      clock,
    );
    expect(r).toEqual({ firstId: 3, lastId: 1002, count: 1000 });
    seed(1);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 1003 });
  });

  it('commits and rolls back with the surrounding transaction', () => {
    seed(1);
    expect(() =>
      db.transaction(() => {
        appendAudit(db, { actor: 'a', action: 'x', entityType: 't' }, clock);
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    seed(1);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 2 });
  });
});

describe('listAudit', () => {
  beforeEach(() => {
    appendAudit(db, { actor: 'Петров', action: 'sync.plan.approved', entityType: 'sync_plan', entityId: '1', details: { comment: 'ок' } }, clock);
    clock.advance(60_000);
    appendAudit(db, { actor: 'sync', action: 'employee.create', entityType: 'employee', entityId: 'a-1', after: { lastName: 'Ёлкина' } }, clock);
    clock.advance(60_000);
    appendAudit(db, { actor: 'sync', action: 'employee.update', entityType: 'employee', entityId: 'a-2', before: { rate: 1 }, after: { rate: 0.5 } }, clock);
  });

  it('lists newest first with parsed JSON and a total', () => {
    const r = listAudit(db, { offset: 0, limit: 2 });
    expect(r.total).toBe(3);
    expect(r.entries.map((e) => e.id)).toEqual([3, 2]);
    expect(r.entries[0]).toMatchObject({ actor: 'sync', action: 'employee.update', before: { rate: 1 }, after: { rate: 0.5 }, entityType: 'employee', entityId: 'a-2' });
  });

  it('filters by entity type, actor and time range', () => {
    expect(listAudit(db, { entityType: 'sync_plan' }).entries.map((e) => e.id)).toEqual([1]);
    expect(listAudit(db, { actor: 'sync' }).total).toBe(2);
    expect(listAudit(db, { from: '2026-03-01T10:01:00Z', to: '2026-03-01T10:02:00Z' }).entries.map((e) => e.id)).toEqual([2]);
  });

  it('searches Cyrillic case-insensitively, folding ё', () => {
    expect(listAudit(db, { search: 'елкина' }).entries.map((e) => e.id)).toEqual([2]);
    expect(listAudit(db, { search: 'ПЕТРОВ' }).entries.map((e) => e.id)).toEqual([1]);
    expect(listAudit(db, { search: '100%' }).total).toBe(0);
  });

  it('rejects a malformed filter with a clear message', () => {
    expect(() => listAudit(db, { from: 'yesterday' })).toThrow(/invalid audit filter: from/);
  });
});
