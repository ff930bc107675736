/**
 * The directory as schedules and timesheets need it: each employee with the
 * zone of its site (1C's `area`; sync.defaultZone when the site is unknown),
 * looked up by external id or tab number, and the scoped, paged reads the
 * grids and jobs use.
 */
import type { GridEmployee } from '../contract/index.ts';
import { containsPattern, ensureFoldFunction } from '../db/fold.ts';
import type { Db } from '../db/open.ts';
import { siteForArea } from '../time/sites.ts';
import { zoneCalendar, type ZoneCalendar } from './zone-calendar.ts';

export interface ScheduleEmployee extends GridEmployee {
  /** The site is one the gateway knows (else the zone is the default). */
  siteKnown: boolean;
  cal: ZoneCalendar;
}

export interface EmployeeIndex {
  byId: Map<string, ScheduleEmployee>;
  /** null: several employees share the tab number. */
  byTab: Map<string, ScheduleEmployee | null>;
}

const COLUMNS = `e.external_id, e.tab_n, e.last_name, e.first_name, e.second_name, e.department_external_id, d.name, e.position_name,
  e.area, e.rate, e.hire_date, e.termination_date, e.active`;
const FROM = 'FROM employees e LEFT JOIN departments d ON d.external_id = e.department_external_id';

type Raw = [string, string, string, string, string, string | null, string | null, string | null, string | null, number | null, string, string | null, number];

/** The zone of an `area`: its site's, or the default. */
export function zoneOf(area: string | null, defaultZone: string): { zone: string; known: boolean } {
  const site = siteForArea(area);
  return site ? { zone: site.zone, known: true } : { zone: defaultZone, known: false };
}

function fromRaw(r: Raw, defaultZone: string): ScheduleEmployee {
  const { zone, known } = zoneOf(r[8], defaultZone);
  return {
    externalId: r[0],
    tabN: r[1],
    fullName: [r[2], r[3], r[4]].filter((s) => s !== '').join(' '),
    departmentId: r[5],
    departmentName: r[6],
    positionName: r[7],
    area: r[8],
    zone,
    rate: r[9],
    hireDate: r[10],
    terminationDate: r[11],
    active: r[12] === 1,
    siteKnown: known,
    cal: zoneCalendar(zone),
  };
}

/** The contract's view (without the calendar). */
export function gridEmployee(e: ScheduleEmployee): GridEmployee {
  const { siteKnown: _k, cal: _c, ...g } = e;
  return g;
}

/** Every employee of the directory, by id and tab number. */
export function loadEmployeeIndex(db: Db, defaultZone: string): EmployeeIndex {
  const byId = new Map<string, ScheduleEmployee>();
  const byTab = new Map<string, ScheduleEmployee | null>();
  for (const r of db.prepare(`SELECT ${COLUMNS} ${FROM}`).raw().iterate() as IterableIterator<Raw>) {
    const e = fromRaw(r, defaultZone);
    byId.set(e.externalId, e);
    const tab = e.tabN.trim();
    byTab.set(tab, byTab.has(tab) ? null : e);
  }
  return { byId, byTab };
}

export interface EmployeeScope {
  departmentId?: string | undefined;
  area?: string | undefined;
  employeeIds?: readonly string[] | undefined;
  search?: string | undefined;
  /** Employed at some time in from..to (hired by `to`, not terminated before `from`). */
  employedFrom?: string;
  employedTo?: string;
  /** An SQL condition on `e` of the caller's own, with its parameters. */
  extra?: { sql: string; params: unknown[] };
}

function scopeSql(db: Db, s: EmployeeScope): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (s.departmentId) {
    where.push('e.department_external_id = ?');
    params.push(s.departmentId);
  }
  if (s.area) {
    where.push('e.area = ?');
    params.push(s.area);
  }
  if (s.employeeIds) {
    // json_each: one parameter however many ids (SQLite bounds the parameters of a statement).
    where.push('e.external_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(s.employeeIds));
  }
  if (s.search && s.search.trim() !== '') {
    ensureFoldFunction(db);
    const p = containsPattern(s.search.trim().replace(/\s+/g, ' '));
    where.push(`(gw_fold(e.last_name || ' ' || e.first_name || ' ' || e.second_name) LIKE ? ESCAPE '\\' OR gw_fold(e.tab_n) LIKE ? ESCAPE '\\' OR gw_fold(e.external_id) LIKE ? ESCAPE '\\')`);
    params.push(p, p, p);
  }
  if (s.employedTo) {
    where.push('e.hire_date <= ?');
    params.push(s.employedTo);
  }
  if (s.employedFrom) {
    where.push('(e.termination_date IS NULL OR e.termination_date >= ?)');
    params.push(s.employedFrom);
  }
  if (s.extra) {
    where.push(s.extra.sql);
    params.push(...s.extra.params);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Employees of a scope, by name; all of them when no page is given. */
export function scopedEmployees(db: Db, scope: EmployeeScope, defaultZone: string, page?: { offset: number; limit: number }): { total: number; employees: ScheduleEmployee[] } {
  const { where, params } = scopeSql(db, scope);
  const order = 'ORDER BY e.last_name, e.first_name, e.second_name, e.external_id';
  const rows = page
    ? (db.prepare(`SELECT ${COLUMNS} ${FROM} ${where} ${order} LIMIT ? OFFSET ?`).raw().all(...params, page.limit, page.offset) as Raw[])
    : (db.prepare(`SELECT ${COLUMNS} ${FROM} ${where} ${order}`).raw().all(...params) as Raw[]);
  const total = page ? (db.prepare(`SELECT count(*) ${FROM} ${where}`).pluck().get(...params) as number) : rows.length;
  return { total, employees: rows.map((r) => fromRaw(r, defaultZone)) };
}

/** Departments and sites over the whole directory, with their employees, for the grids' filters. */
export function gridFacets(db: Db): { departments: { id: string; name: string; count: number }[]; areas: { area: string; count: number }[] } {
  const departments = db
    .prepare(
      `SELECT e.department_external_id AS id, coalesce(d.name, e.department_external_id) AS name, count(*) AS count
       FROM employees e LEFT JOIN departments d ON d.external_id = e.department_external_id
       WHERE e.department_external_id IS NOT NULL GROUP BY e.department_external_id ORDER BY name`,
    )
    .all() as { id: string; name: string; count: number }[];
  const areas = db.prepare('SELECT area, count(*) AS count FROM employees WHERE area IS NOT NULL AND area <> \'\' GROUP BY area ORDER BY area').all() as { area: string; count: number }[];
  return { departments, areas };
}
