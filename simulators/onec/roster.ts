/**
 * The simulated 1C personnel: departments, positions and employees generated
 * from a seed "as of" a date, and the days that pass over them (hires,
 * terminations, transfers, norm changes). Everything is a pure function of
 * (seed, employees, start date, days advanced): advancing 2 days at once gives
 * the same roster as advancing 1 day twice.
 */
import { addDays, addMonths, toDay } from './dates.ts';
import { randomName, translit } from './names.ts';
import { count, int, mix, mulberry32, pick, uid, weighted, type Rng } from './prng.ts';

/** Sites and their UTC offsets (Russia keeps no daylight saving time since 2014). */
export const SITES = [
  { area: 'Moscow', city: 'Москва', utcOffset: 3 },
  { area: 'Yekaterinburg', city: 'Екатеринбург', utcOffset: 5 },
  { area: 'Novosibirsk', city: 'Новосибирск', utcOffset: 7 },
  { area: 'Vladivostok', city: 'Владивосток', utcOffset: 10 },
  { area: 'Kaliningrad', city: 'Калининград', utcOffset: 2 },
] as const;

export function utcOffsetOf(area: string): number {
  return SITES.find((s) => s.area === area)?.utcOffset ?? 3;
}

const GROUP_KINDS = [
  'Группа входящей линии',
  'Группа исходящих звонков',
  'Группа обслуживания VIP-клиентов',
  'Группа технической поддержки',
  'Группа чатов и почты',
  'Группа претензионной работы',
] as const;

/** Positions of the operators' groups, by frequency. */
const GROUP_POSITIONS: ReadonlyArray<readonly [string, number]> = [
  ['Оператор', 70],
  ['Старший оператор', 14],
  ['Оператор-стажёр', 8],
  ['Супервайзер', 6],
  ['Руководитель группы', 2],
];
/** Positions of the contact centre's own staff (root departments). */
const ROOT_POSITIONS: ReadonlyArray<readonly [string, number]> = [
  ['Ведущий специалист', 3],
  ['Аналитик WFM', 3],
  ['Специалист по обучению', 2],
  ['Специалист по контролю качества', 3],
  ['Руководитель контакт-центра', 1],
];
/** A promotion path for transfers that change the position. */
const PROMOTION: Record<string, string> = {
  'Оператор-стажёр': 'Оператор',
  Оператор: 'Старший оператор',
  'Старший оператор': 'Супервайзер',
  Супервайзер: 'Руководитель группы',
};

const RATES: ReadonlyArray<readonly [number, number]> = [
  [1, 72],
  [0.75, 12],
  [0.5, 12],
  [0.875, 2],
  [0.6, 2],
];

export interface SimDepartment {
  id: string;
  name: string;
  /** Own id for a root (as 1C sends it). */
  parentId: string;
  area: string;
  /** Sent with the `parent_departmentId` spelling, to exercise the client's tolerance. */
  altSpelling: boolean;
  root: boolean;
}

export interface SimPosition {
  id: string;
  name: string;
}

export interface SimAgent {
  seq: number;
  agentId: string;
  tabN: string;
  lastname: string;
  firstname: string;
  secondname: string;
  startwork: string;
  finishwork: string | null;
  /** For working staff: send `"finishwork": null` (true) or leave the field out (false). */
  finishNull: boolean;
  positionId: string;
  position: string;
  positionChangeDate: string | null;
  departmentId: string;
  rate: number;
  /** Send the rate as a string with a decimal comma ("0,75"). */
  rateText: boolean;
  login: string | null;
  normWeek: number;
  normWeekChangeDate: string;
  sn: string | null;
  dbId: string | null;
  area: string;
  /** Vacation days on the hire date; the balance accrues 28 days a year from there. */
  vacationBase: number;
}

export interface Roster {
  seed: number;
  today: string;
  departments: SimDepartment[];
  /** Group (non-root) departments, for hires and transfers. */
  groups: SimDepartment[];
  positions: Map<string, SimPosition>;
  agents: SimAgent[];
  nextSeq: number;
  /** Bumped on every change: the serialized bodies are cached per version. */
  version: number;
}

export type ChangeKind = 'hire' | 'termination' | 'transfer' | 'norm_change' | 'removed';

export interface DayChange {
  date: string;
  kind: ChangeKind;
  agentId: string;
  tabN: string;
  /** "Иванова Мария Петровна". */
  name: string;
  /** What changed, e.g. "Оператор → Старший оператор", "normWeek 40 → 36". */
  detail: string;
}

