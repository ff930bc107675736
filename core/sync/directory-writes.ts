/**
 * Prepared statements that write the directory, one set per connection. Only
 * apply writes the directory; the revision triggers see every row it touches.
 */
import { RowBuffer } from '../db/bulk.ts';
import type { Db } from '../db/open.ts';
import type { DepartmentState, EmployeeAfter, PositionState, VacationScope } from './model.ts';

export interface DirectoryWriter {
  /** Returns the new row id. */
  createEmployee(e: EmployeeAfter, now: string): number;
  /** Returns the row id. */
  updateEmployee(e: EmployeeAfter, now: string): number;
  /** Balances of a new employee: nothing to delete first. Buffered: call flush() before reading. */
  insertVacations(employeeId: number, v: readonly { date: string; days: number }[]): void;
  /** Replaces the balances within the scope with the given ones (the new ones buffered like insertVacations). */
  replaceVacations(employeeId: number, scope: VacationScope, v: readonly { date: string; days: number }[]): void;
  /** Writes buffered balances; before anything reads them or the directory revision. */
  flush(): void;
  /** Drops buffered balances: the transaction they belonged to failed. */
  discard(): void;
  upsertDepartment(d: DepartmentState, now: string): void;
  upsertPosition(p: PositionState, now: string): void;
}

const writers = new WeakMap<Db, DirectoryWriter>();

export function directoryWriter(db: Db): DirectoryWriter {
  let w = writers.get(db);
  if (w) return w;
  const insEmp = db.prepare(
    `INSERT INTO employees (external_id, tab_n, last_name, first_name, second_name, hire_date, termination_date, position_external_id,
      position_name, position_change_date, department_external_id, rate, norm_week, norm_week_change_date, login, sn, db_id, area,
      active, created_at, updated_at, deactivated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // deactivated_at: set when the row goes inactive, cleared when it comes back, kept otherwise.
  const updEmp = db.prepare(
    `UPDATE employees SET tab_n = @tabN, last_name = @lastName, first_name = @firstName, second_name = @secondName,
      hire_date = @hireDate, termination_date = @terminationDate, position_external_id = @positionId, position_name = @positionName,
      position_change_date = @positionChangeDate, department_external_id = @departmentId, rate = @rate, norm_week = @normWeek,
      norm_week_change_date = @normWeekChangeDate, login = @login, sn = @sn, db_id = @dbId, area = @area,
      deactivated_at = CASE WHEN @active = 1 THEN NULL WHEN active = 1 THEN @now ELSE deactivated_at END,
      active = @active, updated_at = @now
     WHERE external_id = @externalId RETURNING id`,
  );
  const delVac = db.prepare('DELETE FROM vacation_balances WHERE employee_id = ? AND accrual_date BETWEEN ? AND ?');
  // Two balances per employee, 200 000 rows for a full roster: many rows per statement.
  const vacRows = new RowBuffer(db, 'INSERT INTO vacation_balances (employee_id, accrual_date, days)', 3);
  const upDept = db.prepare(
    `INSERT INTO departments (external_id, name, parent_external_id, active, created_at, updated_at, deactivated_at)
     VALUES (@externalId, @name, @parentId, @active, @now, @now, CASE WHEN @active = 1 THEN NULL ELSE @now END)
     ON CONFLICT (external_id) DO UPDATE SET name = excluded.name, parent_external_id = excluded.parent_external_id,
       deactivated_at = CASE WHEN excluded.active = 1 THEN NULL WHEN departments.active = 1 THEN excluded.updated_at ELSE departments.deactivated_at END,
       active = excluded.active, updated_at = excluded.updated_at`,
  );
  const upPos = db.prepare(
    `INSERT INTO positions (external_id, name, active, created_at, updated_at, deactivated_at)
     VALUES (@externalId, @name, @active, @now, @now, CASE WHEN @active = 1 THEN NULL ELSE @now END)
     ON CONFLICT (external_id) DO UPDATE SET name = excluded.name,
       deactivated_at = CASE WHEN excluded.active = 1 THEN NULL WHEN positions.active = 1 THEN excluded.updated_at ELSE positions.deactivated_at END,
       active = excluded.active, updated_at = excluded.updated_at`,
  );
  w = {
    createEmployee(e, now) {
      const r = insEmp.run(
        e.externalId, e.tabN, e.lastName, e.firstName, e.secondName, e.hireDate, e.terminationDate, e.positionId, e.positionName,
        e.positionChangeDate, e.departmentId, e.rate, e.normWeek, e.normWeekChangeDate, e.login, e.sn, e.dbId, e.area,
        e.active ? 1 : 0, now, now, e.active ? null : now,
      );
      return Number(r.lastInsertRowid);
    },
    updateEmployee(e, now) {
      const r = updEmp.get({
        externalId: e.externalId, tabN: e.tabN, lastName: e.lastName, firstName: e.firstName, secondName: e.secondName,
        hireDate: e.hireDate, terminationDate: e.terminationDate, positionId: e.positionId, positionName: e.positionName,
        positionChangeDate: e.positionChangeDate, departmentId: e.departmentId, rate: e.rate, normWeek: e.normWeek,
        normWeekChangeDate: e.normWeekChangeDate, login: e.login, sn: e.sn, dbId: e.dbId, area: e.area, active: e.active ? 1 : 0, now,
      }) as { id: number } | undefined;
      if (!r) throw new Error(`employee ${e.externalId} is not in the directory any more`);
      return r.id;
    },
    insertVacations(employeeId, v) {
      for (const x of v) vacRows.add(employeeId, x.date, x.days);
    },
    replaceVacations(employeeId, scope, v) {
      // Each employee's balances are deleted before its new ones are buffered; no two items of a batch share an employee.
      delVac.run(employeeId, scope.from, scope.to);
      for (const x of v) vacRows.add(employeeId, x.date, x.days);
    },
    flush() {
      vacRows.flush();
    },
    discard() {
      vacRows.discard();
    },
    upsertDepartment(d, now) {
      upDept.run({ externalId: d.externalId, name: d.name, parentId: d.parentId, active: d.active ? 1 : 0, now });
    },
    upsertPosition(p, now) {
      upPos.run({ externalId: p.externalId, name: p.name, active: p.active ? 1 : 0, now });
    },
  };
  writers.set(db, w);
  return w;
}
