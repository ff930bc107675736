/** Calendar months `YYYY-MM` of civil dates. */

/** The last day of a month `YYYY-MM`. */
export function lastDayOf(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function firstDayOf(month: string): string {
  return `${month}-01`;
}

export function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
}

/** Every month from..to (months), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}

/** The part of a month inside from..to (dates), or null when they do not meet. */
export function monthPart(month: string, from: string, to: string): { from: string; to: string } | null {
  const a = firstDayOf(month) > from ? firstDayOf(month) : from;
  const b = lastDayOf(month) < to ? lastDayOf(month) : to;
  return a <= b ? { from: a, to: b } : null;
}
