import { chmodSync, chownSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../core/contract/index.ts';
import { appendAudit, lastVerification } from '../../core/audit/index.ts';
import { databaseFile } from '../../core/config/data-dir.ts';
import { openDatabase } from '../../core/db/open.ts';
import { createGateway } from '../../core/service.ts';
import { ManualClock } from '../../core/time/clock.ts';
import { gatewayctl, gatewayctlJson as json } from '../testing/gatewayctl.ts';

describe('gatewayctl audit', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatewayctl-audit-'));
    const db = openDatabase(databaseFile(dir));
    try {
      const clock = new ManualClock('2026-03-02T10:00:00Z');
      appendAudit(db, { actor: 'Иванова', action: 'config.set', entityType: 'config', entityId: 'onec.url', after: { value: 'http://1c' } }, clock);
      clock.advance(60_000);
      appendAudit(db, { actor: 'Петров', action: 'sync.plan.approved', entityType: 'sync_plan', entityId: '4', details: { comment: 'Да; "ок"' } }, clock);
    } finally {
      db.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists newest first with filters', async () => {
    const all = await json<{ total: number; entries: AuditEntryView[] }>(dir, ['audit', 'list']);
    expect(all.entries.map((e) => e.action).slice(0, 2)).toEqual(['sync.plan.approved', 'config.set']);
    const one = await json<{ total: number; entries: AuditEntryView[] }>(dir, ['audit', 'list', '--action', 'config.set', '--limit', '5']);
    expect(one.entries.map((e) => e.actor)).toEqual(['Иванова']);
    const found = await json<{ total: number }>(dir, ['audit', 'list', '--search', 'ок']);
    expect(found.total).toBe(1);
    const bad = await gatewayctl(dir, ['audit', 'list', '--limit', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--limit must be a whole number from 1 to 1000');
  });

  it('exports CSV with the BOM, ";" and quoting', async () => {
    const out = join(dir, 'audit.csv');
    const r = await json<{ rows: number; total: number }>(dir, ['audit', 'export', '--out', out, '--actor', 'Петров']);
    expect(r).toMatchObject({ rows: 1, total: 1 });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFid;time (UTC);actor;')).toBe(true);
    expect(text).toContain(';Петров;sync.plan.approved;sync_plan;4;;;"{""comment"":""Да; \\""ок\\""""}";');
  });

  it('verifies the chain, and exits 1 naming the entry altered through SQL', async () => {
    const ok = await json<{ ok: boolean; rows: number }>(dir, ['audit', 'verify']);
    expect(ok.ok).toBe(true);
    const db = openDatabase(databaseFile(dir));
    try {
      db.prepare("UPDATE audit_log SET actor = 'Кто-то' WHERE action = 'config.set' AND entity_id = 'onec.url'").run();
    } finally {
      db.close();
    }
    const bad = await gatewayctl(dir, ['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/audit row 1 was altered/);
  });
});

describe("gatewayctl audit on a gateway's keyed log", () => {
  let base: string;
  let dir: string;
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'gatewayctl-audit-keyed-'));
    dir = join(base, 'data');
    const gw = await createGateway({ dataDir: dir, clock: new ManualClock('2026-03-02T10:00:00Z'), actor: 'Иванова' });
    try {
      for (let i = 1; i <= 10; i++) gw.audit({ action: 'config.set', entityType: 'config', entityId: `k${i}`, after: { value: i } });
    } finally {
      await gw.close();
    }
  });
  afterAll(() => {
    // A read-only copy must become writable again to be removed by a user other than root.
    for (const p of walk(base)) chmodSync(p, statSync(p).mode | 0o200);
    rmSync(base, { recursive: true, force: true });
  });

  function walk(root: string): string[] {
    const out: string[] = [];
    for (const name of readdirSync(root)) {
      const p = join(root, name);
      if (statSync(p).isDirectory()) out.push(...walk(p));
      out.push(p);
    }
    return out;
  }

  function sql(statement: string): void {
    const db = openDatabase(databaseFile(dir));
    try {
      db.prepare(statement).run();
    } finally {
      db.close();
    }
  }

  it('verifies on a read-only copy of the data directory, writing nothing there', async () => {
    const copy = join(base, 'copy');
    cpSync(dir, copy, { recursive: true });
    // As root, permissions mean nothing: the copy goes to an unprivileged user, who reads it.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    if (as) {
      chmodSync(base, 0o755);
      for (const p of [...walk(copy), copy]) chownSync(p, as.uid, as.gid);
    }
    for (const p of [...walk(copy), copy]) chmodSync(p, statSync(p).mode & ~0o222);
    const snapshot = () => walk(copy).map((p) => `${p} ${statSync(p).size} ${statSync(p).mtimeMs}`);
    const before = snapshot();
    const r = await gatewayctl(copy, ['audit', 'verify', '--json'], undefined, as);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, rows: 10, keyedFrom: 1, head: { state: 'matches', lastId: 10 }, checkedBy: expect.stringMatching(/^gatewayctl audit verify \(ci-operator, pid \d+\)$/) });
    const anchor = await gatewayctl(copy, ['audit', 'anchor'], undefined, as);
    expect(anchor.code).toBe(0);
    expect(anchor.stdout).toMatch(/^argus-audit-anchor:v1:10:10:[0-9a-f]{64}\n$/);
    expect((await gatewayctl(copy, ['audit', 'list', '--limit', '1'], undefined, as)).stdout).toMatch(/^#10 /);
    expect(snapshot()).toEqual(before);
  });

  it('prints an anchor, and proves it later; exits 1 with a sentence once rows it covers are gone', async () => {
    const line = (await gatewayctl(dir, ['audit', 'anchor'])).stdout.trim();
    expect(line).toMatch(/^argus-audit-anchor:v1:10:10:[0-9a-f]{64}$/);
    expect(await json<{ anchor: string; lastId: number; head: string }>(dir, ['audit', 'anchor'])).toMatchObject({ anchor: line, lastId: 10, count: 10, keyedFrom: 1, head: 'matches' });
    const ok = await gatewayctl(dir, ['audit', 'verify', '--anchor', line]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^audit chain intact: 10 rows verified, keyed \(HMAC-SHA-256\) from #1; sealed head matches #10\nthe anchor #10 is in the log unchanged/);
    // Noted where the console shows the last verification.
    const db = openDatabase(databaseFile(dir));
    try {
      expect(lastVerification(db)).toMatchObject({ ok: true, rows: 10, checkedBy: expect.stringMatching(/^gatewayctl audit verify \(ci-operator, pid \d+\)$/) });
    } finally {
      db.close();
    }
    const bad = await gatewayctl(dir, ['audit', 'verify', '--anchor', 'argus-audit-anchor:v1:10:10:nothex']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not an audit anchor/);

    sql('DELETE FROM audit_log WHERE id > 7');
    const cut = await gatewayctl(dir, ['audit', 'verify']);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toBe('error: audit chain intact: 7 rows verified, keyed (HMAC-SHA-256) from #1; the log ends at #7 but #10 was written: 3 rows are missing (7 entries before it verified)\n');
    const anchored = await gatewayctl(dir, ['audit', 'anchor']);
    expect(anchored.code).toBe(1);
    expect(anchored.stderr).toBe('error: no anchor can be taken: the log ends at #7 but #10 was written: 3 rows are missing\n');
  });

  it('lists and exports a malformed row with its problem, and verify names it', async () => {
    sql("UPDATE audit_log SET details = '{broken' WHERE id = 5");
    const list = await gatewayctl(dir, ['audit', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^#5 .* config k5 {2}\[malformed: details is not valid JSON\]$/m);
    const out = join(base, 'malformed.csv');
    const r = await json<{ rows: number }>(dir, ['audit', 'export', '--out', out]);
    expect(r.rows).toBe(7);
    expect(readFileSync(out, 'utf8')).toMatch(/\r\n5;[^\r\n]*;\{broken;[0-9a-f]{64};details is not valid JSON\r\n/);
    const v = await gatewayctl(dir, ['audit', 'verify']);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/audit row 5 was altered: .* \(its details column is not valid JSON\)/);
  });
});
