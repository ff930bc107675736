/**
 * Values of a schedule row as files carry them: text from CSV (ISO dates, or
 * the DD.MM.YYYY Excel writes in the Russian locale; H:MM or HH:MM times), and
 * from XLSX also dates and times as Excel stores them (a Date from the cell, or
 * a serial number: days since 1899-12-30, the time as a fraction of a day).
 * Each parser returns null for what it cannot read; the caller says why.
 */

export type CellValue = string | number | boolean | Date | null | undefined;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RU_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

function validDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** True when a cell holds nothing (absent, null, blank text). */
export function isBlank(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

// A month's file repeats ~31 dates 200 000 times: each text is read once.
const dateCache = new Map<string, string | null>();

/** A civil date `YYYY-MM-DD`, or null. */
export function parseDateCell(v: CellValue): string | null {
  if (typeof v === 'string') {
    const hit = dateCache.get(v);
    if (hit !== undefined) return hit;
    const d = parseDateText(v);
    if (dateCache.size > 4096) dateCache.clear();
    dateCache.set(v, d);
    return d;
  }
  return parseDateValue(v);
}

function parseDateValue(v: CellValue): string | null {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    return validDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  }
  if (typeof v === 'number') {
    // An Excel serial date (whole days); a fraction would be a date-time, which a date column must not hold.
    if (!Number.isInteger(v) || v < 1 || v > 120_000) return null;
    const t = new Date(EXCEL_EPOCH + v * DAY);
    return validDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  return null;
}

function parseDateText(v: string): string | null {
  const s = v.trim();
  // Fast path: the documented form, checked by its digits.
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const m = ISO_DATE.exec(s);
    return m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  }
  const ru = RU_DATE.exec(s);
  if (ru) return validDate(Number(ru[3]), Number(ru[2]), Number(ru[1]));
  return null;
}

/**
 * Minutes after midnight of a wall time `H:MM` / `HH:MM` (`:00` seconds
 * tolerated), or null. `24:00` only when `allow24` (the end of a shift).
 */
export function parseTimeCell(v: CellValue, allow24 = false): number | null {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    // exceljs gives a time cell as a Date on 1899-12-30 (UTC): its clock is the time.
    if (v.getUTCSeconds() !== 0 && v.getUTCSeconds() !== 59) return null;
    const m = Math.round((v.getUTCHours() * 3600 + v.getUTCMinutes() * 60 + v.getUTCSeconds()) / 60);
    return m === 1440 ? (allow24 ? 1440 : null) : m;
  }
  if (typeof v === 'number') {
    // A fraction of a day, as Excel stores times.
    if (!(v >= 0 && v <= 1)) return null;
    const m = Math.round(v * 1440);
    return m === 1440 ? (allow24 ? 1440 : null) : m;
  }
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let h: number;
  let mi: number;
  // Fast path: "HH:MM".
  if (s.length === 5 && s.charCodeAt(2) === 58) {
    const d0 = s.charCodeAt(0) - 48;
    const d1 = s.charCodeAt(1) - 48;
    const d3 = s.charCodeAt(3) - 48;
    const d4 = s.charCodeAt(4) - 48;
    // Each a digit: the sums alone would read "12:0a" as 12:49.
    if (!(d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d3 >= 0 && d3 <= 9 && d4 >= 0 && d4 <= 9)) return null;
    h = d0 * 10 + d1;
    mi = d3 * 10 + d4;
  } else {
    const m = TIME.exec(s);
    if (!m || (m[3] !== undefined && m[3] !== '00')) return null;
    h = Number(m[1]);
    mi = Number(m[2]);
  }
  if (mi > 59) return null;
  if (h === 24 && mi === 0) return allow24 ? 1440 : null;
  if (h > 23) return null;
  return h * 60 + mi;
}

/** A whole number ≥ 0 ("30", "30,0", 30); `fallback` for a blank cell; null when it is not one. */
export function parseMinutesCell(v: CellValue, fallback: number): number | null {
  if (isBlank(v)) return fallback;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(',', '.');
  if (!/^\d+(\.0+)?$/.test(s)) return null;
  return Number(s);
}

/** Text of a cell as a person would read it (for ids, types, locations, messages). */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  return String(v).trim();
}

/** A cell quoted for a message: "" for blank, the value clipped to 40 characters. */
export function shown(v: CellValue): string {
  const t = cellText(v);
  return `"${t.length > 40 ? `${t.slice(0, 40)}…` : t}"`;
}
