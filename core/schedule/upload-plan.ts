/**
 * What an upload of a period sends to 1C (PROTOCOLS.md §1.3): one request per
 * employee, never batches of employees, carrying the upload period and that
 * employee's shifts in it. A shift belongs to the date it starts on;
 * `date_start` is the UTC instant of its start; `daily_hours` and
 * `night_hours` are milliseconds of paid time outside and inside 22:00–06:00
 * local time of the employee's site.
 *
 * Before anything is sent, per employee and month:
 * - months before the current one (the gateway's clock, the employee's zone)
 *   are closed in 1C: skipped; so are months before hire and after termination;
 * - months whose stored shifts fail validation now skip the employee (a request
 *   spanning them would turn their days into days off);
 * - months without shifts at either end of the period are left out (an empty
 *   month in between is sent: its days become days off, as 1C's rule says);
 * - an employee whose every month 1C already accepted with exactly this
 *   content is not sent again (re-sending unchanged data is a no-op).
 */
import { createHash, hash } from 'node:crypto';
import type { UploadPreview, UploadSkip, UploadSkipReason } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import { iso } from '../queue/model.ts';
import type { OperationDataOf } from '../queue/operation-types.ts';
import type { Clock } from '../time/clock.ts';
import { civilToday } from '../time/sites.ts';
import { checkStoredShifts } from './check-stored.ts';
import { scopedEmployees, type EmployeeScope, type ScheduleEmployee } from './employees.ts';
import { plural } from './issues.ts';
import { monthPart, monthsBetween } from './months.ts';
import { shiftTimesReader, type ShiftTimes } from './shift-store.ts';
import { splitDayNight } from './zone-calendar.ts';

export type SendScheduleBody = OperationDataOf<'schedule_upload'>;
export type WireShift = SendScheduleBody['shift'][number];

/** One month of a request as sent, for the upload state and the timesheet's comparison. */
export interface MonthSent {
  month: string;
  /** The part of the month the request covers. */
  from: string;
  to: string;
  shifts: number;
  /** Of {from, to, shift entries}: equal hashes, equal content. */
  hash: string;
  /** The month's SentDay[] as JSON (kept as text: a plan of 10 000 employees holds 200 000 of them). */
  daysJson: string;
}

/** A shift as sent: its local date, and the wire entry. */
export interface SentDay {
  date: string;
  start: string;
  dayMs: number;
  nightMs: number;
}

export interface EmployeeRequest {
  emp: ScheduleEmployee;
  body: SendScheduleBody;
  months: MonthSent[];
  /** Of the body; part of the operation's idempotency key. */
  hash: string;
  idempotencyKey: string;
}

export interface EmployeeSkip {
  employeeId: string;
  month: string;
  reason: UploadSkipReason;
}

export interface UploadPlan {
  preview: UploadPreview;
  requests: EmployeeRequest[];
  skips: EmployeeSkip[];
}

export interface PlanInput {
  from: string;
  to: string;
  scope: EmployeeScope;
  defaultZone: string;
  maxShiftHours: number;
}

/** "2026-12-10T14:00:00Z": whole seconds, as 1C writes instants. */
export function wireInstant(ms: number): string {
  // iso() formats the date part once per day: a month of 200 000 shifts is ~31 dates.
  const s = iso(ms);
  return s.endsWith('.000Z') ? `${s.slice(0, 19)}Z` : s;
}

/** The wire entry of a stored shift in its employee's zone. */
export function wireShift(emp: ScheduleEmployee, s: ShiftTimes): SentDay {
  const dn = splitDayNight(emp.cal, { date: s.localDate, startAt: s.startAt, endAt: s.endAt, breakMinutes: s.breakMinutes, breakStartAt: s.breakStartAt });
  return { date: s.localDate, start: wireInstant(s.startAt), dayMs: dn.dayMs, nightMs: dn.nightMs };
}

const NOTES: Record<UploadSkipReason, (currentMonth: string) => string> = {
  closed_month: (m) => `months before ${m} are closed in 1C: not sent`,
  before_hire: () => 'months before the hire date: not sent',
  after_termination: () => 'months after the termination date: not sent',
  no_shifts: () => 'no stored shifts at the start or end of the period: those months are not sent (an empty schedule creates nothing in 1C)',
  unchanged: () => '1C already accepted exactly these shifts: not sent again',
  invalid_shifts: () => 'stored shifts fail validation now (gatewayctl schedules validate): fix them and import again; nothing of these employees is sent',
};

interface StoredSent {
  hash: string | null;
  state: string;
  /** Of the last upload queued (perhaps still waiting, or failed after 1C may have applied it). */
  queuedHash: string;
}

/**
 * 1C holds exactly `hash` for the month, and no upload of other content can
 * still reach it: the last one was accepted or refused, or carried this content too.
 */
function holds(s: StoredSent | undefined, hash: string): boolean {
  return s !== undefined && s.hash === hash && (s.state === 'sent' || s.state === 'rejected' || s.queuedHash === hash);
}

function storedStates(db: Db, fromMonth: string, toMonth: string): Map<string, StoredSent> {
  const m = new Map<string, StoredSent>();
  for (const [e, month, state, sentHash, queuedHash] of db
    .prepare('SELECT employee_external_id, month, state, sent_hash, content_hash FROM schedule_uploads WHERE month BETWEEN ? AND ?')
    .raw()
    .iterate(fromMonth, toMonth) as IterableIterator<[string, string, string, string | null, string]>) {
    m.set(`${e}|${month}`, { hash: sentHash, state, queuedHash });
  }
  return m;
}

