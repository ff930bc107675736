// Wall time in a named zone ↔ instants, with Intl only: the operator types times in the zone
// the console shows, and the gateway receives UTC instants.

import { partsFormatter } from './format.ts';

/** Wall-clock fields of an instant in a zone. */
function wall(ms: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const out = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0 };
  for (const p of partsFormatter(zone).formatToParts(new Date(ms))) {
    const v = Number(p.value);
    if (p.type === 'year') out.y = v;
    else if (p.type === 'month') out.mo = v;
    else if (p.type === 'day') out.d = v;
    else if (p.type === 'hour') out.h = v;
    else if (p.type === 'minute') out.mi = v;
    else if (p.type === 'second') out.s = v;
  }
  return out;
}

/** The zone's offset from UTC at an instant, ms. */
function offsetAt(ms: number, zone: string): number {
  const w = wall(ms, zone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "2026-03-29T02:30" in Europe/Moscow → the ISO instant. Null when the text is not a
 * date-time. A wall time skipped by a DST jump resolves to the instant after the jump.
 */
export function zonedLocalToInstant(local: string, zone: string): string | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(asUtc)) return null;
  let t = asUtc - offsetAt(asUtc, zone);
  t = asUtc - offsetAt(t, zone);
  return new Date(t).toISOString();
}

/** An instant as "YYYY-MM-DDTHH:MM" wall time in a zone (for datetime-local inputs). */
export function instantToZonedLocal(value: string | number, zone: string): string {
  const w = wall(typeof value === 'number' ? value : Date.parse(value), zone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${p(w.mo)}-${p(w.d)}T${p(w.h)}:${p(w.mi)}`;
}
