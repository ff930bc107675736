/**
 * The import's rules applied to stored shifts, against the directory as it is
 * now: a hire date 1C moved, a termination entered, the limit on shift length
 * lowered since the import. Used by schedules.validate, the grid's error
 * counts and the upload planner (which never sends an invalid month).
 */
import type { StoredIssue } from '../contract/index.ts';
import { hoursText } from './check-row.ts';
import type { ScheduleEmployee } from './employees.ts';
import type { ShiftTimes as StoredShift } from './shift-store.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The errors of one employee's shifts (sorted by start). */
export function checkStoredShifts(emp: ScheduleEmployee, shifts: readonly StoredShift[], maxShiftHours: number): StoredIssue[] {
  const out: StoredIssue[] = [];
  const who = `${emp.fullName} (${emp.tabN})`;
  const cal = emp.cal;
  const span = (s: StoredShift) => `${s.localDate} ${cal.wallTime(s.startAt, s.localDate)}–${cal.wallTime(s.endAt, s.localDate)}`;
  const add = (s: StoredShift, code: StoredIssue['code'], message: string, related: number | null = null) =>
    out.push({ severity: 'error', code, message, employeeId: emp.externalId, employeeName: emp.fullName, tabN: emp.tabN, date: s.localDate, shiftId: s.id, relatedShiftId: related });
  let last: StoredShift | null = null;
  for (const s of shifts) {
    if (s.localDate < emp.hireDate) add(s, 'before_hire', `the shift ${span(s)} is before the hire date of ${who}, ${emp.hireDate}`);
    if (emp.terminationDate !== null && s.localDate > emp.terminationDate) add(s, 'after_termination', `the shift ${span(s)} is after the termination date of ${who}, ${emp.terminationDate}`);
    const length = s.endAt - s.startAt;
    if (length > maxShiftHours * HOUR) add(s, 'too_long', `the shift ${span(s)} is ${hoursText(length)} long, over the limit of ${maxShiftHours} h (schedules.maxShiftHours)`);
    if (s.breakStartAt !== null) {
      const b = s.breakMinutes * MINUTE;
      if (b >= length) add(s, 'break_too_long', `the break of ${s.breakMinutes} min of the shift ${span(s)} is as long as the shift or longer`);
      else if (s.breakStartAt < s.startAt || s.breakStartAt + b > s.endAt) add(s, 'break_outside', `the break of the shift ${span(s)} is not inside it`);
    }
    if (last && s.startAt < last.endAt) add(s, 'overlap', `the shift ${span(s)} overlaps the shift ${span(last)} of ${who}`, last.id);
    if (!last || s.endAt > last.endAt) last = s;
  }
  return out;
}
