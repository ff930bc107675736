/**
 * The keyed chain and its sealed head against what someone who can write the
 * database, but cannot read the key, does to it: re-chaining an edit with
 * plain SHA-256, downgrading rows to plain, cutting the tail (and letting the
 * next entries hide the gap), editing or deleting the head. And what honest
 * processes do: append in and out of transactions, roll back, crash between a
 * commit and the head update, append from two processes at once.
 */
import { spawn } from 'node:child_process';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open.ts';
import { isGatewayError } from '../errors.ts';
import { ManualClock } from '../time/clock.ts';
import { formatAnchor, parseAnchor } from './anchor.ts';
import { rechain, storedRows } from './testing/forge.ts';
import { auditCsvRow } from './csv.ts';
import { AUDIT_HEAD_FILE } from './head.ts';
import { appendAudit, appendAuditBatch, attachAuditKey, auditHeadNow, listAudit, verifyAuditChain, verifyAuditChainAsync } from './index.ts';
import { deriveAuditKey } from './key.ts';

const KEY = randomBytes(32);
let dir: string;
let headFile: string;
let db: Db;
let clock: ManualClock;
const others: Db[] = [];

function keyed(d: Db, opts: { key?: Buffer; head?: string | null } = {}): Db {
  attachAuditKey(d, { dataKey: () => opts.key ?? KEY, headFile: opts.head === undefined ? headFile : opts.head, clock });
  return d;
}

function connection(): Db {
  const d = openDatabase(join(dir, 'gw.db'));
  others.push(d);
  return d;
}

function seed(d: Db, n: number): void {
  for (let i = 0; i < n; i++) {
    clock.advance(1000);
    appendAudit(d, { actor: 'admin', action: 'employee.update', entityType: 'employee', entityId: `e${i}`, before: { rate: 1 }, after: { rate: 0.5 }, details: { i } }, clock);
  }
}

function head(): Record<string, unknown> {
  return JSON.parse(readFileSync(headFile, 'utf8')) as Record<string, unknown>;
}

beforeEach(() => {
  clock = new ManualClock('2026-03-01T10:00:00Z');
  dir = mkdtempSync(join(tmpdir(), 'audit-keyed-'));
  headFile = join(dir, AUDIT_HEAD_FILE);
  db = keyed(openDatabase(join(dir, 'gw.db')));
});
afterEach(() => {
  for (const d of others.splice(0)) d.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the keyed chain', () => {
  it('is HMAC-SHA-256 under HKDF(data key, fixed label), exactly as createHmac computes it', () => {
    seed(db, 2);
    const rows = storedRows(db);
    const hexKey = Buffer.from(hkdfSync('sha256', KEY, Buffer.alloc(0), 'argus-gateway/audit-chain/v1', 32)).toString('hex');
    for (const r of rows) {
      expect(r.keyed).toBe(1);
      const { prev_hash: prev, hash, keyed: _k, ...row } = r;
      const text = prev + JSON.stringify({ action: row.action, actor: row.actor, after: JSON.parse(row.after!), at: row.at, before: JSON.parse(row.before!), details: JSON.parse(row.details!), entityId: row.entityId, entityType: row.entityType, id: row.id });
      expect(hash).toBe(createHmac('sha256', hexKey).update(text).digest('hex'));
      expect(deriveAuditKey(KEY).mac(text)).toBe(hash);
    }
  });

  it('says where the keyed part begins, and keeps verifying rows written before it with plain SHA-256', () => {
    const bare = connection();
    seed(bare, 3);
    seed(db, 2);
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: true, rows: 5, keyedFrom: 4, lastId: 5, head: { state: 'matches', lastId: 5, keyedFrom: 4 } });
    expect(v.message).toBe('audit chain intact: 5 rows verified, plain SHA-256 up to #3 and keyed (HMAC-SHA-256) from #4; sealed head matches #5');
  });

  it('shows an edit re-chained with plain SHA-256 after it (verified as intact before keying)', () => {
    seed(db, 5);
    db.prepare(`UPDATE audit_log SET after = '{"rate":2}' WHERE id = 3`).run();
    rechain(db, 3);
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, rows: 2, firstBadId: 3 });
    expect(v.message).toMatch(/^audit row 3 was altered: its keyed hash \(HMAC-SHA-256\) does not match its content, so it was changed or written without the gateway's key;/);
    expect(v.problem).toBe("audit row 3 was altered: its keyed hash (HMAC-SHA-256) does not match its content, so it was changed or written without the gateway's key");
  });

  it('shows rows downgraded to plain hashes after keyed ones, and a whole log downgraded against the head', () => {
    seed(db, 5);
    db.prepare(`UPDATE audit_log SET actor = 'mallory' WHERE id = 4`).run();
    rechain(db, 4, { markPlain: true });
    expect(verifyAuditChain(db).message).toMatch(/^audit row 4 has a plain hash although the keyed part began at #1: it was forged or re-chained without the gateway's key;/);

    // Every row plain: the chain itself is a valid plain chain, but the sealed head names another hash.
    rechain(db, 1, { markPlain: true });
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, keyedFrom: null, head: { state: 'diverged' } });
    expect(v.head.message).toMatch(/^the log no longer holds the sealed head: #5 was sealed with hash [0-9a-f]{12}…, the log's #5 has [0-9a-f]{12}…: entries were removed and others written in their place$/);
  });

  it('refuses to chain onto a keyed tail its key does not verify (a forger, or another data key)', () => {
    seed(db, 3);
    const forger = keyed(connection(), { key: randomBytes(32), head: null });
    db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    // The forger's connection checks the tail it chains onto: row 2 is keyed and does not verify under its key.
    expect(() => seed(forger, 1)).toThrow(/the audit log's last entry #2 does not verify under this gateway's audit key/);
  });

  it('refuses a plain append after keyed rows on a connection without the key', () => {
    seed(db, 2);
    const bare = connection();
    let err: unknown;
    try {
      seed(bare, 1);
    } catch (e) {
      err = e;
    }
    expect(isGatewayError(err) && err.code).toBe('audit_key_required');
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(2);
  });

  it('says it cannot check keyed rows without the key, rather than calling them intact', () => {
    seed(db, 2);
    const v = verifyAuditChain(connection());
    expect(v).toMatchObject({ ok: false, rows: 0, keyedFrom: 1 });
    expect(v.firstBadId).toBeUndefined();
    expect(v.message).toMatch(/^audit rows from #1 on are keyed, and the audit key is not available here \(this connection has none\): they cannot be checked;/);
  });
});

