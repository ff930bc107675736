/**
 * When the recurring personnel sync runs: pure functions of the settings and
 * an instant, DST-correct through luxon. A wall time that does not exist on a
 * DST change day (02:30 when clocks jump from 02:00 to 03:00) runs at the
 * shifted time (03:30); one that happens twice runs once (luxon picks one of
 * the two instants). Months: week N is the Nth such weekday (days 1–7 hold the
 * first), 'last' the last one.
 */
import { DateTime } from 'luxon';
import { toEpochMs } from './model.ts';
import type { ScheduleSettings } from './schedule-settings.ts';

function wallTime(s: ScheduleSettings): { hour: number; minute: number } {
  const [h, m] = s.time.split(':');
  return { hour: Number(h), minute: Number(m) };
}

/** The day of `month` (any DateTime in it) the monthly rule picks. */
function monthlyDay(s: ScheduleSettings, month: DateTime): number {
  const first = month.set({ day: 1 });
  if (s.weekOfMonth === 'last') {
    const lastDay = first.daysInMonth!;
    const wLast = first.set({ day: lastDay }).weekday;
    return lastDay - ((wLast - s.weekday + 7) % 7);
  }
  return 1 + ((s.weekday - first.weekday + 7) % 7) + 7 * (s.weekOfMonth - 1);
}

/** Run instants (epoch ms), ascending, on local dates from `startDay` (a start of day in the zone). */
function* slots(s: ScheduleSettings, startDay: DateTime): Generator<number> {
  const { hour, minute } = wallTime(s);
  const at = (d: DateTime): number => DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour, minute }, { zone: s.zone }).toMillis();
  if (s.frequency === 'monthly') {
    for (let m = startDay.startOf('month'); ; m = m.plus({ months: 1 })) {
      const day = m.set({ day: monthlyDay(s, m) });
      if (day >= startDay) yield at(day);
    }
  } else {
    const step = s.frequency === 'weekly' ? 7 : 1;
    const first = s.frequency === 'weekly' ? startDay.plus({ days: (s.weekday - startDay.weekday + 7) % 7 }) : startDay;
    for (let d = first; ; d = d.plus({ days: step })) yield at(d);
  }
}

function startDayBefore(s: ScheduleSettings, ms: number, days: number): DateTime {
  return DateTime.fromMillis(ms, { zone: s.zone }).minus({ days }).startOf('day');
}

/** The next `n` runs strictly after `from`, as ISO instants (UTC). */
export function nextRuns(s: ScheduleSettings, from: number | string | Date, n = 5): string[] {
  const t = toEpochMs(from);
  const out: string[] = [];
  // Start a day early: a zone's local date can lag the UTC one.
  for (const ms of slots(s, startDayBefore(s, t, 1))) {
    if (ms > t) out.push(new Date(ms).toISOString());
    if (out.length >= n) break;
  }
  return out;
}

/** The latest run at or before `at` (ISO, UTC), looking back far enough for any frequency. */
export function previousRun(s: ScheduleSettings, at: number | string | Date): string | null {
  const t = toEpochMs(at);
  let last: number | null = null;
  // Monthly runs are at most 35 days apart: 40 days back always holds one.
  for (const ms of slots(s, startDayBefore(s, t, 40))) {
    if (ms > t) break;
    last = ms;
  }
  return last === null ? null : new Date(last).toISOString();
}

/** The calendar month (in the schedule's zone) a run at `slot` syncs: first and last day, YYYY-MM-DD. */
export function syncPeriodFor(s: ScheduleSettings, slot: number | string | Date): { from: string; to: string } {
  const local = DateTime.fromMillis(toEpochMs(slot), { zone: s.zone });
  return { from: local.startOf('month').toISODate()!, to: local.endOf('month').toISODate()! };
}