export interface DayChanges {
  /** The simulator's date before and after. */
  from: string;
  to: string;
  changes: DayChange[];
  counts: Record<ChangeKind, number>;
}

/** Expected events per working employee per day: roughly 40 % yearly turnover. */
const DAILY = { hire: 0.0012, termination: 0.0011, transfer: 0.0015, normChange: 0.0006 };

function position(roster: Roster, name: string): SimPosition {
  const p = roster.positions.get(name);
  if (!p) throw new Error(`simulator: unknown position ${name}`);
  return p;
}

function fullName(a: SimAgent): string {
  return [a.lastname, a.firstname, a.secondname].filter(Boolean).join(' ');
}

function makeAgent(rng: Rng, roster: Roster, hire: string, dept: SimDepartment, hiredToday: boolean): SimAgent {
  const seq = roster.nextSeq++;
  const name = randomName(rng);
  const posName = dept.root ? weighted(rng, ROOT_POSITIONS) : hiredToday ? weighted(rng, [['Оператор-стажёр', 6], ['Оператор', 4]] as const) : weighted(rng, GROUP_POSITIONS);
  const pos = position(roster, posName);
  const yy = hire.slice(2, 4);
  // Both formats 1C installations use: "223-16" (number-year) and "10-000"; neither is digits only.
  const tabN = rng() < 0.7 ? `${seq}-${yy}` : `${Math.floor(seq / 1000)}-${String(seq % 1000).padStart(3, '0')}`;
  const rate = hiredToday ? 1 : weighted(rng, RATES);
  const initials = translit(name.firstname[0]! + (name.secondname[0] ?? ''));
  return {
    seq,
    agentId: uid(rng),
    tabN,
    lastname: name.lastname,
    firstname: name.firstname,
    secondname: name.secondname,
    startwork: hire,
    finishwork: null,
    finishNull: rng() < 0.5,
    positionId: pos.id,
    position: pos.name,
    positionChangeDate: hiredToday ? hire : null,
    departmentId: dept.id,
    rate,
    rateText: rate !== 1 && rng() < 0.35,
    login: rng() < 0.92 ? `${translit(name.lastname)}.${initials}${seq % 1000}` : null,
    normWeek: rng() < 0.75 ? 40 : 36,
    normWeekChangeDate: hire,
    sn: rng() < 0.3 ? `SN${String(seq).padStart(7, '0')}` : null,
    dbId: rng() < 0.25 ? String(100_000 + seq) : null,
    area: dept.area,
    vacationBase: Math.round(rng() * 28 * 1000) / 1000,
  };
}

/** Builds the roster as 1C would report it on `today`. */
export function generateRoster(seed: number, employees: number, today: string): Roster {
  const rng = mulberry32(mix(seed, 0x1c));
  const roster: Roster = { seed, today, departments: [], groups: [], positions: new Map(), agents: [], nextSeq: 1000, version: 1 };

  for (const [name] of [...GROUP_POSITIONS, ...ROOT_POSITIONS]) roster.positions.set(name, { id: uid(rng), name });

  // A site per root; large staffs get several sites per city.
  const roots = employees < 200 ? 2 : employees < 1000 ? 5 : 5 * Math.ceil(employees / 25_000);
  const rootDepts: SimDepartment[] = [];
  for (let i = 0; i < roots; i++) {
    const site = SITES[i % SITES.length]!;
    const n = Math.floor(i / SITES.length) + 1;
    const id = uid(rng);
    rootDepts.push({ id, name: `Контакт-центр ${site.city}${n > 1 ? ` — площадка ${n}` : ''}`, parentId: id, area: site.area, altSpelling: false, root: true });
  }
  const groupsCount = Math.max(roots, Math.round(employees / 25));
  const perRoot = new Map<string, number>();
  for (let i = 0; i < groupsCount; i++) {
    const root = rootDepts[i % roots]!;
    const n = (perRoot.get(root.id) ?? 0) + 1;
    perRoot.set(root.id, n);
    roster.groups.push({
      id: uid(rng),
      name: `${pick(rng, GROUP_KINDS)} №${n} (${root.name.replace('Контакт-центр ', '')})`,
      parentId: root.id,
      area: root.area,
      altSpelling: i % 7 === 3,
      root: false,
    });
  }
  // Roots first, then their groups, as 1C lists a hierarchy.
  for (const r of rootDepts) {
    roster.departments.push(r);
    for (const g of roster.groups) if (g.parentId === r.id) roster.departments.push(g);
  }

  const monthAgo = addMonths(today, -1);
  const recentSpan = toDay(today) - toDay(monthAgo);
  for (let i = 0; i < employees; i++) {
    const dept = rng() < 0.04 ? pick(rng, rootDepts) : pick(rng, roster.groups);
    // Tenure skews short, as in contact centres: mean about two years, at most twelve.
    const tenure = Math.min(4380, 2 + Math.floor(-Math.log(1 - rng()) * 700));
    const hire = addDays(today, -tenure);
    const a = makeAgent(rng, roster, hire, dept, false);
    const daysWorked = toDay(today) - toDay(hire);
    if (rng() < 0.5) a.positionChangeDate = addDays(hire, int(rng, 0, daysWorked));
    if (rng() < 0.4) a.normWeekChangeDate = addDays(hire, int(rng, 0, daysWorked));
    // About 2 % left within the last month: 1C still sends them so WFM learns the date.
    if (rng() < 0.02) a.finishwork = addDays(today, -int(rng, 0, Math.min(recentSpan, daysWorked - 1)));
    roster.agents.push(a);
  }
  return roster;
}

