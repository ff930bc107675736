/**
 * Schemas of `GET /agents/{startDate}/{endDate}` (PROTOCOLS.md §1.1), with every
 * *tolerate* item. Records are validated one by one: a broken record is kept with
 * its reasons and never sinks the others.
 *
 * Messages are written for an operator reading a plan's "invalid" rows:
 * "tabN: required", "rate: not a number: "пять"", never zod's defaults.
 *
 * Every string 1C sends is stripped of control characters (ESC sequences,
 * other C0/C1, bidirectional overrides; newlines and tabs become spaces)
 * before it reaches the directory, plans, the audit log or a message.
 */
import { z } from 'zod';
import { cleanDeep, cleanLine, isCleanLine } from '../text/clean.ts';
import { describeIssues } from '../validation.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME_MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?(?:Z|[+-]00:?00)?$/;

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Text of 1C quoted in a message: clean, on one line, at most 40 characters. */
function quoted(s: string): string {
  const c = cleanLine(s);
  return `"${c.length > 40 ? `${c.slice(0, 40)}…` : c}"`;
}

/** What a value is, for a record's reasons: "a number", "null", "an object", a short string quoted (cleaned). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return quoted(v);
  return String(v);
}

/**
 * The shape of a value without its content, for errors about a whole body
 * (they reach logs and Health): "a string of 22 characters", "an array of 2".
 */
export function describeShape(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `a string of ${v.length} characters`;
  if (typeof v === 'number') return 'a number';
  return String(v);
}

/** A zod `error` option: "required" when the field is absent or null, else "<what> expected, got <value>". */
export function requiredOr(what: string) {
  return (iss: { input?: unknown }) => (iss.input == null ? 'required' : `must be ${what}, got ${describeValue(iss.input)}`);
}

/** Text that may be empty, without control characters. */
export const text = z.string({ error: requiredOr('text') }).overwrite(cleanLine);
/** Text with something in it (after trimming). */
export const nonEmpty = text.trim().min(1, 'must not be empty');

/** A civil date `YYYY-MM-DD`; 1C's `YYYY-MM-DDT00:00:00` is tolerated and cut to the date. */
export const civilDate = z.string({ error: requiredOr('a date YYYY-MM-DD') }).transform((s, ctx) => {
  const trimmed = s.trim();
  const m = ISO_DATE_TIME_MIDNIGHT.exec(trimmed);
  const date = m ? m[1]! : trimmed;
  if (!ISO_DATE.test(date) || !isRealDate(date)) {
    ctx.addIssue({ code: 'custom', message: `not a date YYYY-MM-DD: ${quoted(s)}` });
    return z.NEVER;
  }
  return date;
});

