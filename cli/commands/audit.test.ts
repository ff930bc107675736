import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../core/contract/index.ts';
import { appendAudit } from '../../core/audit/index.ts';
import { databaseFile } from '../../core/config/data-dir.ts';
import { openDatabase } from '../../core/db/open.ts';
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
