/** Checks of the dates the gateway sends to 1C: strict, because 1C answers a bad date with an opaque 500. */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isCivilDate(s: unknown): s is string {
  if (typeof s !== 'string' || !ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Null when from..to is a valid period, else what is wrong with it. */
export function periodProblem(from: unknown, to: unknown): string | null {
  if (!isCivilDate(from)) return `start date ${JSON.stringify(from)} is not a date YYYY-MM-DD`;
  if (!isCivilDate(to)) return `end date ${JSON.stringify(to)} is not a date YYYY-MM-DD`;
  if (from > to) return `start date ${from} is after end date ${to}`;
  return null;
}
