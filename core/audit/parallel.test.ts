/**
 * Verification on worker threads must reach exactly the verdict of the walk on
 * one connection, whatever was done to the log and wherever it falls relative
 * to the parts the workers take (three parts of 600 rows: ids 1–200, 201–400,
 * 401 on; rows 1–100 plain, written before keying).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open.ts';
import { ManualClock } from '../time/clock.ts';
import { parseAnchor } from './anchor.ts';
import { appendAudit, appendAuditBatch, attachAuditKey, verifyAuditChain, verifyAuditChainAsync } from './index.ts';
import { deriveAuditKey } from './key.ts';
import { walkInParallel } from './parallel.ts';
import { rechain } from './testing/forge.ts';

const KEY = randomBytes(32);
const PARALLEL = { workers: 3, minRows: 1 };
let dir: string;
let db: Db;
let clock: ManualClock;

function fresh(opts: { key?: boolean } = {}): Db {
  const d = openDatabase(join(dir, 'gw.db'));
  if (opts.key !== false) attachAuditKey(d, { dataKey: () => KEY, headFile: join(dir, 'audit-head.json'), clock });
  return d;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-parallel-'));
  clock = new ManualClock('2026-03-01T10:00:00Z');
  const legacy = openDatabase(join(dir, 'gw.db'));
  appendAuditBatch(legacy, Array.from({ length: 100 }, (_, i) => ({ actor: 'old', action: 'config.set', entityType: 'config', entityId: `k${i}`, after: { i } })), clock);
  legacy.close();
  db = fresh();
  for (let b = 0; b < 5; b++) {
    clock.advance(1000);
    appendAuditBatch(db, Array.from({ length: 100 }, (_, i) => ({ actor: `a${i % 3}`, action: 'employee.update', entityType: 'employee', entityId: `e${b}-${i}`, before: { rate: 1 }, after: { rate: 0.5 }, details: { b, i } })), clock);
  }
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function same(d: Db = db, anchor?: string): Promise<void> {
  const a = anchor ? parseAnchor(anchor) : undefined;
  const sequential = verifyAuditChain(d, a ? { anchor: a } : {});
  // Really walked by the workers, not their fallback.
  expect(await walkInParallel(d, null, null, null, PARALLEL)).not.toBeNull();
  expect(await verifyAuditChainAsync(d, { parallel: PARALLEL, ...(a ? { anchor: a } : {}) })).toEqual(sequential);
}

const sql = (s: string, ...p: unknown[]) => db.prepare(s).run(...p);

describe('verification on worker threads', () => {
  it('agrees on an intact log with a plain part and a keyed part', async () => {
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 600, keyedFrom: 101 });
    await same();
  });

  it('agrees on an edited row in any part', async () => {
    for (const id of [50, 250, 401, 600]) {
      sql("UPDATE audit_log SET actor = 'mallory' WHERE id = ?", id);
      await same();
      sql(`UPDATE audit_log SET actor = 'x' WHERE id = ?`, id);
    }
  });

  it('agrees on rows removed at a part boundary and on a whole part removed', async () => {
    sql('DELETE FROM audit_log WHERE id = 201');
    await same();
    sql('DELETE FROM audit_log WHERE id > 200 AND id <= 400');
    await same();
  });

  it('agrees on plain rows after keyed ones: within a part, and from the first row of a later part', async () => {
    rechain(db, 450, { markPlain: true });
    await same();
    rechain(db, 401, { markPlain: true });
    await same();
    rechain(db, 101, { markPlain: true });
    await same();
  });

  it('agrees on a row slipped in below the first id, a malformed column, an unknown hash kind', async () => {
    sql("INSERT INTO audit_log (id, at, actor, action, entity_type, prev_hash, hash) VALUES (0, 'x', 'm', 'a', 't', 'p', 'h')");
    await same();
    expect(verifyAuditChain(db).message).toMatch(/^audit row 0 does not follow the start of the log/);
    sql('DELETE FROM audit_log WHERE id = 0');
    sql("UPDATE audit_log SET details = '{broken' WHERE id = 550");
    await same();
    sql('UPDATE audit_log SET keyed = 7 WHERE id = 300');
    await same();
  });

  it('agrees without the key, and on anchors', async () => {
    const bare = fresh({ key: false });
    try {
      await same(bare);
    } finally {
      bare.close();
    }
    const h = (db.prepare('SELECT hash FROM audit_log WHERE id = 300').pluck().get() as string);
    await same(db, `argus-audit-anchor:v1:300:300:${h}`);
    sql("UPDATE audit_log SET actor = 'mallory' WHERE id = 250");
    rechain(db, 250, { key: deriveAuditKey(KEY) });
    await same(db, `argus-audit-anchor:v1:300:300:${h}`);
  });

  it('picks up rows appended after the parts were cut, and falls back below its threshold', async () => {
    clock.advance(1000);
    appendAudit(db, { actor: 'late', action: 'x', entityType: 't' }, clock);
    expect(await verifyAuditChainAsync(db, { parallel: PARALLEL })).toMatchObject({ ok: true, rows: 601 });
    expect(await walkInParallel(db, null, null, null, { workers: 3 })).toBeNull();
  });
});
