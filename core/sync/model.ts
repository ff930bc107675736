/**
 * The directory's entities as reconcile and apply see them, and a plan item
 * before it is stored. camelCase here; snake_case only in SQL.
 */
import type { FieldChange, ItemAction, ItemEntity, PlanCounts } from '../contract/index.ts';

export interface VacationBalance {
  /** Accrual date `YYYY-MM-DD`. */
  date: string;
  days: number;
}

export interface EmployeeState {
  externalId: string;
  tabN: string;
  lastName: string;
  firstName: string;
  secondName: string;
  hireDate: string;
  terminationDate: string | null;
  positionId: string | null;
  positionName: string | null;
  positionChangeDate: string | null;
  departmentId: string | null;
  rate: number | null;
  normWeek: number;
  normWeekChangeDate: string | null;
  login: string | null;
  sn: string | null;
  dbId: string | null;
  area: string | null;
  active: boolean;
}

/** Fields compared field by field, in the order a reviewer reads them. */
export const EMPLOYEE_FIELDS = [
  'tabN',
  'lastName',
  'firstName',
  'secondName',
  'hireDate',
  'terminationDate',
  'positionId',
  'positionName',
  'positionChangeDate',
  'departmentId',
  'rate',
  'normWeek',
  'normWeekChangeDate',
  'login',
  'sn',
  'dbId',
  'area',
  'active',
] as const satisfies readonly (keyof EmployeeState)[];

/** What apply writes for an employee; `vacations` present only when balances change. */
export interface EmployeeAfter extends EmployeeState {
  vacations?: readonly VacationBalance[];
}

export interface DepartmentState {
  externalId: string;
  name: string;
  parentId: string | null;
  active: boolean;
}
export const DEPARTMENT_FIELDS = ['name', 'parentId', 'active'] as const satisfies readonly (keyof DepartmentState)[];

export interface PositionState {
  externalId: string;
  name: string;
  active: boolean;
}
export const POSITION_FIELDS = ['name', 'active'] as const satisfies readonly (keyof PositionState)[];

/**
 * The stored `after` JSON is canonical (audit/canonical-json.ts rules: sorted
 * keys, no undefined), so apply hands it to the audit log as it is. A fresh
 * object literal with its keys in sorted order keeps JSON.stringify on its
 * fast path, several times faster than a replacer or building the text by hand.
 */
export function employeeAfterJson(e: EmployeeAfter): string {
  return JSON.stringify({
    active: e.active,
    area: e.area,
    dbId: e.dbId,
    departmentId: e.departmentId,
    externalId: e.externalId,
    firstName: e.firstName,
    hireDate: e.hireDate,
    lastName: e.lastName,
    login: e.login,
    normWeek: e.normWeek,
    normWeekChangeDate: e.normWeekChangeDate,
    positionChangeDate: e.positionChangeDate,
    positionId: e.positionId,
    positionName: e.positionName,
    rate: e.rate,
    secondName: e.secondName,
    sn: e.sn,
    tabN: e.tabN,
    terminationDate: e.terminationDate,
    vacations: e.vacations?.map((v) => ({ date: v.date, days: v.days })),
  });
}
export const DEPARTMENT_JSON_KEYS: readonly string[] = [...DEPARTMENT_FIELDS, 'externalId'].sort();
export const POSITION_JSON_KEYS: readonly string[] = [...POSITION_FIELDS, 'externalId'].sort();

/** Accrual dates whose balances a plan compares and replaces (the period, widened to what 1C sent). */
export interface VacationScope {
  from: string;
  to: string;
}

/** The directory held in memory (tests build one): what reconcile compares against. */
export interface DirectorySnapshot {
  departments: Map<string, DepartmentState>;
  positions: Map<string, PositionState>;
  employees: Map<string, EmployeeState>;
  /** Balances within the plan's vacation scope, sorted by date, per employee external id. */
  vacations: Map<string, VacationBalance[]>;
}

/**
 * The directory read as reconcile goes: the small tables whole, employees one
 * row at a time, so a 100 000-row directory is never held in memory at once.
 * Read it inside the transaction that reads the fingerprint.
 */
export interface DirectoryView {
  departments: Map<string, DepartmentState>;
  positions: Map<string, PositionState>;
  /** Calls `visit` once per employee, in no particular order, with its balances within the scope sorted by date. */
  forEachEmployee(visit: (e: EmployeeState, vacations: readonly VacationBalance[]) => void): void;
}

export interface NewPlanItem {
  entity: ItemEntity;
  externalId: string;
  action: ItemAction;
  label: string;
  tabN: string | null;
  departmentId: string | null;
  departmentName: string | null;
  area: string | null;
  /** Field-level before → after for update and deactivate; null otherwise (a create's fields come from `after`). */
  changes: FieldChange[] | null;
  reasons: string[] | null;
  /** The state apply writes; null for unchanged and invalid. */
  after: EmployeeAfter | DepartmentState | PositionState | null;
}

export function emptyCounts(): PlanCounts {
  return { create: 0, update: 0, deactivate: 0, unchanged: 0, invalid: 0 };
}

/** "Иванов Иван Иванович (223-16)". */
export function employeeLabel(e: { lastName: string; firstName: string; secondName: string; tabN: string }): string {
  return `${e.lastName} ${e.firstName}${e.secondName === '' ? '' : ` ${e.secondName}`} (${e.tabN})`;
}

/** How a reviewer reads a set of balances: "none", or "3 accruals, latest 2026-03-01: 7.5 days". */
export function summariseVacations(v: readonly VacationBalance[]): string {
  if (v.length === 0) return 'none';
  const last = v[v.length - 1]!;
  return `${v.length} accrual${v.length === 1 ? '' : 's'}, latest ${last.date}: ${last.days} days`;
}