function change(date: string, kind: ChangeKind, a: SimAgent, detail: string): DayChange {
  return { date, kind, agentId: a.agentId, tabN: a.tabN, name: fullName(a), detail };
}

function deptName(roster: Roster, id: string): string {
  return roster.departments.find((d) => d.id === id)?.name ?? id;
}

/** One day passes: the roster moves to the next date and 1C's personnel documents of that day apply. */
function advanceOneDay(roster: Roster): DayChange[] {
  const d = addDays(roster.today, 1);
  const rng = mulberry32(mix(roster.seed, toDay(d), 0xda7));
  const out: DayChange[] = [];
  roster.today = d;

  // Those whose month after finishwork is over leave the response.
  const keep: SimAgent[] = [];
  for (const a of roster.agents) {
    if (a.finishwork !== null && addMonths(a.finishwork, 1) < d) out.push(change(d, 'removed', a, `finishwork ${a.finishwork}: a month has passed`));
    else keep.push(a);
  }
  roster.agents = keep;

  const staff = roster.agents.filter((a) => a.finishwork === null && a.startwork < d);
  const n = Math.max(staff.length, 10);

  for (let i = count(rng, n * DAILY.termination); i > 0 && staff.length > 0; i--) {
    const idx = Math.floor(rng() * staff.length);
    const a = staff[idx]!;
    a.finishwork = d;
    // Swap-remove: O(1), and still deterministic.
    staff[idx] = staff[staff.length - 1]!;
    staff.pop();
    out.push(change(d, 'termination', a, `finishwork ${d}`));
  }
  for (let i = count(rng, n * DAILY.transfer); i > 0 && staff.length > 0; i--) {
    const a = staff[Math.floor(rng() * staff.length)]!;
    const parts: string[] = [];
    const promoted = PROMOTION[a.position];
    if (promoted && rng() < 0.4) {
      const p = position(roster, promoted);
      parts.push(`${a.position} → ${p.name}`);
      a.position = p.name;
      a.positionId = p.id;
    } else {
      const to = pick(rng, roster.groups.filter((g) => g.id !== a.departmentId));
      parts.push(`${deptName(roster, a.departmentId)} → ${to.name}`);
      a.departmentId = to.id;
      a.area = to.area;
    }
    a.positionChangeDate = d;
    out.push(change(d, 'transfer', a, parts.join('; ')));
  }
  for (let i = count(rng, n * DAILY.normChange); i > 0 && staff.length > 0; i--) {
    const a = staff[Math.floor(rng() * staff.length)]!;
    const next = a.normWeek === 40 ? 36 : 40;
    out.push(change(d, 'norm_change', a, `normWeek ${a.normWeek} → ${next}`));
    a.normWeek = next;
    a.normWeekChangeDate = d;
  }
  for (let i = count(rng, n * DAILY.hire); i > 0; i--) {
    const a = makeAgent(rng, roster, d, pick(rng, roster.groups), true);
    roster.agents.push(a);
    out.push(change(d, 'hire', a, `${a.position}, ${deptName(roster, a.departmentId)}`));
  }
  return out;
}

export function advanceDays(roster: Roster, days: number): DayChanges {
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new RangeError(`days must be a whole number from 1 to 3660, got ${days}`);
  const from = roster.today;
  const changes: DayChange[] = [];
  for (let i = 0; i < days; i++) changes.push(...advanceOneDay(roster));
  roster.version++;
  const counts: Record<ChangeKind, number> = { hire: 0, termination: 0, transfer: 0, norm_change: 0, removed: 0 };
  for (const c of changes) counts[c.kind]++;
  return { from, to: roster.today, changes, counts };
}
