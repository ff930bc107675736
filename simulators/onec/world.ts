/**
 * Everything the simulated 1C holds besides the roster: the production
 * calendar, the schedule documents written by sendSchedule (one per employee
 * per month), and the deviation documents created by sendFactWorkTime.
 */
import { ProductionCalendar } from './calendar.ts';
import { utcOffsetOf, type Roster, type SimAgent } from './roster.ts';

export interface ScheduledDay {
  /** Shift start as sent. */
  start: string;
  dayMs: number;
  nightMs: number;
}

export interface ScheduleMonth {
  /** "YYYY-MM". */
  month: string;
  /** The days of the month the document covers (a part-month document when not the whole month). */
  from: string;
  to: string;
  /** Days with a shift; the other covered days are days off. */
  days: Map<string, ScheduledDay>;
  /** How many times this month was written. */
  writes: number;
}

export interface FactDocument {
  doc: string;
  agentId: string;
  initiator: string;
  /** Local date the deviation is about. */
  date: string;
  /** The time type 1C decided: РВ, РВН, С or НН. */
  timetype: string;
  hours: number;
}

export class World {
  readonly roster: Roster;
  readonly calendar: ProductionCalendar;
  readonly schedules = new Map<string, Map<string, ScheduleMonth>>();
  readonly factDocs: FactDocument[] = [];
  private index: Map<string, SimAgent> | null = null;
  private indexVersion = -1;

  constructor(roster: Roster) {
    this.roster = roster;
    this.calendar = new ProductionCalendar(roster.today);
  }

  agent(id: string): SimAgent | undefined {
    if (!this.index || this.indexVersion !== this.roster.version) {
      this.index = new Map(this.roster.agents.map((a) => [a.agentId, a]));
      this.indexVersion = this.roster.version;
    }
    return this.index.get(id);
  }

  scheduleMonth(agentId: string, month: string): ScheduleMonth | undefined {
    return this.schedules.get(agentId)?.get(month);
  }

  /** Planned hours of a day: from the schedule document when there is one, else the calendar norm. */
  plannedHours(a: SimAgent, date: string): { day: number; night: number } {
    const m = this.scheduleMonth(a.agentId, date.slice(0, 7));
    if (m && date >= m.from && date <= m.to) {
      const s = m.days.get(date);
      return { day: s ? s.dayMs / 3_600_000 : 0, night: s ? s.nightMs / 3_600_000 : 0 };
    }
    return { day: this.calendar.hours(date, a.normWeek) ?? 0, night: 0 };
  }
}

const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The local date and minute of day of an ISO time at a site: UTC and offset
 * times are converted, zone-less times are taken as local (1C accepts all three).
 */
export function localTime(iso: string, area: string): { date: string; minute: number } | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso.trim())) return { date: iso.trim(), minute: 0 };
  const m = ISO.exec(iso.trim());
  if (!m) return null;
  if (!m[5]) return { date: m[1]!, minute: Number(m[2]) * 60 + Number(m[3]) };
  const t = Date.parse(iso.trim());
  if (Number.isNaN(t)) return null;
  const local = new Date(t + utcOffsetOf(area) * 3_600_000);
  return { date: local.toISOString().slice(0, 10), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** 1C's timesheet date: the UTC instant of local midnight ("2018-03-27T21:00:00Z" for 28 March in Moscow). */
export function utcOfLocalMidnight(date: string, area: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) - utcOffsetOf(area) * 3_600_000;
  return `${new Date(t).toISOString().slice(0, 19)}Z`;
}

/** "2019-02-01" → "01.02.2019", as 1C prints dates. */
export function ruDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

export function fullName(a: SimAgent): string {
  return [a.lastname, a.firstname, a.secondname].filter(Boolean).join(' ');
}
