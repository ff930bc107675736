/**
 * One row of a schedule checked on its own: the employee, the date, the
 * times in the employee's zone, the length and the break. What needs other
 * rows (overlaps) or stored data (neighbouring shifts, norms) is checked after
 * every row was read (import.ts). Every problem becomes an issue of the row's
 * line with a reason an operator can act on.
 */
import type { ImportIssue } from '../contract/index.ts';
import { cleanLine } from '../text/clean.ts';
import { cellText, isBlank, parseDateCell, parseMinutesCell, parseTimeCell, shown, type CellValue } from './cells.ts';
import type { ScheduleField } from './columns.ts';
import type { EmployeeIndex, ScheduleEmployee } from './employees.ts';
import type { IssueList } from './issues.ts';
import { hhmm } from './zone-calendar.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
export const MAX_TEXT = 200;

/** A row that reads as a shift (it may still fail the checks across rows). */
export interface Candidate {
  line: number;
  emp: ScheduleEmployee;
  date: string;
  startAt: number;
  endAt: number;
  breakMinutes: number;
  /** Null when there is no break. */
  breakStartAt: number | null;
  type: string | null;
  location: string | null;
  /** False once any error is found for this row (here or across rows). */
  valid: boolean;
}

export interface CheckSettings {
  maxShiftHours: number;
}

/** Hours for messages: 8, 7.5, 12.25. */
export function hoursText(ms: number): string {
  return `${Math.round((ms / HOUR) * 100) / 100} h`;
}

export class RowChecker {
  private readonly index: EmployeeIndex;
  private readonly settings: CheckSettings;
  private readonly issues: IssueList<ImportIssue>;
  /** Employees already told about (unknown site, inactive): one warning each. */
  private readonly warned = new Set<string>();

  constructor(index: EmployeeIndex, settings: CheckSettings, issues: IssueList<ImportIssue>) {
    this.index = index;
    this.settings = settings;
    this.issues = issues;
  }

  private error(line: number, code: ImportIssue['code'], field: string | null, message: string, employeeId: string | null = null, date: string | null = null): void {
    this.issues.add({ line, severity: 'error', code, field, message, employeeId, date, relatedLine: null });
  }

  private warning(line: number, code: ImportIssue['code'], message: string, employeeId: string, date: string | null): void {
    this.issues.add({ line, severity: 'warning', code, field: null, message, employeeId, date, relatedLine: null });
  }

  private employee(get: (f: ScheduleField) => CellValue, line: number): ScheduleEmployee | null {
    const id = cellText(get('agentId'));
    const tab = cellText(get('tabN'));
    if (id === '' && tab === '') {
      this.error(line, 'missing_value', 'agentId', 'no agentId or tabN: name the employee');
      return null;
    }
    if (id !== '') {
      const e = this.index.byId.get(id);
      if (!e) this.error(line, 'unknown_employee', 'agentId', `agentId ${shown(id)} is not in the directory: check the id, or run a personnel sync if the employee is new`, id);
      return e ?? null;
    }
    const e = this.index.byTab.get(tab);
    if (e === undefined) this.error(line, 'unknown_employee', 'tabN', `tab number ${shown(tab)} is not in the directory: check it, or run a personnel sync if the employee is new`);
    else if (e === null) this.error(line, 'ambiguous_employee', 'tabN', `tab number ${shown(tab)} belongs to several employees: name the employee by agentId`);
    return e ?? null;
  }

  private text(v: CellValue, field: ScheduleField, line: number): string | null | undefined {
    if (isBlank(v)) return null;
    const t = cleanLine(cellText(v)).trim();
    if (t.length > MAX_TEXT) {
      this.error(line, 'bad_text', field, `${field} is ${t.length} characters long, at most ${MAX_TEXT}`);
      return undefined;
    }
    return t === '' ? null : t;
  }

