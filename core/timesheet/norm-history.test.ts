import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open.ts';
import { SyncService } from '../sync/service.ts';
import { rawAgent } from '../sync/testing/fixtures.ts';
import { MemorySource } from '../sync/testing/memory-source.ts';
import { ManualClock } from '../time/clock.ts';
import { arNorms, readNormHistory } from './norm-history.ts';

describe('AR_norms from a weekly-norm history', () => {
  const history = [
    { normWeek: 40, changeDate: '2019-01-10' },
    { normWeek: 36, changeDate: '2026-03-01' },
    { normWeek: 30, changeDate: '2026-09-15' },
    { normWeek: 40, changeDate: '2027-02-01' },
  ];

  it('carries the norm in effect when the period starts and every change inside it', () => {
    expect(arNorms(history, '2026-01-01', '2026-12-31')).toEqual([
      { normWeek: 40, changeDate: '2019-01-10' },
      { normWeek: 36, changeDate: '2026-03-01' },
      { normWeek: 30, changeDate: '2026-09-15' },
    ]);
  });

  it('starts from a change made on the first day itself', () => {
    expect(arNorms(history, '2026-03-01', '2026-06-30')).toEqual([{ normWeek: 36, changeDate: '2026-03-01' }]);
  });

  it('gives the earliest known norm for a period before any change', () => {
    expect(arNorms(history, '2018-01-01', '2018-12-31')).toEqual([{ normWeek: 40, changeDate: '2019-01-10' }]);
    expect(arNorms([], '2026-01-01', '2026-12-31')).toEqual([]);
  });

  it('does not depend on the order the history comes in', () => {
    expect(arNorms([...history].reverse(), '2026-10-01', '2027-03-31')).toEqual([
      { normWeek: 30, changeDate: '2026-09-15' },
      { normWeek: 40, changeDate: '2027-02-01' },
    ]);
  });
});

describe('the weekly-norm history personnel sync records on apply', () => {
  let dir: string;
  let db: Db;
  let clock: ManualClock;
  let source: MemorySource;
  let sync: SyncService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'norm-history-'));
    db = openDatabase(join(dir, 'gateway.db'), { log: () => undefined });
    clock = new ManualClock('2026-01-15T09:00:00Z');
    source = new MemorySource([rawAgent(1, { normWeek: 36, normWeekChangeDate: '2024-03-01' }), rawAgent(2)]);
    sync = new SyncService({ db, source, clock });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function syncNow(): Promise<void> {
    const plan = await sync.createPlan({ from: '2026-01-01', to: '2026-12-31', createdBy: 't' });
    sync.approve(plan.id, { by: 't' });
    await sync.apply(plan.id, { by: 't' });
  }

  const history = () => {
    const h = readNormHistory(db, ['a-1', 'a-2']);
    return Object.fromEntries([...h].map(([k, v]) => [k, v.map((c) => [c.normWeek, c.changeDate])]));
  };

  it('records the current norm of each new employee from its change date', async () => {
    await syncNow();
    expect(history()).toEqual({ 'a-1': [[36, '2024-03-01']], 'a-2': [[40, '2020-02-01']] });
  });

  it('adds each later change with its date and keeps the earlier ones; other changes record nothing', async () => {
    await syncNow();
    clock.advance(86_400_000);
    source.agents = [rawAgent(1, { normWeek: 30, normWeekChangeDate: '2026-02-01' }), rawAgent(2, { lastname: 'Смирнов' })];
    await syncNow();
    clock.advance(86_400_000);
    // 1C corrects the value of a change it already sent (same date): the record of that date is replaced.
    source.agents = [rawAgent(1, { normWeek: 32, normWeekChangeDate: '2026-02-01' }), rawAgent(2, { lastname: 'Смирнов' })];
    await syncNow();
    expect(history()).toEqual({
      'a-1': [
        [36, '2024-03-01'],
        [32, '2026-02-01'],
      ],
      'a-2': [[40, '2020-02-01']],
    });
    // What getNormHours is sent for 2026.
    expect(arNorms(readNormHistory(db, ['a-1']).get('a-1')!, '2026-01-01', '2026-12-31')).toEqual([
      { normWeek: 36, changeDate: '2024-03-01' },
      { normWeek: 32, changeDate: '2026-02-01' },
    ]);
  });

  it('the migration records the directory as it stood (the value in force from its change date, else the hire date)', () => {
    // Written as version 8 left it, then migrated: the migration's own backfill.
    const dir2 = mkdtempSync(join(tmpdir(), 'norm-history-mig-'));
    try {
      const file = join(dir2, 'gateway.db');
      const old = openDatabase(file, { log: () => undefined });
      for (const t of ['employee_norm_history', 'exchange_job_operations', 'exchange_jobs', 'schedule_uploads', 'timesheet_days', 'timesheet_months', 'norm_hours']) old.exec(`DROP TABLE ${t}`);
      old.exec('DROP INDEX shifts_import');
      old.prepare('DELETE FROM schema_migrations WHERE version >= 9').run();
      old.prepare(
        `INSERT INTO employees (external_id, tab_n, last_name, first_name, hire_date, norm_week, norm_week_change_date, created_at, updated_at)
         VALUES ('x-1', '1', 'А', 'Б', '2021-05-01', 36, '2023-01-09', 't', '2026-01-01T00:00:00.000Z'), ('x-2', '2', 'В', 'Г', '2022-07-01', 40, NULL, 't', '2026-01-01T00:00:00.000Z')`,
      ).run();
      old.pragma('user_version = 8');
      old.close();
      const migrated = openDatabase(file, { log: () => undefined });
      const rows = migrated.prepare('SELECT employee_external_id, change_date, norm_week FROM employee_norm_history ORDER BY 1').raw().all();
      migrated.close();
      expect(rows).toEqual([
        ['x-1', '2023-01-09', 36],
        ['x-2', '2022-07-01', 40],
      ]);
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});
