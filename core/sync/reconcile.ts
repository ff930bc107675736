/**
 * Reconcile: the 1C `/agents` response against the directory, into plan items.
 * No database of its own (the directory comes as a snapshot, or a view that streams
 * it row by row) and no clock (today's date comes in), so every rule is tested alone.
 *
 * Rules (PROTOCOLS.md §1.1, issue 2):
 * - an agent unknown to the directory is created (inactive if already past finishwork);
 * - a known one is updated with field-level before → after, or unchanged;
 * - deactivate the day AFTER finishwork, in the employee's site zone; until then
 *   the termination date is an update;
 * - an active employee missing from 1C is deactivated; one coming back (no passed
 *   finishwork) is reactivated by an update;
 * - a broken record, or one pointing at an unknown department, is invalid with
 *   reasons, and never makes the directory lose that employee;
 * - departments and positions (taken from the agents) follow the same pattern.
 */
import type { AgentsResponse, InvalidRecord, OnecAgent } from '../onec/agents-schema.ts';
import { DEFAULT_ZONE, zoneForArea } from '../time/sites.ts';
import { assessMassDeactivation } from './mass-deactivation.ts';
import {
  DEPARTMENT_FIELDS,
  EMPLOYEE_FIELDS,
  POSITION_FIELDS,
  emptyCounts,
  employeeLabel,
  summariseVacations,
  type DepartmentState,
  type DirectorySnapshot,
  type DirectoryView,
  type EmployeeAfter,
  type EmployeeState,
  type NewPlanItem,
  type PositionState,
  type VacationBalance,
  type VacationScope,
} from './model.ts';
import type { FieldChange, MassDeactivation, PlanCounts } from '../contract/index.ts';

export interface ReconcileInput {
  response: AgentsResponse;
  /** A snapshot held in memory (tests), or the database read as a stream (directoryView). */
  directory: DirectorySnapshot | DirectoryView;
  /** Today's civil date `YYYY-MM-DD` in a zone, or one date for every zone. */
  today: string | ((zone: string) => string);
  /** Zone of employees whose area names no known site. */
  defaultZone?: string;
  /** Percent of active employees a plan may deactivate without a confirmation (10). */
  maxDeactivationPct?: number;
}

export interface ReconcileResult {
  items: NewPlanItem[];
  counts: PlanCounts;
  massDeactivation: MassDeactivation;
}

/**
 * The accrual dates a plan owns: the requested period (which scopes the balances
 * 1C sends), widened to any date 1C actually sent so nothing it sent is ignored.
 */
export function vacationScopeFor(response: AgentsResponse, from: string, to: string): VacationScope {
  let lo = from;
  let hi = to;
  for (const a of response.agents) {
    for (const v of a.vacations) {
      if (v.date < lo) lo = v.date;
      if (v.date > hi) hi = v.date;
    }
  }
  return { from: lo, to: hi };
}

/**
 * Departments and positions: create, update (field-level), unchanged, and
 * deactivate what the directory holds active that 1C no longer sends (unless
 * `stillInUse` says a broken or sent record refers to it).
 */
function reconcileNamed<T extends { externalId: string; name: string; active: boolean }>(
  entity: 'department' | 'position',
  fields: readonly (keyof T & string)[],
  targets: readonly T[],
  directory: ReadonlyMap<string, T>,
  stillInUse: (externalId: string) => boolean,
  push: (item: NewPlanItem) => void,
): void {
  const base = (t: T) => ({ entity, externalId: t.externalId, label: t.name, tabN: null, departmentId: null, departmentName: null, area: null, reasons: null });
  for (const target of targets) {
    const existing = directory.get(target.externalId);
    if (!existing) {
      push({ ...base(target), action: 'create', changes: null, after: target });
      continue;
    }
    const changes = diff(fields, existing, target);
    push(changes.length ? { ...base(target), action: 'update', changes, after: target } : { ...base(target), action: 'unchanged', changes: null, after: null });
  }
  for (const existing of directory.values()) {
    if (!existing.active || stillInUse(existing.externalId)) continue;
    push({ ...base(existing), action: 'deactivate', changes: [{ field: 'active', before: true, after: false }], after: { ...existing, active: false } });
  }
}

function diff<T extends object>(fields: readonly (keyof T & string)[], before: T, after: T): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    if (before[f] !== after[f]) out.push({ field: f, before: before[f], after: after[f] });
  }
  return out;
}

const NO_VACATIONS: readonly VacationBalance[] = Object.freeze([]);

