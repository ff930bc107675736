// Calendar months ("2026-12") and hours as the month screens show them: names in the operator's
// language, weekdays, and hours with the locale's decimal mark ("2,75" in Russian).
import { formatNumber } from './format.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

/** "2026-12" + n months. */
export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(yy).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}`;
}

export function lastDayOf(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Every month from..to, both included (at most 120, so a typo cannot hang the screen). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 120; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Every date of a month, in order. */
export function datesOf(month: string): string[] {
  const last = Number(lastDayOf(month).slice(8));
  return Array.from({ length: last }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** ISO weekday of a civil date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6;
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();
const weekdayFormats = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = map.get(key);
  if (!f) map.set(key, (f = make()));
  return f;
}

/** "декабрь 2026", "December 2026": the month's own (nominative) name, as it reads inside a sentence. */
export function monthLabel(month: string, locale: string): string {
  const f = cached(monthFormats, locale, () => new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }));
  return `${f.format(new Date(`${month}-01T00:00:00Z`))} ${month.slice(0, 4)}`;
}

/** "Декабрь 2026": the month standing alone (a title, a row of a table). */
export function monthTitle(month: string, locale: string): string {
  const s = monthLabel(month, locale);
  return `${s.charAt(0).toLocaleUpperCase(locale)}${s.slice(1)}`;
}

/** "дек. 2026" / "Dec 2026": for dense column headers. */
export function monthShortLabel(month: string, locale: string): string {
  const f = cached(monthFormats, `${locale}|short`, () => new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }));
  return `${f.format(new Date(`${month}-01T00:00:00Z`))} ${month.slice(0, 4)}`;
}

/** "пн", "Mon". */
export function weekdayShort(date: string, locale: string): string {
  const f = cached(weekdayFormats, locale, () => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }));
  return f.format(new Date(`${date}T00:00:00Z`));
}

/** "5 дек., пт" / "Fri 5 Dec": a date with its weekday, for lists. */
export function dayWithWeekday(date: string, locale: string): string {
  const f = cached(weekdayFormats, `${locale}|day`, () => new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }));
  return f.format(new Date(`${date}T00:00:00Z`));
}

export const HOUR_MS = 3_600_000;

/** Hours to at most two decimals in the operator's locale ("7,5" in Russian). */
export function formatHours(hours: number, locale: string): string {
  return formatNumber(Math.round(hours * 100) / 100, locale);
}

export function msToHours(ms: number): number {
  return Math.round((ms / HOUR_MS) * 100) / 100;
}

/** "09–18" for whole hours, "09:30–18" otherwise: a shift's times in a narrow day cell. */
export function compactTimeRange(start: string, end: string): string {
  const short = (t: string) => (t.endsWith(':00') ? t.slice(0, 2) : t);
  return `${short(start)}–${short(end)}`;
}

/** A period the contract takes: both dates, in order, at most a year. Null when fine. */
export function periodProblem(from: string, to: string): 'required' | 'order' | 'tooLong' | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return 'required';
  if (to < from) return 'order';
  if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) > 366 * 86_400_000) return 'tooLong';
  return null;
}
