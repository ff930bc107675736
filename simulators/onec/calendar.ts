/**
 * The Russian production calendar as the simulated 1C knows it: 2018 exactly
 * as decreed (the reference year of PROTOCOLS.md §1.2: 247 working days, 6
 * pre-holiday), other years by the Labour Code's rules (art. 112: holidays,
 * a holiday on a weekend moves to the next working day; art. 95: the working
 * day before a holiday is an hour shorter) without the government's yearly
 * transfers. Years outside 2015..(current + 1) are "not filled in", as in a
 * real 1C infobase, and sendSchedule/getNormHours refuse them.
 */
import { addDays, weekday } from './dates.ts';

export type DayKind = 'work' | 'short' | 'off';

/** Holidays of art. 112 (month-day). January 1–8 are never transferred. */
const HOLIDAYS = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04'];

/** 2018 by decree: days off on weekdays, working Saturdays, and the shortened days. */
const Y2018 = {
  off: ['01-01', '01-02', '01-03', '01-04', '01-05', '01-08', '02-23', '03-08', '03-09', '04-30', '05-01', '05-02', '05-09', '06-11', '06-12', '11-05', '12-31'],
  work: ['04-28', '06-09', '12-29'],
  short: ['02-22', '03-07', '04-28', '05-08', '06-09', '12-29'],
};

const cache = new Map<number, Map<string, DayKind>>();

function build2018(): Map<string, DayKind> {
  const m = new Map<string, DayKind>();
  for (let d = '2018-01-01'; d <= '2018-12-31'; d = addDays(d, 1)) {
    const md = d.slice(5);
    const weekend = weekday(d) === 0 || weekday(d) === 6;
    let kind: DayKind = weekend ? 'off' : 'work';
    if (Y2018.off.includes(md)) kind = 'off';
    if (Y2018.work.includes(md)) kind = 'work';
    if (Y2018.short.includes(md)) kind = 'short';
    m.set(d, kind);
  }
  return m;
}

function buildByRules(year: number): Map<string, DayKind> {
  const y = String(year).padStart(4, '0');
  const m = new Map<string, DayKind>();
  const first = `${y}-01-01`;
  const last = `${y}-12-31`;
  for (let d = first; d <= last; d = addDays(d, 1)) m.set(d, weekday(d) === 0 || weekday(d) === 6 ? 'off' : 'work');
  const holidays = new Set(HOLIDAYS.map((md) => `${y}-${md}`));
  for (const h of holidays) m.set(h, 'off');
  // A holiday on a weekend (except January's) gives the next working day off.
  for (const md of HOLIDAYS.slice(8)) {
    const h = `${y}-${md}`;
    if (weekday(h) !== 0 && weekday(h) !== 6) continue;
    let d = addDays(h, 1);
    while (d <= last && m.get(d) === 'off') d = addDays(d, 1);
    if (d <= last) m.set(d, 'off');
  }
  // The working day right before a holiday is an hour shorter (Dec 31 precedes Jan 1).
  for (const h of [...holidays, `${year + 1}-01-01`]) {
    const prev = addDays(h, -1);
    if (m.get(prev) === 'work' && !holidays.has(prev)) m.set(prev, 'short');
  }
  return m;
}

export class ProductionCalendar {
  private readonly firstYear = 2015;
  private readonly lastYear: number;

  constructor(today: string) {
    this.lastYear = Number(today.slice(0, 4)) + 1;
  }

  has(year: number): boolean {
    return year >= this.firstYear && year <= this.lastYear;
  }

  /** The kind of a day, or null when its year is not filled in. */
  day(date: string): DayKind | null {
    const year = Number(date.slice(0, 4));
    if (!this.has(year)) return null;
    let m = cache.get(year);
    if (!m) {
      m = year === 2018 ? build2018() : buildByRules(year);
      cache.set(year, m);
    }
    return m.get(date) ?? null;
  }

  /** Norm hours of one day for a weekly norm: normWeek / 5, an hour less before a holiday. */
  hours(date: string, normWeek: number): number | null {
    const k = this.day(date);
    if (k === null) return null;
    return k === 'off' ? 0 : k === 'short' ? normWeek / 5 - 1 : normWeek / 5;
  }
}
