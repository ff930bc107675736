/**
 * The `after` column of plan items: the state apply writes.
 *
 * Employees are stored as a positional JSON array in EMPLOYEE_STORED_ORDER_SHORT,
 * without the values the item holds in columns of its own, balances as
 * [date, days] pairs. Why: a plan of a full roster stores 100 000 of them;
 * without key names and repeats each row is ~250 bytes instead of ~610, and
 * writing those bytes was most of the time a plan took (measured in
 * bench/sync.bench.ts). Departments and positions are few and stay objects.
 * Apply turns the array back into the object and audits it as canonical JSON.
 *
 * Plans stored earlier hold the full array (EMPLOYEE_STORED_ORDER) or, before
 * that, canonical objects; all three are read. A state unlike its item's
 * columns (none is) would be stored as its canonical object.
 */
import { GatewayError } from '../errors.ts';
import { EMPLOYEE_FIELDS, employeeAfterJson, type DepartmentState, type EmployeeAfter, type PositionState, type VacationBalance } from './model.ts';
import type { ItemEntity } from '../contract/index.ts';

/** The array's order in plans stored before the item's columns were left out: the external id, then the compared fields; balances, when the plan replaces them, last. */
export const EMPLOYEE_STORED_ORDER = ['externalId', ...EMPLOYEE_FIELDS] as const;
const WITHOUT_VACATIONS = EMPLOYEE_STORED_ORDER.length;

/**
 * What an employee item holds in columns of its own, and its stored state
 * therefore leaves out: they are written once per row, not twice (~100 bytes
 * of a ~400-byte row; bench/sync).
 */
export interface EmployeeItemColumns {
  externalId: string;
  tabN: string | null;
  departmentId: string | null;
  area: string | null;
}

/** The array's order when the item's columns hold the rest (EmployeeItemColumns). */
export const EMPLOYEE_STORED_ORDER_SHORT = EMPLOYEE_FIELDS.filter((f) => f !== 'tabN' && f !== 'departmentId' && f !== 'area');
const SHORT = EMPLOYEE_STORED_ORDER_SHORT.length;

function repeatsColumns(e: EmployeeAfter, c: EmployeeItemColumns | undefined): c is EmployeeItemColumns {
  return c !== undefined && c.externalId === e.externalId && c.tabN === e.tabN && c.departmentId === e.departmentId && c.area === e.area;
}

/**
 * The stored text of an employee's state: without the values the item's
 * columns already hold. Should they differ (no plan builds such an item), the
 * state is stored whole, as its canonical object.
 */
export function encodeEmployeeAfter(e: EmployeeAfter, columns?: EmployeeItemColumns): string {
  if (!repeatsColumns(e, columns)) return employeeAfterJson(e);
  // An array literal keeps JSON.stringify on its fast path; the order is EMPLOYEE_STORED_ORDER_SHORT.
  const row: unknown[] = [
    e.lastName,
    e.firstName,
    e.secondName,
    e.hireDate,
    e.terminationDate,
    e.positionId,
    e.positionName,
    e.positionChangeDate,
    e.rate,
    e.normWeek,
    e.normWeekChangeDate,
    e.login,
    e.sn,
    e.dbId,
    e.active,
  ];
  if (e.vacations !== undefined) row.push(e.vacations.map((v) => [v.date, v.days]));
  return JSON.stringify(row);
}

function corrupt(itemId: number | null, what: string): GatewayError {
  return new GatewayError('plan_item_corrupt', `plan item ${itemId ?? '?'}: the stored state to apply is unreadable (${what}); generate a new plan`, 'permanent');
}

function decodeEmployee(v: unknown, itemId: number | null, columns: EmployeeItemColumns | undefined): EmployeeAfter {
  if (!Array.isArray(v)) {
    // Canonical objects: plans stored before the positional format, and states unlike their item's columns.
    if (v !== null && typeof v === 'object' && typeof (v as EmployeeAfter).externalId === 'string') return v as EmployeeAfter;
    throw corrupt(itemId, 'neither an array nor an employee object');
  }
  if (v.length === WITHOUT_VACATIONS || v.length === WITHOUT_VACATIONS + 1) {
    // Plans stored before the item's columns were left out: read as the short form and those columns.
    if (typeof v[0] !== 'string') throw corrupt(itemId, 'external id of the wrong type');
    const fromArray = { externalId: v[0], tabN: v[1] as string | null, departmentId: v[10] as string | null, area: v[17] as string | null };
    return fromShort([...v.slice(2, 10), ...v.slice(11, 17), ...v.slice(18)], itemId, fromArray);
  }
  if (v.length !== SHORT && v.length !== SHORT + 1) {
    throw corrupt(itemId, `${v.length} values where ${SHORT}, ${SHORT + 1}, ${WITHOUT_VACATIONS} or ${WITHOUT_VACATIONS + 1} belong`);
  }
  if (!columns) throw corrupt(itemId, "a short state without the item's columns");
  return fromShort(v, itemId, columns);
}

/** EMPLOYEE_STORED_ORDER_SHORT values (and balances) with the item's columns, as the state. */
function fromShort(v: unknown[], itemId: number | null, columns: EmployeeItemColumns): EmployeeAfter {
  if (typeof columns.tabN !== 'string' || typeof v[14] !== 'boolean') throw corrupt(itemId, 'tab number or active flag of the wrong type');
  const e: EmployeeAfter = {
    externalId: columns.externalId,
    tabN: columns.tabN,
    lastName: v[0] as string,
    firstName: v[1] as string,
    secondName: v[2] as string,
    hireDate: v[3] as string,
    terminationDate: v[4] as string | null,
    positionId: v[5] as string | null,
    positionName: v[6] as string | null,
    positionChangeDate: v[7] as string | null,
    departmentId: columns.departmentId,
    rate: v[8] as number | null,
    normWeek: v[9] as number,
    normWeekChangeDate: v[10] as string | null,
    login: v[11] as string | null,
    sn: v[12] as string | null,
    dbId: v[13] as string | null,
    area: columns.area,
    active: v[14] as boolean,
  };
  if (v.length > SHORT) {
    const pairs = v[SHORT] as unknown;
    if (!Array.isArray(pairs)) throw corrupt(itemId, 'balances are not a list');
    const vacations: VacationBalance[] = new Array(pairs.length);
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i] as unknown;
      if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'number') throw corrupt(itemId, `balance ${i + 1} is not a [date, days] pair`);
      vacations[i] = { date: p[0], days: p[1] };
    }
    e.vacations = vacations;
  }
  return e;
}

/** The stored text of an item's `after` as the state it describes; an employee's may need the item's columns (EmployeeItemColumns). */
export function decodeStoredAfter(entity: 'employee', json: string, itemId?: number, columns?: EmployeeItemColumns): EmployeeAfter;
export function decodeStoredAfter(entity: ItemEntity, json: string, itemId?: number, columns?: EmployeeItemColumns): EmployeeAfter | DepartmentState | PositionState;
export function decodeStoredAfter(entity: ItemEntity, json: string, itemId?: number, columns?: EmployeeItemColumns): EmployeeAfter | DepartmentState | PositionState {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw corrupt(itemId ?? null, (e as Error).message);
  }
  if (entity === 'employee') return decodeEmployee(v, itemId ?? null, columns);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw corrupt(itemId ?? null, `not a ${entity} object`);
  return v as DepartmentState | PositionState;
}
