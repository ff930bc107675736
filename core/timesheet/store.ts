/**
 * Timesheets and norms as 1C sent them, per employee and day (several codes a
 * day), per employee and month (half-month totals, absences by reason), and
 * norms per employee, mode and period. Storing a response replaces what was
 * stored for its agents and period: re-fetching a period replaces it.
 */
import type { AbsenceView } from '../contract/index.ts';
import { RowBuffer } from '../db/bulk.ts';
import type { Db } from '../db/open.ts';
import type { NormHoursRow } from '../onec/norm-hours-schema.ts';
import { isKnownTimetype, type TimesheetAgent } from '../onec/timetype-schema.ts';
import { zoneCalendar, type ZoneCalendar } from '../schedule/zone-calendar.ts';

const HALF_DAY = 43_200_000;
const WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The local date of 1C's timesheet `date`: the UTC instant of a local midnight
 * ("2018-03-27T21:00:00Z" is 28 March in Moscow). Read in the employee's zone
 * and taken to the nearest midnight, so an instant of another site's midnight
 * (1C's server in Moscow, the employee in Kaliningrad) still names its day.
 * A date, or local midnight without a zone, is the date it says.
 */
export function timesheetDate(value: string, cal: ZoneCalendar): string | null {
  let s = value.trim();
  if (!WITH_ZONE.test(s)) {
    // "2019-02-01" or "2019-02-01T00:00:00": the date it says. Another time of day without a zone
    // ("2018-03-27T21:00:00") is the UTC instant of the protocol with its Z left out.
    if (/^\d{4}-\d{2}-\d{2}(T00:00(:00(\.0+)?)?)?$/.test(s)) return s.slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return null;
    s = `${s}Z`;
  }
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return null;
  return cal.local(ms + HALF_DAY, new Date(ms).toISOString().slice(0, 10)).date;
}

/**
 * The requested agents whose stored data an answer replaces. Not an agent
 * whose row 1C sent but the gateway could not read (one malformed day row
 * must not wipe what was stored: it stays until a readable answer comes);
 * and when an unreadable row names no agent, only the agents answered readably.
 */
export function agentsToReplace(requested: readonly string[], answered: Iterable<string>, unreadable: readonly { agentId: string | null }[]): string[] {
  const ok = new Set(answered);
  const bad = new Set(unreadable.map((r) => r.agentId));
  const anonymous = bad.has(null);
  return [...new Set(requested)].filter((id) => !bad.has(id) && (ok.has(id) || !anonymous));
}

export interface TimesheetStoreResult {
  agents: number;
  days: number;
  /** Day rows whose date could not be read (kept out, counted). */
  badDates: number;
}

/**
 * Stores a getTimetypeInfo response for `agentIds` over from..to (dates):
 * their days in the period are replaced, and the month's totals when the
 * period lies in one month. `zoneOf` gives each agent's zone.
 */
export function storeTimesheet(
  db: Db,
  req: { from: string; to: string; agentIds: readonly string[] },
  agents: readonly TimesheetAgent[],
  zoneOf: (agentId: string) => string,
  meta: { now: number; operationId: string | null },
): TimesheetStoreResult {
  const oneMonth = req.from.slice(0, 7) === req.to.slice(0, 7) ? req.from.slice(0, 7) : null;
  const byId = new Map(agents.map((a) => [a.agentId, a]));
  let days = 0;
  let badDates = 0;
  db.transaction(() => {
    const delDays = db.prepare('DELETE FROM timesheet_days WHERE employee_external_id = ? AND date BETWEEN ? AND ?');
    const delMonth = db.prepare('DELETE FROM timesheet_months WHERE employee_external_id = ? AND month = ?');
    const insMonth = db.prepare(
      `INSERT INTO timesheet_months (employee_external_id, month, period_from, period_to, half1_days, half1_hours, half2_days, half2_hours, absences, fetched_at, operation_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rows = new RowBuffer(db, 'INSERT INTO timesheet_days (employee_external_id, date, seq, code, hours)', 5);
    for (const id of new Set(req.agentIds)) {
      delDays.run(id, req.from, req.to);
      if (oneMonth) delMonth.run(id, oneMonth);
      const a = byId.get(id);
      const cal = zoneCalendar(zoneOf(id));
      if (a) {
        const seq = new Map<string, number>();
        for (const d of a.days) {
          const date = timesheetDate(d.date, cal);
          if (date === null || date < req.from || date > req.to) {
            badDates++;
            continue;
          }
          const n = seq.get(date) ?? 0;
          seq.set(date, n + 1);
          rows.add(id, date, n, d.timetype, d.hours);
          days++;
        }
      }
      if (oneMonth) {
        const absences: AbsenceView[] = (a?.absences ?? []).map((x) => ({ code: x.timetype, days: x.days, hours: x.hours, text: x.text, known: x.known }));
        insMonth.run(id, oneMonth, req.from, req.to, a ? a.half1.days : null, a ? a.half1.hours : null, a ? a.half2.days : null, a ? a.half2.hours : null, JSON.stringify(absences), meta.now, meta.operationId);
      }
    }
    rows.flush();
  }).immediate();
  return { agents: byId.size, days, badDates };
}

/**
 * Stores a getNormHours response: the rows of the agents asked about are
 * stored; the norms of that mode in startDate..endDate of `replace` (default:
 * every agent asked about) are replaced.
 */
export function storeNorms(
  db: Db,
  req: { startDate: string; endDate: string; mode: 'month' | 'quarter' | 'year'; agentIds: readonly string[]; replace?: readonly string[] },
  rows: readonly NormHoursRow[],
  meta: { now: number; operationId: string | null },
): number {
  let n = 0;
  db.transaction(() => {
    const del = db.prepare('DELETE FROM norm_hours WHERE employee_external_id = ? AND mode = ? AND period_start BETWEEN ? AND ?');
    for (const id of new Set(req.replace ?? req.agentIds)) del.run(id, req.mode, req.startDate, req.endDate);
    const ins = db.prepare('INSERT OR REPLACE INTO norm_hours (employee_external_id, mode, period_start, period_end, hours, fetched_at, operation_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const asked = new Set(req.agentIds);
    for (const r of rows) {
      // Rows of agents not asked about are not an answer to this request.
      if (!asked.has(r.agentId)) continue;
      ins.run(r.agentId, req.mode, r.startDate.slice(0, 10), r.endDate.slice(0, 10), r.normHours, meta.now, meta.operationId);
      n++;
    }
  }).immediate();
  return n;
}

export { isKnownTimetype };
