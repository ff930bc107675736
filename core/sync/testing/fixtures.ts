/** Builders for sync tests: raw 1C records as PROTOCOLS.md §1.1 shows them, and directory states. */
import { parseAgentsBody, type AgentsResponse } from '../../onec/agents-schema.ts';
import type { DepartmentState, DirectorySnapshot, EmployeeState, PositionState, VacationBalance } from '../model.ts';

export type RawAgent = Record<string, unknown>;
export type RawDepartment = Record<string, unknown>;

export const ROOT: RawDepartment = { departmentId: 'd-root', department: 'Контакт-центр', parentDepartmentId: 'd-root' };
export const SALES: RawDepartment = { departmentId: 'd-sales', department: 'Продажи', parentDepartmentId: 'd-root' };

export function rawAgent(n: number, over: RawAgent = {}): RawAgent {
  return {
    agentId: `a-${n}`,
    tabN: `${n}-16`,
    lastname: 'Иванов',
    firstname: 'Иван',
    secondname: 'Иванович',
    startwork: '2020-02-01',
    finishwork: null,
    positionId: 'p-op',
    position: 'Оператор',
    positionChangeDate: '2020-02-01',
    departmentId: 'd-sales',
    rate: 1,
    Login: `ivanov${n}`,
    normWeek: 40,
    normWeekChangeDate: '2020-02-01',
    SN: `sn-${n}`,
    Db_ID: `db-${n}`,
    area: 'Moscow',
    AR_vacation: [{ date: '2026-01-01', vacation: 7.5 }],
    ...over,
  };
}

export function response(agents: RawAgent[], departments: RawDepartment[] = [ROOT, SALES]): AgentsResponse {
  return parseAgentsBody([{ AR_departments: departments, AR_agents: agents }]);
}

/** The directory state an agent from rawAgent(n) leaves after a sync. */
export function employee(n: number, over: Partial<EmployeeState> = {}): EmployeeState {
  return {
    externalId: `a-${n}`,
    tabN: `${n}-16`,
    lastName: 'Иванов',
    firstName: 'Иван',
    secondName: 'Иванович',
    hireDate: '2020-02-01',
    terminationDate: null,
    positionId: 'p-op',
    positionName: 'Оператор',
    positionChangeDate: '2020-02-01',
    departmentId: 'd-sales',
    rate: 1,
    normWeek: 40,
    normWeekChangeDate: '2020-02-01',
    login: `ivanov${n}`,
    sn: `sn-${n}`,
    dbId: `db-${n}`,
    area: 'Moscow',
    active: true,
    ...over,
  };
}

export function snapshot(args: {
  employees?: EmployeeState[];
  departments?: DepartmentState[];
  positions?: PositionState[];
  vacations?: Record<string, VacationBalance[]>;
}): DirectorySnapshot {
  const employees = new Map((args.employees ?? []).map((e) => [e.externalId, e]));
  const departments = args.departments ?? [
    { externalId: 'd-root', name: 'Контакт-центр', parentId: null, active: true },
    { externalId: 'd-sales', name: 'Продажи', parentId: 'd-root', active: true },
  ];
  const positions = args.positions ?? [{ externalId: 'p-op', name: 'Оператор', active: true }];
  const vacations = new Map<string, VacationBalance[]>();
  if (args.vacations) for (const [k, v] of Object.entries(args.vacations)) vacations.set(k, v);
  else for (const e of employees.values()) vacations.set(e.externalId, [{ date: '2026-01-01', days: 7.5 }]);
  return {
    employees,
    departments: new Map(departments.map((d) => [d.externalId, d])),
    positions: new Map(positions.map((p) => [p.externalId, p])),
    vacations,
  };
}
