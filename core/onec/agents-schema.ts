/**
 * Schemas of `GET /agents/{startDate}/{endDate}` (PROTOCOLS.md §1.1), with every
 * *tolerate* item. Records are validated one by one: a broken record is kept with
 * its reasons and never sinks the others.
 */
import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME_MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?(?:Z|[+-]00:?00)?$/;

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A civil date `YYYY-MM-DD`; 1C's `YYYY-MM-DDT00:00:00` is tolerated and cut to the date. */
export const civilDate = z.string().transform((s, ctx) => {
  const trimmed = s.trim();
  const m = ISO_DATE_TIME_MIDNIGHT.exec(trimmed);
  const date = m ? m[1]! : trimmed;
  if (!ISO_DATE.test(date) || !isRealDate(date)) {
    ctx.addIssue({ code: 'custom', message: `not a date YYYY-MM-DD: "${s}"` });
    return z.NEVER;
  }
  return date;
});

/** A number, or a string with a decimal comma or point ("0,5"). */
export const looseNumber = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      ctx.addIssue({ code: 'custom', message: 'not a finite number' });
      return z.NEVER;
    }
    return v;
  }
  const n = Number(v.trim().replace(',', '.'));
  if (v.trim() === '' || !Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a number: "${v}"` });
    return z.NEVER;
  }
  return n;
});

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v == null || v.trim() === '' ? null : v.trim()));

export const onecDepartmentSchema = z
  .object({
    departmentId: nonEmpty,
    department: nonEmpty,
    parentDepartmentId: z.string().nullish(),
    parent_departmentId: z.string().nullish(),
  })
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
  .object({ date: civilDate, vacation: looseNumber })
  .transform((v) => ({ date: v.date, days: v.vacation }));
export type OnecVacation = z.output<typeof onecVacationSchema>;

export const onecAgentSchema = z
  .object({
    agentId: nonEmpty,
    tabN: nonEmpty,
    lastname: nonEmpty,
    firstname: nonEmpty,
    secondname: z.string().nullish(),
    startwork: civilDate,
    finishwork: civilDate.nullish(),
    positionId: nonEmpty,
    position: nonEmpty,
    positionChangeDate: civilDate.nullish(),
    departmentId: nonEmpty,
    rate: looseNumber.pipe(z.number().gt(0, 'rate must be above 0').lte(2, 'rate must be at most 2')).nullish(),
    Login: z.string().nullish(),
    normWeek: looseNumber.pipe(z.number().gt(0, 'normWeek must be above 0').lte(60, 'normWeek must be at most 60')),
    normWeekChangeDate: civilDate,
    SN: z.string().nullish(),
    Db_ID: z.string().nullish(),
    area: z.string().nullish(),
    AR_vacation: z.array(onecVacationSchema).nullish(),
  })
  .superRefine((a, ctx) => {
    if (a.finishwork && a.finishwork < a.startwork) {
      ctx.addIssue({ code: 'custom', path: ['finishwork'], message: `finishwork ${a.finishwork} is before startwork ${a.startwork}` });
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
    login: optionalText.parse(a.Login),
    normWeek: a.normWeek,
    normWeekChangeDate: a.normWeekChangeDate,
    sn: optionalText.parse(a.SN),
    dbId: optionalText.parse(a.Db_ID),
    area: optionalText.parse(a.area),
    vacations: a.AR_vacation ?? [],
  }));
export type OnecAgent = z.output<typeof onecAgentSchema>;

/** The envelope: an array holding one object, or (tolerated) a bare object. */
export const agentsEnvelopeSchema = z
  .union([z.array(z.unknown()).length(1, 'expected an array holding exactly one object'), z.record(z.string(), z.unknown())])
  .transform((v) => (Array.isArray(v) ? v[0] : v))
  .pipe(
    z.object({
      AR_departments: z.array(z.unknown(), 'AR_departments must be an array'),
      AR_agents: z.array(z.unknown(), 'AR_agents must be an array'),
    }),
  );

export interface InvalidRecord {
  kind: 'department' | 'agent';
  /** Position in the response array, from 0. */
  index: number;
  externalId: string | null;
  /** What a person recognises: "Иванов Иван (223-16)" or the department name. */
  label: string;
  reasons: string[];
  raw: unknown;
}

export interface AgentsResponse {
  departments: OnecDepartment[];
  agents: OnecAgent[];
  invalid: InvalidRecord[];
}

/** "field: message" lines, one per zod issue. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

function str(o: unknown, key: string): string | null {
  if (o && typeof o === 'object' && key in o) {
    const v = (o as Record<string, unknown>)[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

/**
 * Validates an already-parsed body. Throws a ZodError only when the envelope
 * itself is wrong; bad records come back in `invalid`.
 */
export function parseAgentsBody(body: unknown): AgentsResponse {
  const env = agentsEnvelopeSchema.parse(body);
  const out: AgentsResponse = { departments: [], agents: [], invalid: [] };
  env.AR_departments.forEach((raw, index) => {
    const r = onecDepartmentSchema.safeParse(raw);
    if (r.success) out.departments.push(r.data);
    else
      out.invalid.push({
        kind: 'department',
        index,
        externalId: str(raw, 'departmentId'),
        label: str(raw, 'department') ?? str(raw, 'departmentId') ?? `department #${index + 1}`,
        reasons: describeIssues(r.error),
        raw,
      });
  });
  env.AR_agents.forEach((raw, index) => {
    const r = onecAgentSchema.safeParse(raw);
    if (r.success) out.agents.push(r.data);
    else {
      const name = [str(raw, 'lastname'), str(raw, 'firstname')].filter(Boolean).join(' ');
      const tab = str(raw, 'tabN');
      out.invalid.push({
        kind: 'agent',
        index,
        externalId: str(raw, 'agentId'),
        label: `${name || `agent #${index + 1}`}${tab ? ` (${tab})` : ''}`,
        reasons: describeIssues(r.error),
        raw,
      });
    }
  });
  return out;
}
