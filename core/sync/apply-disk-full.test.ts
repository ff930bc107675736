/**
 * A disk that fills up in the middle of an apply. PRAGMA max_page_count makes
 * SQLite answer SQLITE_FULL exactly as a full disk does, from the batch after
 * the one where it is set: the operator reads which batch stopped, that it left
 * nothing behind, and what to do; apply again resumes and finishes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/index.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { GatewayError } from '../errors.ts';
import { ManualClock } from '../time/clock.ts';
import { SyncService } from './service.ts';
import { rawAgent } from './testing/fixtures.ts';
import { MemorySource } from './testing/memory-source.ts';

let dir: string;
let file: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apply-full-'));
  file = join(dir, 'gateway.sqlite');
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const applied = () => db.prepare('SELECT applied_items AS done, applicable_items AS total FROM sync_plans').get() as { done: number; total: number };
const employees = () => db.prepare('SELECT count(*) FROM employees').pluck().get() as number;

describe('apply on a full disk', () => {
  it('names the file and the batch that stopped, writes nothing of it, and resumes once there is room', async () => {
    const source = new MemorySource(Array.from({ length: 240 }, (_, i) => rawAgent(i + 1)));
    const sync = new SyncService({ db, source, clock: new ManualClock('2026-03-15T09:00:00Z'), settings: { applyBatchSize: 60 } });
    const plan = await sync.createPlan({ from: '2026-01-01', to: '2026-12-31', createdBy: 'test' });
    sync.approve(plan.id, { by: 'Иванова', confirmMassDeactivation: true });
    const total = applied().total;

    // After the second batch the disk "fills": not one more page.
    let err: unknown;
    await sync
      .apply(plan.id, {
        onProgress: (p) => {
          if (p.done === 120) db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
        },
      })
      .catch((e: unknown) => (err = e));

    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({
      code: 'apply_disk_full',
      kind: 'permanent',
      message: `the disk holding ${file} is full; the apply of plan ${plan.id} stopped after batch 2 (120 of ${total} items written), nothing of batch 3 was written; free space and run apply again: it resumes where it stopped`,
    });
    expect(applied().done).toBe(120);
    const before = employees();
    expect(before).toBeLessThanOrEqual(120);
    expect(verifyAuditChain(db).ok).toBe(true);

    db.pragma('max_page_count = 1073741823');
    const result = await sync.apply(plan.id);
    expect(result.alreadyApplied).toBe(false);
    expect(applied()).toEqual({ done: total, total });
    expect(employees()).toBe(240);
    expect(verifyAuditChain(db).ok).toBe(true);
  });
});
