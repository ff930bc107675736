/**
 * Reading the WFM directory: the view reconcile compares against, and the
 * paged queries the CLI and console list.
 */
import { z } from 'zod';
import { containsPattern, ensureFoldFunction } from '../db/fold.ts';
import type { Db } from '../db/open.ts';
import { GatewayError } from '../errors.ts';
import type { Employee } from '../contract/index.ts';
import type { DepartmentState, DirectoryView, EmployeeState, PositionState, VacationBalance, VacationScope } from './model.ts';

export const EMPLOYEE_COLUMNS =
  'external_id, tab_n, last_name, first_name, second_name, hire_date, termination_date, position_external_id, position_name, position_change_date, department_external_id, rate, norm_week, norm_week_change_date, login, sn, db_id, area, active';

type EmployeeRaw = [
  string, string, string, string, string, string, string | null, string | null, string | null, string | null,
  string | null, number | null, number, string | null, string | null, string | null, string | null, string | null, number,
];

const NONE: readonly VacationBalance[] = Object.freeze([]);

function employeeFromRaw(r: EmployeeRaw): EmployeeState {
  return {
    externalId: r[0],
    tabN: r[1],
    lastName: r[2],
    firstName: r[3],
    secondName: r[4],
    hireDate: r[5],
    terminationDate: r[6],
    positionId: r[7],
    positionName: r[8],
    positionChangeDate: r[9],
    departmentId: r[10],
    rate: r[11],
    normWeek: r[12],
    normWeekChangeDate: r[13],
    login: r[14],
    sn: r[15],
    dbId: r[16],
    area: r[17],
    active: r[18] === 1,
  };
}

/**
 * The directory for reconcile, read in the caller's transaction (the one that
 * reads the fingerprint). Employees and their balances in `scope` come a page
 * of employee rows at a time (keyset on the row id, balances for the same id
 * range): each row is handed over and dropped, where a snapshot of 100 000
 * rows would hold ~70 MB, and a page read with one call costs about a third
 * less than a row-by-row cursor.
 */
export function directoryView(db: Db, scope: VacationScope, opts: { pageRows?: number } = {}): DirectoryView {
  const departments = new Map<string, DepartmentState>();
  for (const [externalId, name, parentId, active] of db
    .prepare('SELECT external_id, name, parent_external_id, active FROM departments')
    .raw()
    .iterate() as IterableIterator<[string, string, string | null, number]>) {
    departments.set(externalId, { externalId, name, parentId, active: active === 1 });
  }
  const positions = new Map<string, PositionState>();
  for (const [externalId, name, active] of db.prepare('SELECT external_id, name, active FROM positions').raw().iterate() as IterableIterator<[string, string, number]>) {
    positions.set(externalId, { externalId, name, active: active === 1 });
  }
  const pageRows = opts.pageRows ?? 4000;
  return {
    departments,
    positions,
    forEachEmployee(visit) {
      const employees = db.prepare(`SELECT ${EMPLOYEE_COLUMNS}, id FROM employees WHERE id > ? ORDER BY id LIMIT ?`).raw();
      // The primary key orders balances by employee row id, then date: each list comes out sorted.
      const balances = db
        .prepare('SELECT employee_id, accrual_date, days FROM vacation_balances WHERE employee_id > ? AND employee_id <= ? AND accrual_date BETWEEN ? AND ? ORDER BY employee_id, accrual_date')
        .raw();
      let after = 0;
      for (;;) {
        const rows = employees.all(after, pageRows) as [...EmployeeRaw, number][];
        if (rows.length === 0) return;
        const last = rows[rows.length - 1]![19];
        const vac = balances.all(after, last, scope.from, scope.to) as [number, string, number][];
        let v = 0;
        for (const r of rows) {
          const rowId = r[19];
          let vacations: VacationBalance[] | null = null;
          while (v < vac.length && vac[v]![0] <= rowId) {
            const b = vac[v++]!;
            if (b[0] === rowId) (vacations ??= []).push({ date: b[1], days: b[2] });
          }
          visit(employeeFromRaw(r as unknown as EmployeeRaw), vacations ?? NONE);
        }
        if (rows.length < pageRows) return;
        after = last;
      }
    },
  };
}

// ---- queries for people

export interface EmployeeDetails extends Employee {
  vacations: VacationBalance[];
}

export interface Department {
  externalId: string;
  name: string;
  parentId: string | null;
  parentName: string | null;
  active: boolean;
  /** Active employees in this department. */
  activeEmployees: number;
}

const listSchema = z.object({
  search: z.string().max(200).optional(),
  active: z.boolean().optional(),
  departmentId: z.string().optional(),
  area: z.string().optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(5000).default(100),
});
export type EmployeeListFilter = z.input<typeof listSchema>;