/** Sorted by date; a date sent twice keeps the last value. The list as sent when it is already so (nothing mutates it). */
function normaliseVacations(v: readonly VacationBalance[]): readonly VacationBalance[] {
  if (v.length === 0) return NO_VACATIONS;
  // The usual case: already in strictly increasing order.
  let ordered = true;
  for (let i = 1; i < v.length && ordered; i++) ordered = v[i - 1]!.date < v[i]!.date;
  if (ordered) return v;
  const byDate = new Map<string, number>();
  for (const x of v) byDate.set(x.date, x.days);
  return [...byDate].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([date, days]) => ({ date, days }));
}

function sameVacations(a: readonly VacationBalance[], b: readonly VacationBalance[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.date !== b[i]!.date || a[i]!.days !== b[i]!.days) return false;
  return true;
}

/** A summary a reviewer can read; when summaries coincide, the dates that differ. */
function vacationChange(before: readonly VacationBalance[], after: readonly VacationBalance[]): FieldChange {
  const b = summariseVacations(before);
  const a = summariseVacations(after);
  if (a !== b) return { field: 'vacations', before: b, after: a };
  const afterByDate = new Map(after.map((v) => [v.date, v.days]));
  const list = (vs: readonly VacationBalance[]) => vs.map((v) => `${v.date}: ${v.days}`).join('; ');
  const differing = before.filter((v) => afterByDate.get(v.date) !== v.days);
  const dates = new Set(differing.map((v) => v.date));
  return { field: 'vacations', before: list(differing), after: list(after.filter((v) => dates.has(v.date))) };
}

/** True when the directory row already holds what 1C sent (vacations aside). */
function sameAsAgent(e: EmployeeState, a: OnecAgent, active: boolean): boolean {
  return (
    e.tabN === a.tabN &&
    e.lastName === a.lastname &&
    e.firstName === a.firstname &&
    e.secondName === a.secondname &&
    e.hireDate === a.startwork &&
    e.terminationDate === a.finishwork &&
    e.positionId === a.positionId &&
    e.positionName === a.position &&
    e.positionChangeDate === a.positionChangeDate &&
    e.departmentId === a.departmentId &&
    e.rate === a.rate &&
    e.normWeek === a.normWeek &&
    e.normWeekChangeDate === a.normWeekChangeDate &&
    e.login === a.login &&
    e.sn === a.sn &&
    e.dbId === a.dbId &&
    e.area === a.area &&
    e.active === active
  );
}

/** Balances as sent equal the stored ones (sent lists out of order or with repeated dates take the slow path). */
function sameVacationsAsSent(stored: readonly VacationBalance[], sent: readonly { date: string; days: number }[]): boolean {
  if (stored.length !== sent.length) return false;
  for (let i = 0; i < sent.length; i++) if (stored[i]!.date !== sent[i]!.date || stored[i]!.days !== sent[i]!.days) return false;
  return true;
}

function employeeItem(
  a: OnecAgent,
  label: string,
  departmentName: string | null,
  action: NewPlanItem['action'],
  changes: FieldChange[] | null,
  after: EmployeeAfter | null,
  reasons: string[] | null,
): NewPlanItem {
  return { entity: 'employee', externalId: a.agentId, action, label, tabN: a.tabN, departmentId: a.departmentId, departmentName, area: a.area, changes, reasons, after };
}