function monthHash(from: string, to: string, days: readonly SentDay[]): string {
  let text = `${from}|${to}`;
  for (const d of days) text += `|${d.start},${d.dayMs},${d.nightMs}`;
  return hash('sha1', text, 'base64url');
}

/** Plans the requests of an upload; nothing is written. */
export function planUpload(db: Db, clock: Clock, input: PlanInput): UploadPlan {
  const { employees } = scopedEmployees(db, { ...input.scope, employedFrom: input.from, employedTo: input.to }, input.defaultZone);
  const shiftsOf = shiftTimesReader(db);
  const months = monthsBetween(input.from.slice(0, 7), input.to.slice(0, 7));
  const sent = storedStates(db, months[0]!, months[months.length - 1]!);
  const todayByZone = new Map<string, string>();
  const requests: EmployeeRequest[] = [];
  const skips: EmployeeSkip[] = [];

  for (const emp of employees) {
    let today = todayByZone.get(emp.zone);
    if (!today) todayByZone.set(emp.zone, (today = civilToday(clock, emp.zone)));
    const current = today.slice(0, 7);
    const shifts = shiftsOf(emp.externalId, input.from, input.to);
    const skip = (month: string, reason: UploadSkipReason) => skips.push({ employeeId: emp.externalId, month, reason });
    const invalidMonths = new Set(checkStoredShifts(emp, shifts, input.maxShiftHours).map((i) => i.date!.slice(0, 7)));
    const sendable: (MonthSent & { entries: WireShift[] })[] = [];
    let si = 0;
    for (const month of months) {
      const part = monthPart(month, input.from, input.to)!;
      const days: SentDay[] = [];
      for (; si < shifts.length && shifts[si]!.localDate <= part.to; si++) if (shifts[si]!.localDate >= part.from) days.push(wireShift(emp, shifts[si]!));
      if (month < current) skip(month, 'closed_month');
      else if (part.to < emp.hireDate) skip(month, 'before_hire');
      else if (emp.terminationDate !== null && part.from > emp.terminationDate) skip(month, 'after_termination');
      else {
        sendable.push({
          month,
          from: part.from,
          to: part.to,
          shifts: days.length,
          hash: monthHash(part.from, part.to, days),
          daysJson: JSON.stringify(days),
          entries: days.map((d) => ({ date_start: d.start, daily_hours: d.dayMs, night_hours: d.nightMs })),
        });
      }
    }
    // Empty months at either end say nothing: leave them out.
    while (sendable.length > 0 && sendable[0]!.shifts === 0) skip(sendable.shift()!.month, 'no_shifts');
    while (sendable.length > 0 && sendable[sendable.length - 1]!.shifts === 0) skip(sendable.pop()!.month, 'no_shifts');
    if (sendable.length === 0) continue;
    if (sendable.some((m) => invalidMonths.has(m.month))) {
      for (const m of sendable) skip(m.month, 'invalid_shifts');
      continue;
    }
    if (sendable.every((m) => holds(sent.get(`${emp.externalId}|${m.month}`), m.hash))) {
      for (const m of sendable) skip(m.month, 'unchanged');
      continue;
    }
    const first = sendable[0]!;
    const last = sendable[sendable.length - 1]!;
    const body: SendScheduleBody = {
      agentId: emp.externalId,
      period1: `${first.from}T00:00:00Z`,
      period2: `${last.to}T00:00:00Z`,
      shift: sendable.length === 1 ? first.entries : sendable.flatMap((m) => m.entries),
    };
    const h = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    requests.push({
      emp,
      body,
      months: sendable.map(({ entries: _e, ...m }) => m),
      hash: h,
      idempotencyKey: `schedule_upload:${emp.externalId}:${first.from}:${last.to}:${h.slice(0, 32)}`,
    });
  }

  const currentMonth = civilToday(clock, input.defaultZone).slice(0, 7);
  const byReason = new Map<UploadSkipReason, { employees: Set<string>; months: number }>();
  for (const s of skips) {
    let r = byReason.get(s.reason);
    if (!r) byReason.set(s.reason, (r = { employees: new Set(), months: 0 }));
    r.employees.add(s.employeeId);
    r.months++;
  }
  const skipped: UploadSkip[] = [...byReason].map(([reason, r]) => ({ reason, employees: r.employees.size, months: r.months, note: NOTES[reason](currentMonth) }));
  const monthsSent = requests.reduce((n, r) => n + r.months.length, 0);
  const shiftsSent = requests.reduce((n, r) => n + r.body.shift.length, 0);
  const preview: UploadPreview = {
    from: input.from,
    to: input.to,
    currentMonth,
    employeesInScope: employees.length,
    employees: requests.length,
    months: monthsSent,
    shifts: shiftsSent,
    skipped,
    message:
      requests.length === 0
        ? `nothing to send for ${input.from}..${input.to}: ${skipped.length ? skipped.map((s) => `${plural(s.months, 'employee-month')} ${s.reason.replaceAll('_', ' ')}`).join(', ') : `no employees in scope`}`
        : `${plural(requests.length, 'request')} (one per employee) with ${plural(monthsSent, 'employee-month')} and ${plural(shiftsSent, 'shift')}${skipped.length ? `; skipped: ${skipped.map((s) => `${plural(s.months, 'employee-month')} ${s.reason.replaceAll('_', ' ')}`).join(', ')}` : ''}`,
  };
  return { preview, requests, skips };
}
