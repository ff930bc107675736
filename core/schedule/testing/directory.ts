/** A temporary database with a small directory written as apply writes it, for schedule tests without 1C. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../db/open.ts';

export interface TestEmployee {
  id: string;
  tabN: string;
  last: string;
  first: string;
  hire?: string;
  termination?: string | null;
  area?: string | null;
  rate?: number | null;
  department?: string;
  active?: boolean;
  normWeek?: number;
}

/** Иванов (Moscow), Петрова (Yekaterinburg, hired 2026-12-05), Сидоров (terminated 2026-12-20), two sharing a tab number, one at an unknown site. */
export const STAFF: TestEmployee[] = [
  { id: 'a-ivanov', tabN: '100-01', last: 'Иванов', first: 'Иван', area: 'Moscow' },
  { id: 'a-petrova', tabN: '100-02', last: 'Петрова', first: 'Анна', area: 'Yekaterinburg', hire: '2026-12-05', rate: 0.5 },
  { id: 'a-sidorov', tabN: '100-03', last: 'Сидоров', first: 'Олег', area: 'Moscow', termination: '2026-12-20' },
  { id: 'a-twin1', tabN: '200-00', last: 'Кузнецов', first: 'Пётр', area: 'Moscow' },
  { id: 'a-twin2', tabN: '200-00', last: 'Кузнецова', first: 'Мария', area: 'Moscow' },
  { id: 'a-far', tabN: '100-04', last: 'Орлов', first: 'Глеб', area: 'Марс' },
];

export function insertEmployees(db: Db, staff: readonly TestEmployee[]): void {
  const now = '2026-11-01T00:00:00.000Z';
  db.prepare("INSERT OR IGNORE INTO departments (external_id, name, parent_external_id, active, created_at, updated_at) VALUES ('d-1', 'Группа входящей линии', NULL, 1, ?, ?)").run(now, now);
  const ins = db.prepare(
    `INSERT INTO employees (external_id, tab_n, last_name, first_name, second_name, hire_date, termination_date, department_external_id, rate, norm_week, norm_week_change_date, area, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const e of staff) {
    const hire = e.hire ?? '2020-01-01';
    ins.run(e.id, e.tabN, e.last, e.first, hire, e.termination ?? null, e.department ?? 'd-1', e.rate === undefined ? 1 : e.rate, e.normWeek ?? 40, hire, e.area ?? null, e.active === false ? 0 : 1, now, now);
  }
}

export function tempDirectoryDb(staff: readonly TestEmployee[] = STAFF): { db: Db; dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sched-db-'));
  const db = openDatabase(join(dir, 'gateway.db'), { log: () => undefined });
  insertEmployees(db, staff);
  return {
    db,
    dir,
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