function rawString(raw: unknown, key: string): string | null {
  if (raw && typeof raw === 'object' && key in raw) {
    const v = (raw as Record<string, unknown>)[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

function invalidItem(rec: InvalidRecord, entity: 'employee' | 'department', extraReasons: string[] = []): NewPlanItem {
  return {
    entity,
    externalId: rec.externalId ?? `${rec.kind === 'agent' ? 'AR_agents' : 'AR_departments'}[${rec.index}]`,
    action: 'invalid',
    label: rec.label,
    tabN: entity === 'employee' ? rawString(rec.raw, 'tabN') : null,
    departmentId: entity === 'employee' ? rawString(rec.raw, 'departmentId') : null,
    departmentName: null,
    area: entity === 'employee' ? rawString(rec.raw, 'area') : null,
    changes: null,
    reasons: [...rec.reasons, ...extraReasons],
    after: null,
  };
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const { response, directory: dir } = input;
  const defaultZone = input.defaultZone ?? DEFAULT_ZONE;
  const items: NewPlanItem[] = [];
  const counts = emptyCounts();
  const push = (item: NewPlanItem): void => {
    items.push(item);
    counts[item.action]++;
  };

  const zoneCache = new Map<string | null, string>();
  const zoneOf = (area: string | null): string => {
    let z = zoneCache.get(area);
    if (z === undefined) {
      z = zoneForArea(area, defaultZone);
      zoneCache.set(area, z);
    }
    return z;
  };
  const todayCache = new Map<string, string>();
  const todayIn = (zone: string): string => {
    if (typeof input.today === 'string') return input.today;
    let d = todayCache.get(zone);
    if (d === undefined) {
      d = input.today(zone);
      todayCache.set(zone, d);
    }
    return d;
  };

  // ---- departments
  const respDepts = new Map<string, string>(); // id -> name
  for (const d of response.departments) respDepts.set(d.departmentId, d.name);
  const invalidDeptIds = new Set<string>();
  for (const rec of response.invalid) {
    if (rec.kind !== 'department') continue;
    if (rec.externalId) invalidDeptIds.add(rec.externalId);
    push(invalidItem(rec, 'department'));
  }
  reconcileNamed(
    'department',
    DEPARTMENT_FIELDS,
    response.departments.map((d): DepartmentState => ({ externalId: d.departmentId, name: d.name, parentId: d.parentId, active: true })),
    dir.departments,
    (id) => respDepts.has(id) || invalidDeptIds.has(id),
    push,
  );
  const departmentName = (id: string): string | null => respDepts.get(id) ?? dir.departments.get(id)?.name ?? null;

  // ---- positions: 1C has no list of its own, they come with the agents (first name seen wins)
  const respPositions = new Map<string, string>();
  for (const a of response.agents) if (!respPositions.has(a.positionId)) respPositions.set(a.positionId, a.position);
  const invalidAgents = response.invalid.filter((r) => r.kind === 'agent');
  // A position held only by a broken record is still in use: do not deactivate it.
  const positionsInBrokenRecords = new Set<string>();
  for (const rec of invalidAgents) {
    const p = rawString(rec.raw, 'positionId');
    if (p) positionsInBrokenRecords.add(p);
  }
  reconcileNamed(
    'position',
    POSITION_FIELDS,
    [...respPositions].map(([id, name]): PositionState => ({ externalId: id, name, active: true })),
    dir.positions,
    (id) => respPositions.has(id) || positionsInBrokenRecords.has(id),
    push,
  );

  // ---- employees, invalid first; the rest sorted by external id below
  const firstEmployee = items.length;
  // Directory employees whose 1C record is broken: never deactivated for it.
  const brokenIds = new Set<string>();
  let deactivations = 0;
  for (const rec of invalidAgents) {
    if (rec.externalId) brokenIds.add(rec.externalId);
    push(invalidItem(rec, 'employee'));
  }
  const agents = response.agents;
  // Built on the first directory row: an initial load (empty directory) never needs it.
  let agentAt: Map<string, number> | null = null;
  const indexAgents = (): Map<string, number> => {
    const m = new Map<string, number>();
    for (let i = 0; i < agents.length; i++) m.set(agents[i]!.agentId, i);
    return m;
  };
  const matched = new Uint8Array(agents.length);

  /** The item for one valid agent, against its directory row when there is one. */
  const decide = (a: OnecAgent, existing: EmployeeState | undefined, before: readonly VacationBalance[]): void => {
    // One lookup answers both "is the department known" and its name, for 100 000 agents.
    const respName = respDepts.get(a.departmentId);
    if (respName === undefined) {
      push({
        entity: 'employee',
        externalId: a.agentId,
        action: 'invalid',
        label: employeeLabel({ lastName: a.lastname, firstName: a.firstname, secondName: a.secondname, tabN: a.tabN }),
        tabN: a.tabN,
        departmentId: a.departmentId,
        departmentName: departmentName(a.departmentId),
        area: a.area,
        changes: null,
        reasons: [departmentProblem(a.departmentId, invalidDeptIds)],
        after: null,
      });
      return;
    }
    const active = !(a.finishwork !== null && todayIn(zoneOf(a.area)) > a.finishwork);
    const deptName = respName;
    const label = employeeLabel({ lastName: a.lastname, firstName: a.firstname, secondName: a.secondname, tabN: a.tabN });
    // Most of a daily plan: nothing changed. Checked without building the target state.
    if (existing && sameAsAgent(existing, a, active) && sameVacationsAsSent(before, a.vacations)) {
      push(employeeItem(a, label, deptName, 'unchanged', null, null, null));
      return;
    }
    const vacations = normaliseVacations(a.vacations);
    if (!existing) {
      push(employeeItem(a, label, deptName, 'create', null, targetOf(a, active, vacations.length ? vacations : undefined), null));
      return;
    }
    const vacationsChanged = !sameVacations(before, vacations);
    const after = targetOf(a, active, vacationsChanged ? vacations : undefined);
    const changes = diff(EMPLOYEE_FIELDS, existing, after);
    if (vacationsChanged) changes.push(vacationChange(before, vacations));
    if (existing.active && !active) {
      deactivations++;
      const zone = zoneOf(a.area);
      push(employeeItem(a, label, deptName, 'deactivate', changes, after, [`finishwork ${a.finishwork} has passed (today is ${todayIn(zone)} in ${zone})`]));
      return;
    }
    push(employeeItem(a, label, deptName, 'update', changes, after, null));
  };

  // One pass over the directory, row by row: nothing of it is kept but what becomes an item.
  let activeEmployees = 0;
  forEachEmployee(dir, (existing, before) => {
    if (existing.active) activeEmployees++;
    const i = (agentAt ??= indexAgents()).get(existing.externalId);
    if (i !== undefined) {
      matched[i] = 1;
      decide(agents[i]!, existing, before);
      return;
    }
    if (!existing.active || brokenIds.has(existing.externalId)) return;
    deactivations++;
    push({
      entity: 'employee',
      externalId: existing.externalId,
      action: 'deactivate',
      label: employeeLabel(existing),
      tabN: existing.tabN,
      departmentId: existing.departmentId,
      departmentName: existing.departmentId === null ? null : departmentName(existing.departmentId),
      area: existing.area,
      changes: [{ field: 'active', before: true, after: false }],
      reasons: ['missing from the 1C response'],
      after: { ...existing, active: false },
    });
  });
  for (let i = 0; i < agents.length; i++) if (matched[i] === 0) decide(agents[i]!, undefined, NO_VACATIONS);

  // Apply writes in plan order: in external id order the directory's unique index
  // and the audit log's entity index grow at their end on an initial load.
  const firstValid = firstEmployee + invalidAgents.length;
  // External ids are unique past the invalid records (one item per agent or missing employee): one comparison decides.
  const sorted = items.slice(firstValid).sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
  for (let i = 0; i < sorted.length; i++) items[firstValid + i] = sorted[i]!;

  const massDeactivation = assessMassDeactivation({
    deactivations,
    activeEmployees,
    thresholdPct: input.maxDeactivationPct ?? 10,
    emptyResponse: response.agents.length === 0 && invalidAgents.length === 0 && activeEmployees > 0,
  });
  return { items, counts, massDeactivation };
}

function targetOf(a: OnecAgent, active: boolean, vacations: readonly VacationBalance[] | undefined): EmployeeAfter {
  const t: EmployeeAfter = {
    externalId: a.agentId,
    tabN: a.tabN,
    lastName: a.lastname,
    firstName: a.firstname,
    secondName: a.secondname,
    hireDate: a.startwork,
    terminationDate: a.finishwork,
    positionId: a.positionId,
    positionName: a.position,
    positionChangeDate: a.positionChangeDate,
    departmentId: a.departmentId,
    rate: a.rate,
    normWeek: a.normWeek,
    normWeekChangeDate: a.normWeekChangeDate,
    login: a.login,
    sn: a.sn,
    dbId: a.dbId,
    area: a.area,
    active,
  };
  if (vacations !== undefined) t.vacations = vacations;
  return t;
}

/** Every employee of the directory with its balances in scope, whichever form the directory comes in. */
function forEachEmployee(dir: DirectorySnapshot | DirectoryView, visit: (e: EmployeeState, vacations: readonly VacationBalance[]) => void): void {
  if ('forEachEmployee' in dir) {
    dir.forEachEmployee(visit);
    return;
  }
  for (const e of dir.employees.values()) visit(e, dir.vacations.get(e.externalId) ?? NO_VACATIONS);
}

/** Why an agent whose department is not among the valid ones of this response is invalid. */
function departmentProblem(departmentId: string, invalidDeptIds: Set<string>): string {
  if (invalidDeptIds.has(departmentId)) return `departmentId: department "${departmentId}" is itself invalid in this response`;
  return `departmentId: unknown department "${departmentId}" (not in AR_departments)`;
}
