// Pure formatters for what the console shows: instants in a named zone, civil dates,
// relative ages and numbers. Intl only, so the renderer stays free of core's runtime.

/** Customary abbreviations of the zones our sites live in; Intl spells them "GMT+3". */
const zoneAbbreviations: Record<string, string> = {
  UTC: 'UTC',
  'Etc/UTC': 'UTC',
  'Europe/Kaliningrad': 'EET',
  'Europe/Moscow': 'MSK',
  'Europe/Samara': 'SAMT',
  'Asia/Yekaterinburg': 'YEKT',
  'Asia/Omsk': 'OMST',
  'Asia/Novosibirsk': 'NOVT',
  'Asia/Krasnoyarsk': 'KRAT',
  'Asia/Irkutsk': 'IRKT',
  'Asia/Yakutsk': 'YAKT',
  'Asia/Vladivostok': 'VLAT',
  'Asia/Magadan': 'MAGT',
  'Asia/Kamchatka': 'PETT',
};

const partsCache = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone giving every wall-clock part (to the second) and the offset; readers pick the parts they need. */
export function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    partsCache.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface ZonedParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  /** "+03:00", or "" for UTC itself. */
  offset: string;
}

function zonedParts(date: Date, zone: string): ZonedParts {
  const out: ZonedParts = { year: '', month: '', day: '', hour: '', minute: '', offset: '' };
  for (const p of partsFormatter(zone).formatToParts(date)) {
    if (p.type === 'timeZoneName') out.offset = p.value.replace(/^GMT/, '');
    else if (p.type in out) out[p.type as keyof ZonedParts] = p.value;
  }
  return out;
}

/** "MSK", "YEKT", "UTC", or "UTC+05:30" when we know no customary name. */
export function zoneAbbreviation(zone: string, at: Date = new Date()): string {
  const known = zoneAbbreviations[zone];
  if (known) return known;
  const { offset } = zonedParts(at, zone);
  return offset ? `UTC${offset}` : 'UTC';
}

/** "MSK (Europe/Moscow)" or plain "UTC". */
export function zoneLabel(zone: string, at: Date = new Date()): string {
  const abbr = zoneAbbreviation(zone, at);
  return abbr === 'UTC' && (zone === 'UTC' || zone === 'Etc/UTC') ? 'UTC' : `${abbr} (${zone})`;
}

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dateText(year: string, month: string, day: string, locale: string): string {
  if (locale.startsWith('ru')) return `${day}.${month}.${year}`;
  return `${Number(day)} ${monthsEn[Number(month) - 1] ?? month} ${year}`;
}

export function parseInstant(value: string | number | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export interface FormattedInstant {
  /** "24.11.2026 01:30" */
  local: string;
  /** "MSK (Europe/Moscow)" */
  zone: string;
  /** "24.11.2026 01:30 MSK (Europe/Moscow)" */
  full: string;
  /** The instant in UTC ISO form, for a machine-readable <time dateTime>. */
  iso: string;
}

/** An instant as wall time in `zone`, with the zone named. Null for an unparseable value. */
export function formatInstant(value: string | number | Date, zone: string, locale: string): FormattedInstant | null {
  const d = parseInstant(value);
  if (!d) return null;
  const p = zonedParts(d, zone);
  const local = `${dateText(p.year, p.month, p.day, locale)} ${p.hour}:${p.minute}`;
  const zl = zoneLabel(zone, d);
  return { local, zone: zl, full: `${local} ${zl}`, iso: d.toISOString() };
}

const civilRe = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A civil date ("2026-11-24") is a date, not an instant: it never shifts with a zone. */
export function formatCivilDate(ymd: string, locale: string): string {
  const m = civilRe.exec(ymd);
  if (!m) return ymd;
  return dateText(m[1]!, m[2]!, m[3]!, locale);
}

/** "01.11.2026 – 30.11.2026"; in English the shared year and month are written once ("1–30 Nov 2026"). */
export function formatPeriod(from: string, to: string, locale: string): string {
  const a = civilRe.exec(from);
  const b = civilRe.exec(to);
  if (!locale.startsWith('ru') && a && b && a[1] === b[1]) {
    const month = (m: string) => monthsEn[Number(m) - 1] ?? m;
    if (a[2] === b[2]) return `${Number(a[3])}–${Number(b[3])} ${month(a[2]!)} ${a[1]}`;
    return `${Number(a[3])} ${month(a[2]!)} – ${Number(b[3])} ${month(b[2]!)} ${a[1]}`;
  }
  return `${formatCivilDate(from, locale)} – ${formatCivilDate(to, locale)}`;
}

const rtfCache = new Map<string, Intl.RelativeTimeFormat>();

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/**
 * "3 min ago", "через 2 ч": the largest whole unit; under 10 s reads as "now".
 * `past`: the value is an event that has happened (a check, a call), so a time
 * ahead of `now` (a clock that ticks only every few seconds) reads as "now".
 */
export function relativeAge(value: string | number | Date, now: Date, locale: string, opts: { past?: boolean } = {}): string {
  const d = parseInstant(value);
  if (!d) return '';
  let rtf = rtfCache.get(locale);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    rtfCache.set(locale, rtf);
  }
  let diff = d.getTime() - now.getTime();
  if (opts.past && diff > 0) diff = 0;
  const abs = Math.abs(diff);
  if (abs < 10_000) return rtf.format(0, 'second');
  for (const [unit, ms] of units) {
    if (abs >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  }
  return rtf.format(Math.trunc(diff / 1000), 'second');
}

const numberCache = new Map<string, Intl.NumberFormat>();

/** Grouped integers ("100 000" in Russian); the UI sets tabular numerals. */
export function formatNumber(n: number, locale: string): string {
  let f = numberCache.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    numberCache.set(locale, f);
  }
  return f.format(n);
}

/** The zone the browser runs in, the default display zone. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Today's civil date "YYYY-MM-DD" in a zone. */
export function civilToday(zone: string, now: Date = new Date()): string {
  const p = zonedParts(now, zone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The first and last civil dates of the month a civil date falls in. */
export function monthOf(ymd: string): { from: string; to: string } {
  const [y, m] = ymd.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}
