/**
 * `POST /getTimetypeInfo` (PROTOCOLS.md §1.4): the timesheet per agent — day
 * rows with Russian timesheet letter codes, absences by reason, and worked
 * totals per half-month. Unknown codes are kept and shown as they are.
 */
import { z } from 'zod';
import { describeValue, looseNumber, nonEmpty, requiredOr } from './agents-schema.ts';
import { parseRows, rowsOf, strictDate, responseInstant, type InvalidRow } from './shape.ts';
import { cleanLine } from '../text/clean.ts';

/** The codes of PROTOCOLS.md §1.4 with their meaning; others are valid too, just not known here. */
export const TIMETYPES: Readonly<Record<string, string>> = {
  Я: 'day work',
  Н: 'night work',
  В: 'day off',
  РВ: 'work on a day off or holiday',
  С: 'overtime',
  НН: 'unexplained absence',
  ПР: 'truancy',
  ОТ: 'annual leave',
  ОД: 'additional leave',
  Б: 'sick leave',
  Т: 'unpaid sick leave',
  У: 'study leave',
  УД: 'study leave (unpaid)',
  Р: 'maternity leave',
  ОЖ: 'parental leave',
  ДО: 'unpaid leave',
  Г: 'public duties',
  ПК: 'training',
  РП: 'downtime (employer)',
  НВ: 'suspension',
  НБ: 'suspension',
  НО: 'suspension',
};

export function isKnownTimetype(code: string): boolean {
  return Object.hasOwn(TIMETYPES, code);
}

export const timesheetRequestSchema = z
  .object({
    dateStart: strictDate,
    dateEnd: strictDate,
    agentIds: z.array(nonEmpty, { error: requiredOr('an array') }).min(1, 'must list at least one agent'),
  })
  .refine((r) => r.dateStart <= r.dateEnd, { error: 'dateStart is after dateEnd' });

export type TimesheetRequest = z.input<typeof timesheetRequestSchema>;

export function timesheetWire(r: z.output<typeof timesheetRequestSchema>) {
  return { date_start: `${r.dateStart}T00:00:00`, date_end: `${r.dateEnd}T00:00:00`, AR_agents: r.agentIds.map((agentId) => ({ agentId })) };
}

const hours = looseNumber.pipe(z.number().min(0, 'must not be negative').lte(24, 'must be at most 24'));

const dayRowSchema = z
  .object({ date: responseInstant, timetype: nonEmpty, hours }, { error: requiredOr('an object {date, timetype, hours}') })
  .transform((r) => ({ date: r.date.trim(), timetype: r.timetype, hours: r.hours, known: isKnownTimetype(r.timetype) }));

const ABSENCE = /^\s*(\d+(?:[.,]\d+)?)\s*(?:\(\s*(\d+(?:[.,]\d+)?)\s*\))?\s*$/;

const absenceSchema = z
  .object({ timetype_N: nonEmpty, hours_N: z.union([z.string(), z.number()], { error: requiredOr('text like "14" or "2(6)"') }) }, { error: requiredOr('an object {timetype_N, hours_N}') })
  .transform((r, ctx) => {
    const m = ABSENCE.exec(String(r.hours_N));
    if (!m) {
      ctx.addIssue({ code: 'custom', path: ['hours_N'], message: `must be days "14" or days(hours) "2(6)", got ${describeValue(r.hours_N)}` });
      return z.NEVER;
    }
    const num = (s: string) => Number(s.replace(',', '.'));
    return { timetype: r.timetype_N, days: num(m[1]!), hours: m[2] !== undefined ? num(m[2]) : null, text: cleanLine(String(r.hours_N)).trim(), known: isKnownTimetype(r.timetype_N) };
  });

const total = looseNumber.pipe(z.number().min(0, 'must not be negative')).nullish();

export const timesheetAgentSchema = z
  .object(
    {
      agentId: nonEmpty,
      AR_date: z.array(dayRowSchema, { error: requiredOr('an array') }).nullish(),
      AR_N: z.array(absenceSchema, { error: requiredOr('an array') }).nullish(),
      half1_days: total,
      half1_hours: total,
      half2_days: total,
      half2_hours: total,
    },
    { error: requiredOr('an object') },
  )
  .transform((a) => ({
    agentId: a.agentId,
    /** Day rows; `date` is 1C's UTC instant of local midnight, e.g. "2018-03-27T21:00:00Z" for 28 March in Moscow. */
    days: a.AR_date ?? [],
    absences: a.AR_N ?? [],
    half1: { days: a.half1_days ?? 0, hours: a.half1_hours ?? 0 },
    half2: { days: a.half2_days ?? 0, hours: a.half2_hours ?? 0 },
  }));

export type TimesheetAgent = z.output<typeof timesheetAgentSchema>;
export type TimesheetDay = TimesheetAgent['days'][number];
export type TimesheetAbsence = TimesheetAgent['absences'][number];

export interface TimesheetResponse {
  agents: TimesheetAgent[];
  invalid: InvalidRow[];
}

export function parseTimesheetBody(body: unknown): TimesheetResponse {
  const { rows, invalid } = parseRows(rowsOf(body, 'agent timesheets'), timesheetAgentSchema);
  return { agents: rows, invalid };
}
