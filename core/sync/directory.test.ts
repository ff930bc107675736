import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open.ts';
import { directoryView } from './directory.ts';
import type { EmployeeState, VacationBalance } from './model.ts';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

function addEmployee(id: number, externalId: string, active = 1): void {
  db.prepare(
    `INSERT INTO employees (id, external_id, tab_n, last_name, first_name, second_name, hire_date, norm_week, active, created_at, updated_at)
     VALUES (?, ?, ?, 'Иванова', 'Мария', '', '2020-01-01', 40, ?, 'x', 'x')`,
  ).run(id, externalId, `${id}-1`, active);
}
function addBalance(employeeId: number, date: string, days: number): void {
  db.prepare('INSERT INTO vacation_balances (employee_id, accrual_date, days) VALUES (?, ?, ?)').run(employeeId, date, days);
}

describe('directoryView', () => {
  it('visits every employee once with its balances in scope, sorted, walking both scans side by side', () => {
    addEmployee(1, 'a-1');
    addEmployee(3, 'a-3', 0);
    addEmployee(7, 'a-7');
    addEmployee(8, 'a-8');
    addBalance(7, '2026-03-01', 2);
    addBalance(7, '2026-01-01', 1);
    addBalance(7, '2025-12-01', 9); // before the scope
    addBalance(3, '2026-02-01', 5.25);
    addBalance(8, '2027-01-01', 4); // after the scope
    db.prepare("INSERT INTO departments (external_id, name, active, created_at, updated_at) VALUES ('d-1', 'Продажи', 1, 'x', 'x')").run();

    const view = directoryView(db, { from: '2026-01-01', to: '2026-12-31' });
    const seen: [EmployeeState, readonly VacationBalance[]][] = [];
    view.forEachEmployee((e, v) => seen.push([e, v]));
    // In pages of one, two and three rows, with gaps in the row ids and balances at page edges: the same visits.
    for (const pageRows of [1, 2, 3]) {
      const paged: [EmployeeState, readonly VacationBalance[]][] = [];
      directoryView(db, { from: '2026-01-01', to: '2026-12-31' }, { pageRows }).forEachEmployee((e, v) => paged.push([e, v]));
      expect(paged).toEqual(seen);
    }

    expect(seen.map(([e, v]) => [e.externalId, e.active, v])).toEqual([
      ['a-1', true, []],
      ['a-3', false, [{ date: '2026-02-01', days: 5.25 }]],
      ['a-7', true, [{ date: '2026-01-01', days: 1 }, { date: '2026-03-01', days: 2 }]],
      ['a-8', true, []],
    ]);
    expect(seen[0]![0]).toMatchObject({ tabN: '1-1', lastName: 'Иванова', normWeek: 40, terminationDate: null });
    expect([...view.departments.keys()]).toEqual(['d-1']);
  });

  it('leaves the connection free when the visitor throws', () => {
    addEmployee(1, 'a-1');
    addEmployee(2, 'a-2');
    addBalance(1, '2026-01-01', 1);
    addBalance(2, '2026-01-01', 1); // still unread when the visitor throws at a-1
    const view = directoryView(db, { from: '2026-01-01', to: '2026-12-31' });
    expect(() =>
      view.forEachEmployee(() => {
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(() => db.prepare('DELETE FROM vacation_balances').run()).not.toThrow();
  });
});