describe('the sealed head', () => {
  it('is written after each commit, owner-only, atomically, and opens only under the key', () => {
    seed(db, 3);
    expect(head()).toMatchObject({ v: 1, lastId: 3, count: 3, keyedFrom: 1, since: { id: 1 } });
    expect(statSync(headFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const other = keyed(connection(), { key: randomBytes(32) });
    expect(verifyAuditChain(other).head.state).toBe('tampered');
  });

  it('reports a cut tail in words, and the next entries never hide the gap', () => {
    seed(db, 10);
    db.prepare('DELETE FROM audit_log WHERE id > 7').run();
    let v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, rows: 7, lastId: 7, head: { state: 'truncated', lastId: 10 } });
    expect(v.head.message).toBe('the log ends at #7 but #10 was written: 3 rows are missing');
    expect(v.message).toBe('audit chain intact: 7 rows verified, keyed (HMAC-SHA-256) from #1; the log ends at #7 but #10 was written: 3 rows are missing');

    seed(db, 1);
    expect(verifyAuditChain(db).head.message).toBe('the log ends at #8 but #10 was written: 2 rows are missing');
    // Written past the old end: the log's #10 is not the one sealed, and the head stays as the evidence.
    seed(db, 4);
    v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, head: { state: 'diverged', lastId: 10 } });
    expect(head()).toMatchObject({ lastId: 10 });
  });

  it('reports a head behind the log (a crash between commit and head update) as such, and the next entry catches up', () => {
    seed(db, 3);
    // Another process that stopped before updating the head: its rows are keyed, the head stays at #3.
    const crashed = keyed(connection(), { head: null });
    seed(crashed, 2);
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: true, head: { state: 'behind', lastId: 3 } });
    expect(v.head.message).toBe(
      'the sealed head is behind the log: it names #3, the log goes on to #5 (2 rows written after it: a process stopped between a commit and the head update; the next entry moves it on)',
    );
    seed(db, 1);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, head: { state: 'matches', lastId: 6 } });
  });

  it('says plainly when it is missing, and the next entry starts a new one', () => {
    expect(verifyAuditChain(db).head).toMatchObject({ state: 'missing', message: 'no sealed head yet: the log has no keyed entries (the next entry starts the keyed part and writes the head)' });
    seed(db, 3);
    unlinkSync(headFile);
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: true, head: { state: 'missing' } });
    expect(v.head.message).toBe(
      'no sealed head (audit-head.json) in the data directory: a fresh directory, a version that wrote none, or a deleted file; the next entry writes it, and until then a cut tail cannot be detected',
    );
    seed(db, 1);
    expect(verifyAuditChain(db).head).toMatchObject({ state: 'matches', lastId: 4, keyedFrom: 1, since: { id: 4 } });
  });

  it('reports an edited head as tampered and leaves it in place as evidence', () => {
    seed(db, 3);
    writeFileSync(headFile, JSON.stringify({ ...head(), lastId: 2, count: 2 }));
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, head: { state: 'tampered' } });
    expect(v.head.message).toBe("the sealed head audit-head.json does not open under the gateway's key (its seal does not match): it was edited or replaced, or written under another data key");
    seed(db, 1);
    expect(head()).toMatchObject({ lastId: 2 });
    writeFileSync(headFile, 'not json');
    expect(verifyAuditChain(db).head.message).toMatch(/\(it is not JSON\)/);
  });

  it('moves once per transaction, after commit; a rollback leaves it', async () => {
    seed(db, 1);
    db.transaction(() => {
      appendAudit(db, { actor: 'a', action: 'x', entityType: 't' }, clock);
      appendAudit(db, { actor: 'a', action: 'y', entityType: 't' }, clock);
      expect(head()).toMatchObject({ lastId: 1 });
    })();
    await Promise.resolve();
    expect(head()).toMatchObject({ lastId: 3 });
    expect(() =>
      db.transaction(() => {
        appendAudit(db, { actor: 'a', action: 'z', entityType: 't' }, clock);
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    await Promise.resolve();
    expect(head()).toMatchObject({ lastId: 3 });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3, head: { state: 'matches' } });
  });

  it('follows an apply batch with one update', () => {
    seed(db, 1);
    const r = appendAuditBatch(db, Array.from({ length: 500 }, (_, i) => ({ actor: 'sync', action: 'employee.create', entityType: 'employee', entityId: `n${i}`, after: { i } })), clock);
    expect(r).toEqual({ firstId: 2, lastId: 501, count: 500 });
    expect(db.prepare('SELECT count(*) FROM audit_log WHERE keyed = 1').pluck().get()).toBe(501);
    expect(head()).toMatchObject({ lastId: 501 });
  });

  it('never moves backwards when two processes append at once', async () => {
    const gwDir = join(dir, 'shared');
    const child = join(dirname(fileURLToPath(import.meta.url)), 'testing', 'append-child.ts');
    const run = (name: string) =>
      new Promise<number>((resolve, reject) => {
        const p = spawn(process.execPath, [child, gwDir, name === 'first' ? '50' : '200', name], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => (err += d));
        p.on('error', reject);
        p.on('close', (code) => (code === 0 ? resolve(code) : reject(new Error(`${name} exited ${code}: ${err}`))));
      });
    // The first creates the directory and its key, so both share one.
    await run('first');
    const seen: number[] = [];
    const watch = setInterval(() => {
      try {
        seen.push((JSON.parse(readFileSync(join(gwDir, AUDIT_HEAD_FILE), 'utf8')) as { lastId: number }).lastId);
      } catch {
        // Between a rename and the next read: nothing to record.
      }
    }, 2);
    try {
      await Promise.all([run('a'), run('b')]);
    } finally {
      clearInterval(watch);
    }
    const final = (JSON.parse(readFileSync(join(gwDir, AUDIT_HEAD_FILE), 'utf8')) as { lastId: number }).lastId;
    expect(final).toBe(450);
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    const shared = keyed(openDatabase(join(gwDir, 'gateway.sqlite')), { key: Buffer.from(readFileSync(join(gwDir, 'secret.key'), 'utf8').trim(), 'base64'), head: join(gwDir, AUDIT_HEAD_FILE) });
    others.push(shared);
    expect(verifyAuditChain(shared)).toMatchObject({ ok: true, rows: 450, keyedFrom: 1, head: { state: 'matches', lastId: 450 } });
    // The two really appended at once: their rows alternate, not one block after the other.
    const actors = shared.prepare('SELECT actor FROM audit_log ORDER BY id').pluck().all() as string[];
    expect(actors.filter((a, i) => i > 0 && a !== actors[i - 1]).length).toBeGreaterThan(2);
  }, 60_000);
});