  /**
   * Checks one data row; `get` reads a field's cell. Returns the shift it
   * describes when its employee, date and times read, valid or not (an invalid
   * one still takes part in the overlap check so both sides are reported).
   */
  check(get: (f: ScheduleField) => CellValue, line: number): Candidate | null {
    const emp = this.employee(get, line);
    const rawDate = get('date');
    const date = isBlank(rawDate) ? null : parseDateCell(rawDate);
    if (isBlank(rawDate)) this.error(line, 'missing_value', 'date', 'no date: expected the local date the shift starts, YYYY-MM-DD', emp?.externalId);
    else if (date === null) this.error(line, 'bad_date', 'date', `date ${shown(rawDate)} is not a date: expected YYYY-MM-DD (or DD.MM.YYYY)`, emp?.externalId);
    const id = emp?.externalId ?? null;

    const time = (f: 'start' | 'end' | 'break_start', required: boolean): number | null | undefined => {
      const v = get(f);
      if (isBlank(v)) {
        if (required) this.error(line, 'missing_value', f, `no ${f} time: expected HH:MM, local time of the employee's site`, id, date);
        return required ? undefined : null;
      }
      const m = parseTimeCell(v, f === 'end');
      if (m === null) {
        this.error(line, 'bad_time', f, `${f} ${shown(v)} is not a time: expected HH:MM (00:00–23:59${f === 'end' ? ', or 24:00' : ''})`, id, date);
        return undefined;
      }
      return m;
    };
    const start = time('start', true);
    const end = time('end', true);
    const breakStart = time('break_start', false);
    const rawBreak = get('break_minutes');
    const breakMinutes = parseMinutesCell(rawBreak, 0);
    if (breakMinutes === null) this.error(line, 'bad_number', 'break_minutes', `break_minutes ${shown(rawBreak)} is not a whole number of minutes`, id, date);
    const type = this.text(get('type'), 'type', line);
    const location = this.text(get('location'), 'location', line);

    if (!emp || date === null || start === undefined || start === null || end === undefined || end === null || breakStart === undefined || breakMinutes === null || type === undefined || location === undefined) return null;

    let valid = true;
    const who = `${emp.fullName} (${emp.tabN})`;
    if (date < emp.hireDate) {
      valid = false;
      this.error(line, 'before_hire', 'date', `shift on ${date} is before the hire date of ${who}, ${emp.hireDate}`, id, date);
    }
    if (emp.terminationDate !== null && date > emp.terminationDate) {
      valid = false;
      this.error(line, 'after_termination', 'date', `shift on ${date} is after the termination date of ${who}, ${emp.terminationDate}`, id, date);
    }
    if (!this.warned.has(emp.externalId)) {
      if (!emp.siteKnown) {
        this.warned.add(emp.externalId);
        this.warning(line, 'unknown_site', `the site of ${who} is ${emp.area ? `"${emp.area}", which the gateway does not know` : 'not set in 1C'}: times are read in ${emp.zone} (sync.defaultZone)`, id!, date);
      } else if (!emp.active && emp.terminationDate === null) {
        this.warned.add(emp.externalId);
        this.warning(line, 'inactive_employee', `${who} is deactivated in the directory (no longer sent by 1C)`, id!, date);
      }
    }

    const cal = emp.cal;
    const startAt = cal.instant(date, start);
    // An end at or before the start is on the next day (19:00–07:00; 00:00 as the end is midnight after the start).
    const endAt = cal.instant(date, end <= start ? end + 1440 : end);
    const length = endAt - startAt;
    const span = `${hhmm(start)}–${end === 1440 ? '24:00' : hhmm(end)}`;
    if (length > this.settings.maxShiftHours * HOUR) {
      valid = false;
      this.error(line, 'too_long', 'end', `shift ${span} on ${date} is ${hoursText(length)} long, over the limit of ${this.settings.maxShiftHours} h (schedules.maxShiftHours)`, id, date);
    }
    const breakMs = breakMinutes * MINUTE;
    let breakStartAt: number | null = null;
    if (breakMinutes > 0) {
      if (breakMs >= length) {
        valid = false;
        this.error(line, 'break_too_long', 'break_minutes', `the break of ${breakMinutes} min is as long as the shift ${span} (${hoursText(length)}) or longer`, id, date);
      } else if (breakStart !== null) {
        // A break start before the shift's start time is after midnight (a night shift's break at 02:00).
        breakStartAt = cal.instant(date, breakStart < start ? breakStart + 1440 : breakStart);
        if (breakStartAt < startAt || breakStartAt + breakMs > endAt) {
          valid = false;
          this.error(line, 'break_outside', 'break_start', `the break ${hhmm(breakStart)} + ${breakMinutes} min is not inside the shift ${span}`, id, date);
        }
      } else {
        // No start given: the break is centred in the shift, on a whole minute.
        breakStartAt = startAt + Math.floor((length - breakMs) / 2 / MINUTE) * MINUTE;
      }
    }
    return { line, emp, date, startAt, endAt, breakMinutes, breakStartAt, type, location, valid };
  }
}