const SELECT_EMPLOYEE = `SELECT e.external_id, e.tab_n, e.last_name, e.first_name, e.second_name, e.hire_date, e.termination_date,
  e.position_external_id, e.position_name, e.position_change_date, e.department_external_id, e.rate, e.norm_week,
  e.norm_week_change_date, e.login, e.sn, e.db_id, e.area, e.active, d.name, e.created_at, e.updated_at, e.deactivated_at
  FROM employees e LEFT JOIN departments d ON d.external_id = e.department_external_id`;

type EmployeeListRaw = [...EmployeeRaw, string | null, string, string, string | null];

function employeeFromListRaw(r: EmployeeListRaw): Employee {
  const e = employeeFromRaw(r.slice(0, 19) as EmployeeRaw);
  return {
    ...e,
    fullName: [e.lastName, e.firstName, e.secondName].filter((s) => s !== '').join(' '),
    departmentName: r[19],
    createdAt: r[20],
    updatedAt: r[21],
    deactivatedAt: r[22],
  };
}

function invalid(what: string, error: z.ZodError): GatewayError {
  return new GatewayError('invalid_filter', `invalid ${what}: ${error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
}

/** Employees by name, active ones first; search matches names, tab number, login and external id. */
export function listEmployees(db: Db, filter: EmployeeListFilter = {}): { total: number; employees: Employee[] } {
  const parsed = listSchema.safeParse(filter);
  if (!parsed.success) throw invalid('employee filter', parsed.error);
  const f = parsed.data;
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.active !== undefined) {
    where.push('e.active = ?');
    params.push(f.active ? 1 : 0);
  }
  if (f.departmentId) {
    where.push('e.department_external_id = ?');
    params.push(f.departmentId);
  }
  if (f.area) {
    where.push('e.area = ?');
    params.push(f.area);
  }
  if (f.search && f.search.trim() !== '') {
    ensureFoldFunction(db);
    const p = containsPattern(f.search.trim().replace(/\s+/g, ' '));
    where.push(
      `(gw_fold(e.last_name || ' ' || e.first_name || ' ' || e.second_name) LIKE ? ESCAPE '\\' OR gw_fold(e.tab_n) LIKE ? ESCAPE '\\' OR gw_fold(e.login) LIKE ? ESCAPE '\\' OR gw_fold(e.external_id) LIKE ? ESCAPE '\\')`,
    );
    params.push(p, p, p, p);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) FROM employees e ${clause}`).pluck().get(...params) as number) ?? 0;
  const rows = db
    .prepare(`${SELECT_EMPLOYEE} ${clause} ORDER BY e.active DESC, e.last_name, e.first_name, e.second_name, e.id LIMIT ? OFFSET ?`)
    .raw()
    .all(...params, f.limit, f.offset) as EmployeeListRaw[];
  return { total, employees: rows.map(employeeFromListRaw) };
}

/** One employee with all vacation balances; null when the directory has no such external id. */
export function getEmployee(db: Db, externalId: string): EmployeeDetails | null {
  const r = db.prepare(`${SELECT_EMPLOYEE} WHERE e.external_id = ?`).raw().get(externalId) as EmployeeListRaw | undefined;
  if (!r) return null;
  const vacations = db
    .prepare('SELECT v.accrual_date AS date, v.days FROM vacation_balances v JOIN employees e ON e.id = v.employee_id WHERE e.external_id = ? ORDER BY v.accrual_date')
    .all(externalId) as VacationBalance[];
  return { ...employeeFromListRaw(r), vacations };
}

export function listDepartments(db: Db, filter: { active?: boolean } = {}): Department[] {
  // One pass over employees for all counts: there is no index by department.
  const rows = db
    .prepare(
      `WITH counts AS (SELECT department_external_id AS id, count(*) AS n FROM employees WHERE active = 1 GROUP BY department_external_id)
       SELECT d.external_id, d.name, d.parent_external_id, p.name AS parent_name, d.active, coalesce(c.n, 0) AS n
       FROM departments d LEFT JOIN departments p ON p.external_id = d.parent_external_id LEFT JOIN counts c ON c.id = d.external_id
       ${filter.active === undefined ? '' : 'WHERE d.active = ?'}
       ORDER BY d.name, d.external_id`,
    )
    .all(...(filter.active === undefined ? [] : [filter.active ? 1 : 0])) as {
    external_id: string;
    name: string;
    parent_external_id: string | null;
    parent_name: string | null;
    active: number;
    n: number;
  }[];
  return rows.map((r) => ({
    externalId: r.external_id,
    name: r.name,
    parentId: r.parent_external_id,
    parentName: r.parent_name,
    active: r.active === 1,
    activeEmployees: r.n,
  }));
}