describe('anchors', () => {
  it('prove the log still holds the anchored row unchanged', () => {
    seed(db, 5);
    const now = auditHeadNow(db);
    expect(now.head.state).toBe('matches');
    const line = formatAnchor(now.anchor!);
    expect(line).toMatch(/^argus-audit-anchor:v1:5:5:[0-9a-f]{64}$/);
    const anchor = parseAnchor(line);
    seed(db, 2);
    expect(verifyAuditChain(db, { anchor }).anchor).toEqual({ ok: true, message: `the anchor #5 is in the log unchanged (hash ${anchor.hash.slice(0, 12)}…), and the chain up to it verifies` });

    // Even someone with the key cannot re-chain under an anchor kept elsewhere.
    const insider = keyed(connection(), { head: null });
    insider.prepare(`UPDATE audit_log SET actor = 'mallory' WHERE id = 2`).run();
    rechain(insider, 1, { key: deriveAuditKey(KEY) });
    const v = verifyAuditChain(db, { anchor });
    expect(v.anchor!.ok).toBe(false);
    expect(v.anchor!.message).toMatch(/^the log's #5 is not the anchored one: its hash is [0-9a-f]{12}…, the anchor's [0-9a-f]{12}…: entries up to #5 were changed or rewritten$/);
  });

  it('name the rows missing when the log was cut before the anchor', () => {
    seed(db, 6);
    const anchor = auditHeadNow(db).anchor!;
    db.prepare('DELETE FROM audit_log WHERE id > 3').run();
    expect(verifyAuditChain(db, { anchor }).anchor).toEqual({ ok: false, message: 'the anchor #6 is not in the log: the log ends at #3 (3 rows missing since the anchor was taken)' });
  });

  it('are refused when malformed', () => {
    expect(() => parseAnchor('argus-audit-anchor:v1:5:5:xyz')).toThrow(/is not an audit anchor: expected argus-audit-anchor:v1:<id>:<count>:<64 hex digits>/);
  });

  it('are not offered while the log does not hold the head', () => {
    seed(db, 4);
    db.prepare('DELETE FROM audit_log WHERE id = 4').run();
    expect(auditHeadNow(db)).toMatchObject({ anchor: null, head: { state: 'truncated' } });
  });
});

describe('a malformed row', () => {
  it('is listed and exported with its problem, and verify names it', () => {
    seed(db, 6);
    db.prepare("UPDATE audit_log SET details = '{broken' WHERE id = 5").run();
    const { entries } = listAudit(db, { limit: 10 });
    const bad = entries.find((e) => e.id === 5)!;
    expect(bad).toMatchObject({ details: '{broken', malformed: ['details'], keyed: true });
    expect(entries.filter((e) => e.malformed)).toHaveLength(1);
    expect(auditCsvRow(bad)).toMatch(/;\{broken;[0-9a-f]{64};details is not valid JSON\r\n$/);
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, firstBadId: 5 });
    expect(v.message).toMatch(/^audit row 5 was altered: its keyed hash \(HMAC-SHA-256\) does not match its content, so it was changed or written without the gateway's key \(its details column is not valid JSON\);/);
  });

  it('with a time that is not an instant is listed and exported as stored', () => {
    seed(db, 2);
    db.prepare("UPDATE audit_log SET at = 'yesterday' WHERE id = 1").run();
    const e = listAudit(db, {}).entries.find((x) => x.id === 1)!;
    expect(e).toMatchObject({ at: 'yesterday', malformed: ['at'] });
    expect(auditCsvRow(e)).toMatch(/^1;yesterday;admin;/);
  });
});

describe('verification', () => {
  it('gives the same verdict walking with pauses as in one pass', async () => {
    seed(db, 30);
    db.prepare(`UPDATE audit_log SET actor = 'x' WHERE id = 17`).run();
    expect(await verifyAuditChainAsync(db, { sliceMs: 0 })).toEqual(verifyAuditChain(db));
  });

  it('keeps working when the key cannot be had, saying why', () => {
    seed(db, 1);
    const noKey = connection();
    attachAuditKey(noKey, {
      dataKey: () => {
        throw new Error('the keychain is locked');
      },
      headFile,
      clock,
    });
    const v = verifyAuditChain(noKey);
    expect(v.ok).toBe(false);
    expect(v.head).toMatchObject({ state: 'unchecked', message: 'the sealed head was not checked: the audit key cannot be had: the keychain is locked' });
    expect(() => seed(noKey, 1)).toThrow(/the audit key cannot be had: the keychain is locked/);
  });

  it('leaves no head file behind when none is configured', () => {
    const d = keyed(connection(), { head: null });
    seed(d, 1);
    expect(existsSync(headFile)).toBe(false);
  });
});
