/**
 * Local wall times of a site's zone ↔ UTC instants, for shifts: a month of
 * 10 000 employees is ~220 000 shifts over ~31 dates and a few zones, so each
 * date's local midnight is computed once through luxon (DST-correct for any
 * IANA zone) and every time on a day without a clock change is that midnight
 * plus minutes. Days with a change (DST) go through luxon for each time.
 */
import { DateTime } from 'luxon';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** `YYYY-MM-DD` + n days (civil arithmetic, no zone). */
export function addDays(date: string, n: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + n * DAY;
  return new Date(t).toISOString().slice(0, 10);
}

/** Every date from..to, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** "HH:MM" of minutes after midnight (0 ≤ m < 1440). */
export function hhmm(minutes: number): string {
  return `${TWO[Math.floor(minutes / 60)] ?? String(Math.floor(minutes / 60))}:${TWO[minutes % 60]}`;
}

interface DayInfo {
  /** UTC instant of local 00:00 (or the first instant of the day when 00:00 does not exist). */
  midnight: number;
  /** The next date's midnight minus this one: 24 h on a day without a clock change. */
  length: number;
  next: string;
  prev: string;
  /** The night that begins this evening: 22:00 of this date to 06:00 of the next; computed on first use. */
  night: [number, number] | null;
}

export class ZoneCalendar {
  readonly zone: string;
  private readonly days = new Map<string, DayInfo>();

  constructor(zone: string) {
    if (!DateTime.now().setZone(zone).isValid) throw new RangeError(`unknown time zone "${zone}"`);
    this.zone = zone;
  }

  private day(date: string): DayInfo {
    let d = this.days.get(date);
    if (d) return d;
    const m = this.startOf(date);
    const next = addDays(date, 1);
    d = { midnight: m, length: this.startOf(next) - m, next, prev: addDays(date, -1), night: null };
    this.days.set(date, d);
    return d;
  }

  private startOf(date: string): number {
    const t = DateTime.fromISO(date, { zone: this.zone }).startOf('day');
    if (!t.isValid) throw new RangeError(`not a date: ${date}`);
    return t.toMillis();
  }

  /** UTC instant of local 00:00 of `date`. */
  midnight(date: string): number {
    return this.day(date).midnight;
  }

  /**
   * The UTC instant of the wall time `minutes` after 00:00 of `date`
   * (1440 and more: the next days). A wall time a spring-forward gap skips is
   * taken as the same time after the change (luxon's rule); a repeated one (a fall-back
   * night's 02:30 in Berlin) as the second, after the clocks went back (luxon's rule too).
   */
  instant(date: string, minutes: number): number {
    if (minutes >= 1440) return this.instant(this.next(date), minutes - 1440);
    const d = this.day(date);
    if (d.length === DAY) return d.midnight + minutes * MINUTE;
    return DateTime.fromObject(
      { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)), hour: Math.floor(minutes / 60), minute: minutes % 60 },
      { zone: this.zone },
    ).toMillis();
  }

  /** The next and the previous date (cached: shifts walk dates on the hot path). */
  next(date: string): string {
    return this.day(date).next;
  }
  prev(date: string): string {
    return this.day(date).prev;
  }

  /** The night that begins on the evening of `date`: [22:00 of it, 06:00 of the next date), UTC instants. */
  night(date: string): [number, number] {
    const d = this.day(date);
    return (d.night ??= [this.instant(date, NIGHT_START_MIN), this.instant(d.next, NIGHT_END_MIN)]);
  }

  /** The local date and minute of the day of an instant; `near` is a date close to it (the shift's date), for the cache. */
  local(ms: number, near: string): { date: string; minutes: number } {
    let date = near;
    for (let i = 0; i < 4 && ms < this.midnight(date); i++) date = this.prev(date);
    for (let i = 0; i < 4 && ms >= this.midnight(this.next(date)); i++) date = this.next(date);
    const d = this.day(date);
    if (ms >= d.midnight && ms < d.midnight + d.length && d.length === DAY) return { date, minutes: Math.floor((ms - d.midnight) / MINUTE) };
    const t = DateTime.fromMillis(ms, { zone: this.zone });
    return { date: t.toISODate()!, minutes: t.hour * 60 + t.minute };
  }

  /** "HH:MM" local of an instant. */
  wallTime(ms: number, near: string): string {
    return hhmm(this.local(ms, near).minutes);
  }
}

const calendars = new Map<string, ZoneCalendar>();

/** One calendar per zone for the process (its cache is small: a few hundred dates per zone a year). */
export function zoneCalendar(zone: string): ZoneCalendar {
  let c = calendars.get(zone);
  if (!c) {
    c = new ZoneCalendar(zone);
    calendars.set(zone, c);
  }
  return c;
}

/** Night is 22:00–06:00 local time of the employee's site (PROTOCOLS.md §1.3). */
export const NIGHT_START_MIN = 22 * 60;
export const NIGHT_END_MIN = 6 * 60;

export interface ShiftTimes {
  /** The local date the shift starts on. */
  date: string;
  startAt: number;
  endAt: number;
  breakMinutes: number;
  /** Null with no break (or none given: callers centre it before). */
  breakStartAt: number | null;
}

export interface DayNight {
  /** The shift minus its break, ms. */
  paidMs: number;
  dayMs: number;
  nightMs: number;
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  const s = a0 > b0 ? a0 : b0;
  const e = a1 < b1 ? a1 : b1;
  return e > s ? e - s : 0;
}

/**
 * Paid time of a shift split into night (inside 22:00–06:00 local) and day.
 * The night windows are the local 22:00 of each date to 06:00 of the next,
 * each end computed on its own date, so a clock change inside a night counts
 * the hours that really passed.
 */
export function splitDayNight(cal: ZoneCalendar, s: ShiftTimes): DayNight {
  const breakMs = s.breakStartAt === null ? 0 : s.breakMinutes * MINUTE;
  const b0 = s.breakStartAt ?? s.endAt;
  const b1 = b0 + breakMs;
  const paidMs = s.endAt - s.startAt - breakMs;
  let nightMs = 0;
  // The night that began the evening before the shift's date, then each following one while it starts before the end.
  for (let d = cal.prev(s.date), i = 0; i < 4; d = cal.next(d), i++) {
    const [n0, n1] = cal.night(d);
    if (n0 >= s.endAt) break;
    if (n1 <= s.startAt) continue;
    nightMs += overlap(s.startAt, s.endAt, n0, n1) - (breakMs > 0 ? overlap(b0, b1, n0, n1) : 0);
  }
  return { paidMs, dayMs: paidMs - nightMs, nightMs };
}