/** A number, or a string with a decimal comma or point ("0,5"). */
export const looseNumber = z.union([z.number(), z.string()], { error: requiredOr('a number') }).transform((v, ctx) => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      ctx.addIssue({ code: 'custom', message: 'not a finite number' });
      return z.NEVER;
    }
    return v;
  }
  const t = v.trim().replace(/\s/g, '');
  const n = Number(t.replace(',', '.'));
  if (t === '' || !Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${quoted(v)}` });
    return z.NEVER;
  }
  return n;
});

const optionalText = z
  .string({ error: requiredOr('text') })
  .nullish()
  .transform((v) => {
    const t = v == null ? '' : cleanLine(v).trim();
    return t === '' ? null : t;
  });

export const onecDepartmentSchema = z
  .object(
    {
      departmentId: nonEmpty,
      department: nonEmpty,
      parentDepartmentId: text.nullish(),
      parent_departmentId: text.nullish(),
    },
    { error: requiredOr('an object') },
  )
  .transform((d) => {
    const parent = (d.parentDepartmentId ?? d.parent_departmentId ?? '').trim();
    return {
      departmentId: d.departmentId,
      name: d.department,
      // A root may point at itself; the directory stores that as no parent.
      parentId: parent === '' || parent === d.departmentId ? null : parent,
    };
  });
export type OnecDepartment = z.output<typeof onecDepartmentSchema>;

export const onecVacationSchema = z
  .object({ date: civilDate, vacation: looseNumber }, { error: requiredOr('an object {date, vacation}') })
  .transform((v) => ({ date: v.date, days: v.vacation }));
export type OnecVacation = z.output<typeof onecVacationSchema>;

/* ------------------------------------------------------------------------ *
 * Fast path. zod costs ~13 µs per employee, too much for 100 000 of them
 * (the plan must be ready in 2 s). The fast path below accepts only records in
 * the plain documented form and builds exactly what onecAgentSchema would;
 * anything unusual (a tolerated variant or an error) returns null and goes
 * through zod, which stays the single source of truth for tolerance and for
 * messages. agents-schema.test.ts checks that both agree.
 * ------------------------------------------------------------------------ */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The decimal digit at position i of s, or -1: char codes, so no substring is cut per check. */
function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

function plainDate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  const y0 = digit(v, 0), y1 = digit(v, 1), y2 = digit(v, 2), y3 = digit(v, 3), m0 = digit(v, 5), m1 = digit(v, 6), d0 = digit(v, 8), d1 = digit(v, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return false;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS_IN_MONTH[m - 1]! + (leap ? 1 : 0);
}

/** Non-empty clean text without surrounding blanks (what nonEmpty would return unchanged). */
function plainText(v: unknown): v is string {
  return typeof v === 'string' && v !== '' && v.charCodeAt(0) > 32 && v.charCodeAt(v.length - 1) > 32 && v.trim() === v && isCleanLine(v);
}

const PLAIN_DECIMAL = /^\d{1,6}(?:[.,]\d{1,9})?$/;

function plainNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && PLAIN_DECIMAL.test(v)) return Number(v.replace(',', '.'));
  return null;
}

/** Absent/null → null; clean text → trimmed or null when blank; anything else → undefined (not plain). */
function plainOptional(v: unknown): string | null | undefined {
  if (v == null) return null;
  if (typeof v !== 'string' || !isCleanLine(v)) return undefined;
  const t = v.trim();
  return t === '' ? null : t;
}

const same = (s: string): string => s;

/**
 * @internal exported for the equivalence test only. `share` may swap a value
 * for an equal string already held (the collector pools values that repeat).
 */
export function fastAgent(raw: unknown, share: (s: string) => string = same): OnecAgent | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const { agentId, tabN, lastname, firstname, startwork, positionId, position, departmentId, normWeekChangeDate } = r;
  if (!plainText(agentId) || !plainText(tabN) || !plainText(lastname) || !plainText(firstname)) return null;
  if (!plainText(positionId) || !plainText(position) || !plainText(departmentId)) return null;
  if (!plainDate(startwork) || !plainDate(normWeekChangeDate)) return null;
  const second = r.secondname;
  if (second != null && (typeof second !== 'string' || !isCleanLine(second))) return null;
  const finish = r.finishwork;
  if (finish != null && (!plainDate(finish) || finish < startwork)) return null;
  const pcd = r.positionChangeDate;
  if (pcd != null && !plainDate(pcd)) return null;
  let rate: number | null = null;
  if (r.rate != null) {
    rate = plainNumber(r.rate);
    if (rate === null || !(rate > 0 && rate <= 2)) return null;
  }
  const normWeek = plainNumber(r.normWeek);
  if (normWeek === null || !(normWeek > 0 && normWeek <= 60)) return null;
  const login = plainOptional(r.Login);
  const sn = plainOptional(r.SN);
  const dbId = plainOptional(r.Db_ID);
  const area = plainOptional(r.area);
  if (login === undefined || sn === undefined || dbId === undefined || area === undefined) return null;
  const vacations: OnecVacation[] = [];
  const rv = r.AR_vacation;
  if (rv != null) {
    if (!Array.isArray(rv)) return null;
    for (const v of rv) {
      if (v === null || typeof v !== 'object') return null;
      const date = (v as Record<string, unknown>).date;
      const days = plainNumber((v as Record<string, unknown>).vacation);
      if (!plainDate(date) || days === null) return null;
      vacations.push({ date: share(date), days });
    }
  }
  return {
    agentId,
    tabN,
    lastname: share(lastname),
    firstname: share(firstname),
    secondname: share((second ?? '').trim()),
    startwork: share(startwork),
    finishwork: finish == null ? null : share(finish),
    positionId: share(positionId),
    position: share(position),
    positionChangeDate: pcd == null ? null : share(pcd),
    departmentId: share(departmentId),
    rate,
    login,
    normWeek,
    normWeekChangeDate: share(normWeekChangeDate),
    sn,
    dbId,
    area: area === null ? null : share(area),
    vacations,
  };
}

export const onecAgentSchema = z
  .object(
    {
      agentId: nonEmpty,
      tabN: nonEmpty,
      lastname: nonEmpty,
      firstname: nonEmpty,
      secondname: text.nullish(),
      startwork: civilDate,
      finishwork: civilDate.nullish(),
      positionId: nonEmpty,
      position: nonEmpty,
      positionChangeDate: civilDate.nullish(),
      departmentId: nonEmpty,
      rate: looseNumber.pipe(z.number().gt(0, 'must be above 0').lte(2, 'must be at most 2')).nullish(),
      Login: optionalText,
      normWeek: looseNumber.pipe(z.number().gt(0, 'must be above 0').lte(60, 'must be at most 60')),
      normWeekChangeDate: civilDate,
      SN: optionalText,
      Db_ID: optionalText,
      area: optionalText,
      AR_vacation: z.array(onecVacationSchema, { error: requiredOr('an array') }).nullish(),
    },
    { error: requiredOr('an object') },
  )
  .superRefine((a, ctx) => {
    if (a.finishwork && a.finishwork < a.startwork) {
      ctx.addIssue({ code: 'custom', path: ['finishwork'], message: `${a.finishwork} is before startwork ${a.startwork}` });
    }
  })
  .transform((a) => ({
    agentId: a.agentId,
    tabN: a.tabN,
    lastname: a.lastname,
    firstname: a.firstname,
    secondname: (a.secondname ?? '').trim(),
    startwork: a.startwork,
    finishwork: a.finishwork ?? null,
    positionId: a.positionId,
    position: a.position,
    positionChangeDate: a.positionChangeDate ?? null,
    departmentId: a.departmentId,
    rate: a.rate ?? null,
    login: a.Login,
    normWeek: a.normWeek,
    normWeekChangeDate: a.normWeekChangeDate,
    sn: a.SN,
    dbId: a.Db_ID,
    area: a.area,
    vacations: a.AR_vacation ?? [],
  }));
export type OnecAgent = z.output<typeof onecAgentSchema>;

/**
 * The envelope: an array holding one object, or (tolerated) a bare object, with
 * both arrays present. Failures read "AR_agents must be an array, got null".
 */
export const agentsEnvelopeSchema = z.unknown().transform((body, ctx) => {
  let obj: unknown = body;
  if (Array.isArray(body)) {
    if (body.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `expected an array holding exactly one object, got an array of ${body.length}` });
      return z.NEVER;
    }
    obj = body[0];
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    ctx.addIssue({ code: 'custom', message: `expected an object with AR_departments and AR_agents, got ${describeShape(obj)}` });
    return z.NEVER;
  }
  const o = obj as Record<string, unknown>;
  let ok = true;
  for (const key of ['AR_departments', 'AR_agents'] as const) {
    if (!Array.isArray(o[key])) {
      ok = false;
      ctx.addIssue({ code: 'custom', message: key in o ? `${key} must be an array, got ${describeShape(o[key])}` : `${key} is missing (must be an array)` });
    }
  }
  if (!ok) return z.NEVER;
  return { AR_departments: o.AR_departments as unknown[], AR_agents: o.AR_agents as unknown[] };
});

export interface InvalidRecord {
  kind: 'department' | 'agent';
  /** Position in the response array, from 0. */
  index: number;
  externalId: string | null;
  /** What a person recognises: "Иванов Иван (223-16)" or the department name. */
  label: string;
  reasons: string[];
  /** The record as 1C sent it, its text cleaned. */
  raw: unknown;
}

export interface AgentsResponse {
  departments: OnecDepartment[];
  agents: OnecAgent[];
  invalid: InvalidRecord[];
}

export { describeIssues } from '../validation.ts';

/** A text field of a record kept as invalid, cleaned: its label and id are shown. */
function str(o: unknown, key: string): string | null {
  if (o && typeof o === 'object' && key in o) {
    const v = (o as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      const t = cleanLine(v).trim();
      if (t !== '') return t;
    }
  }
  return null;
}

/**
 * Validates records one at a time, in the order they come, so a caller that
 * parses the body piece by piece can let each raw record go once it is read.
 * Department problems are listed before agent problems, whatever order the
 * two arrays came in.
 */
export class AgentsCollector {
  private readonly departments: OnecDepartment[] = [];
  private readonly agents: OnecAgent[] = [];
  private readonly invalidDepartments: InvalidRecord[] = [];
  private readonly invalidAgents: InvalidRecord[] = [];
  private readonly deptSeen = new Map<string, number>();
  private readonly agentSeen = new Map<string, number>();
  /** Dates, names, departments and positions repeat across 100 000 records: one string each. */
  private readonly pool = new Map<string, string>();
  private readonly share = (v: string): string => {
    const held = this.pool.get(v);
    if (held !== undefined) return held;
    this.pool.set(v, v);
    return v;
  };

  addDepartment(raw: unknown, index: number): void {
    const r = onecDepartmentSchema.safeParse(raw);
    const reasons = r.success ? [] : describeIssues(r.error);
    if (r.success) {
      const first = this.deptSeen.get(r.data.departmentId);
      if (first === undefined) {
        this.deptSeen.set(r.data.departmentId, index);
        this.departments.push(r.data);
        return;
      }
      reasons.push(`departmentId: duplicate of department #${first + 1} ("${r.data.departmentId}")`);
    }
    this.invalidDepartments.push({
      kind: 'department',
      index,
      externalId: str(raw, 'departmentId'),
      label: str(raw, 'department') ?? str(raw, 'departmentId') ?? `department #${index + 1}`,
      reasons: reasons.map(cleanLine),
      raw: cleanDeep(raw),
    });
  }

  addAgent(raw: unknown, index: number): void {
    const fast = fastAgent(raw, this.share);
    if (fast !== null) {
      const first = this.agentSeen.get(fast.agentId);
      if (first === undefined) {
        this.agentSeen.set(fast.agentId, index);
        this.agents.push(fast);
        return;
      }
      this.invalidAgent(raw, index, [`agentId: duplicate of agent #${first + 1} ("${fast.agentId}")`]);
      return;
    }
    const r = onecAgentSchema.safeParse(raw);
    if (!r.success) {
      this.invalidAgent(raw, index, describeIssues(r.error));
      return;
    }
    const first = this.agentSeen.get(r.data.agentId);
    if (first === undefined) {
      this.agentSeen.set(r.data.agentId, index);
      this.agents.push(r.data);
      return;
    }
    this.invalidAgent(raw, index, [`agentId: duplicate of agent #${first + 1} ("${r.data.agentId}")`]);
  }

  private invalidAgent(raw: unknown, index: number, reasons: string[]): void {
    const name = [str(raw, 'lastname'), str(raw, 'firstname')].filter(Boolean).join(' ');
    const tab = str(raw, 'tabN');
    this.invalidAgents.push({
      kind: 'agent',
      index,
      externalId: str(raw, 'agentId'),
      label: `${name || `agent #${index + 1}`}${tab ? ` (${tab})` : ''}`,
      reasons: reasons.map(cleanLine),
      raw: cleanDeep(raw),
    });
  }

  result(): AgentsResponse {
    return { departments: this.departments, agents: this.agents, invalid: [...this.invalidDepartments, ...this.invalidAgents] };
  }
}

/**
 * Validates an already-parsed body. Throws a ZodError only when the envelope
 * itself is wrong; bad records come back in `invalid`. A second record with an
 * id already seen is invalid too: the directory keys on that id.
 */
export function parseAgentsBody(body: unknown): AgentsResponse {
  const env = agentsEnvelopeSchema.parse(body);
  const c = new AgentsCollector();
  const depts = env.AR_departments;
  for (let i = 0; i < depts.length; i++) c.addDepartment(depts[i], i);
  const agents = env.AR_agents;
  for (let i = 0; i < agents.length; i++) c.addAgent(agents[i], i);
  return c.result();
}
