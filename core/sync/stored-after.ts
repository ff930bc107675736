/**
 * The `after` column of plan items: the state apply writes.
 *
 * Employees are stored as a positional JSON array in EMPLOYEE_STORED_ORDER,
 * balances as [date, days] pairs. Why: a plan of a full roster stores 100 000
 * of them; without the twenty key names each row is ~370 bytes instead of
 * ~610, and writing those bytes was most of the time a plan took (measured in
 * bench/sync.bench.ts). Departments and positions are few and stay objects.
 * Apply turns the array back into the object and audits it as canonical JSON.
 *
 * Plans stored before this format hold canonical objects; both are read.
 */
import { GatewayError } from '../errors.ts';
import { EMPLOYEE_FIELDS, type DepartmentState, type EmployeeAfter, type PositionState, type VacationBalance } from './model.ts';
import type { ItemEntity } from './types.ts';

/** The array's order: the external id, then the compared fields; balances, when the plan replaces them, last. */
export const EMPLOYEE_STORED_ORDER = ['externalId', ...EMPLOYEE_FIELDS] as const;
const WITHOUT_VACATIONS = EMPLOYEE_STORED_ORDER.length;

export function encodeEmployeeAfter(e: EmployeeAfter): string {
  // An array literal keeps JSON.stringify on its fast path; the order is EMPLOYEE_STORED_ORDER.
  const row: unknown[] = [
    e.externalId,
    e.tabN,
    e.lastName,
    e.firstName,
    e.secondName,
    e.hireDate,
    e.terminationDate,
    e.positionId,
    e.positionName,
    e.positionChangeDate,
    e.departmentId,
    e.rate,
    e.normWeek,
    e.normWeekChangeDate,
    e.login,
    e.sn,
    e.dbId,
    e.area,
    e.active,
  ];
  if (e.vacations !== undefined) row.push(e.vacations.map((v) => [v.date, v.days]));
  return JSON.stringify(row);
}

function corrupt(itemId: number | null, what: string): GatewayError {
  return new GatewayError('plan_item_corrupt', `plan item ${itemId ?? '?'}: the stored state to apply is unreadable (${what}); generate a new plan`, 'permanent');
}

function decodeEmployee(v: unknown, itemId: number | null): EmployeeAfter {
  if (!Array.isArray(v)) {
    // Plans stored before the positional format: the canonical object itself.
    if (v !== null && typeof v === 'object' && typeof (v as EmployeeAfter).externalId === 'string') return v as EmployeeAfter;
    throw corrupt(itemId, 'neither an array nor an employee object');
  }
  if (v.length !== WITHOUT_VACATIONS && v.length !== WITHOUT_VACATIONS + 1) throw corrupt(itemId, `${v.length} values where ${WITHOUT_VACATIONS} or ${WITHOUT_VACATIONS + 1} belong`);
  if (typeof v[0] !== 'string' || typeof v[18] !== 'boolean') throw corrupt(itemId, 'external id or active flag of the wrong type');
  const e: EmployeeAfter = {
    externalId: v[0] as string,
    tabN: v[1] as string,
    lastName: v[2] as string,
    firstName: v[3] as string,
    secondName: v[4] as string,
    hireDate: v[5] as string,
    terminationDate: v[6] as string | null,
    positionId: v[7] as string | null,
    positionName: v[8] as string | null,
    positionChangeDate: v[9] as string | null,
    departmentId: v[10] as string | null,
    rate: v[11] as number | null,
    normWeek: v[12] as number,
    normWeekChangeDate: v[13] as string | null,
    login: v[14] as string | null,
    sn: v[15] as string | null,
    dbId: v[16] as string | null,
    area: v[17] as string | null,
    active: v[18] as boolean,
  };
  if (v.length > WITHOUT_VACATIONS) {
    const pairs = v[WITHOUT_VACATIONS] as unknown;
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

/** The stored text of an item's `after` as the state it describes. */
export function decodeStoredAfter(entity: 'employee', json: string, itemId?: number): EmployeeAfter;
export function decodeStoredAfter(entity: ItemEntity, json: string, itemId?: number): EmployeeAfter | DepartmentState | PositionState;
export function decodeStoredAfter(entity: ItemEntity, json: string, itemId?: number): EmployeeAfter | DepartmentState | PositionState {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw corrupt(itemId ?? null, (e as Error).message);
  }
  if (entity === 'employee') return decodeEmployee(v, itemId ?? null);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw corrupt(itemId ?? null, `not a ${entity} object`);
  return v as DepartmentState | PositionState;
}
