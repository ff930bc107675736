/**
 * Schedules as Argus WFM would produce them for the simulated staff, so the
 * demo and the tests have real data to import: per employee a pattern fixed by
 * the seed — 5/2 office days (09:00–18:00, an hour's break), 2/2 day shifts
 * (08:00–20:00), 2/2 night shifts (20:00–08:00, the break at 02:00), part-time
 * mornings for staff on a rate below 1 — on the employee's working days of a
 * month, in the columns of the schedule file (local times of the employee's site).
 */
import { addDays, toDay, weekday } from './dates.ts';
import { mix, mulberry32 } from './prng.ts';
import type { Roster, SimAgent } from './roster.ts';

export interface ScheduleFileRow {
  agentId: string;
  tabN: string;
  date: string;
  start: string;
  end: string;
  break_minutes: number;
  break_start: string;
  type: string;
  location: string;
}

export type SchedulePattern = 'five_two' | 'two_two_day' | 'two_two_night' | 'part_time';

/** The pattern of an employee (stable for a seed). */
export function patternOf(roster: Roster, a: SimAgent): SchedulePattern {
  if (a.rate < 1) return 'part_time';
  const r = mulberry32(mix(roster.seed, a.seq, 0x5ced))();
  return r < 0.45 ? 'five_two' : r < 0.8 ? 'two_two_day' : 'two_two_night';
}

const SITE_CODE: Record<string, string> = { Moscow: 'MSK', Yekaterinburg: 'EKB', Novosibirsk: 'NSK', Vladivostok: 'VVO', Kaliningrad: 'KGD' };

function lastDay(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The shifts of every employee working in `month` ("YYYY-MM"), by employee then date. */
export function generateSchedules(roster: Roster, month: string): ScheduleFileRow[] {
  const first = `${month}-01`;
  const last = lastDay(month);
  const rows: ScheduleFileRow[] = [];
  for (const a of roster.agents) {
    if (a.startwork > last || (a.finishwork !== null && a.finishwork < first)) continue;
    const pattern = patternOf(roster, a);
    // Where in its 4-day cycle a 2/2 employee is: fixed per employee, continuous across months.
    const phase = mix(roster.seed, a.seq, 0x22) % 4;
    const location = SITE_CODE[a.area] ?? a.area;
    for (let d = first; d <= last; d = addDays(d, 1)) {
      if (d < a.startwork || (a.finishwork !== null && d > a.finishwork)) continue;
      const wd = weekday(d);
      const onCycle = (toDay(d) + phase) % 4 < 2;
      const base = { agentId: a.agentId, tabN: a.tabN, date: d, location };
      switch (pattern) {
        case 'five_two':
          if (wd !== 0 && wd !== 6) rows.push({ ...base, start: '09:00', end: '18:00', break_minutes: 60, break_start: '13:00', type: 'day' });
          break;
        case 'part_time': {
          if (wd === 0 || wd === 6) break;
          // Hours in proportion to the rate, on a whole quarter hour: 0.5 → 09:00–13:00.
          const minutes = Math.round((8 * 60 * a.rate) / 15) * 15;
          const end = 9 * 60 + minutes;
          rows.push({ ...base, start: '09:00', end: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`, break_minutes: 0, break_start: '', type: 'part_time' });
          break;
        }
        case 'two_two_day':
          if (onCycle) rows.push({ ...base, start: '08:00', end: '20:00', break_minutes: 60, break_start: '', type: 'day' });
          break;
        case 'two_two_night':
          if (onCycle) rows.push({ ...base, start: '20:00', end: '08:00', break_minutes: 60, break_start: '02:00', type: 'night' });
          break;
      }
    }
  }
  return rows;
}

const COLUMNS: (keyof ScheduleFileRow)[] = ['agentId', 'tabN', 'date', 'start', 'end', 'break_minutes', 'break_start', 'type', 'location'];

/** The rows as a CSV file the way Excel in the Russian locale writes it: a BOM, ';', CRLF. */
export function schedulesCsv(rows: readonly ScheduleFileRow[]): string {
  const out = [`\uFEFF${COLUMNS.join(';')}`];
  for (const r of rows) out.push(COLUMNS.map((c) => String(r[c])).join(';'));
  return `${out.join('\r\n')}\r\n`;
}
