/**
 * Sites of the contact centre and their time zones. 1C's `area` names the
 * operator's site in English or Russian; it decides the civil date of events
 * such as "the day after finishwork".
 */
import { DateTime } from 'luxon';
import type { Clock } from './clock.ts';

export interface Site {
  /** Canonical English name. */
  name: string;
  nameRu: string;
  zone: string;
}

export const SITES: readonly Site[] = [
  { name: 'Moscow', nameRu: 'Москва', zone: 'Europe/Moscow' },
  { name: 'Yekaterinburg', nameRu: 'Екатеринбург', zone: 'Asia/Yekaterinburg' },
  { name: 'Novosibirsk', nameRu: 'Новосибирск', zone: 'Asia/Novosibirsk' },
  { name: 'Vladivostok', nameRu: 'Владивосток', zone: 'Asia/Vladivostok' },
  { name: 'Kaliningrad', nameRu: 'Калининград', zone: 'Europe/Kaliningrad' },
];

export const DEFAULT_ZONE = 'Europe/Moscow';

function key(s: string): string {
  return s.trim().toLowerCase().replaceAll('ё', 'е').replace(/^(г\.|город)\s*/, '').replace(/\s+/g, ' ');
}

const byKey = new Map<string, Site>();
for (const s of SITES) {
  byKey.set(key(s.name), s);
  byKey.set(key(s.nameRu), s);
}
// Spellings seen in 1C data.
byKey.set('ekaterinburg', SITES[1]!);
byKey.set('msk', SITES[0]!);

/** The site named by 1C's `area`, in English or Russian, any case; null when unknown. */
export function siteForArea(area: string | null | undefined): Site | null {
  if (!area) return null;
  return byKey.get(key(area)) ?? null;
}

/** The IANA zone of a site; unknown or missing areas fall back (Moscow by default). */
export function zoneForArea(area: string | null | undefined, fallback: string = DEFAULT_ZONE): string {
  return siteForArea(area)?.zone ?? fallback;
}

/** True when luxon knows the IANA zone name. */
export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** Today's civil date `YYYY-MM-DD` in a zone, by the injected clock. */
export function civilToday(clock: Clock, zone: string): string {
  const d = DateTime.fromMillis(clock.now(), { zone });
  if (!d.isValid) throw new Error(`unknown time zone "${zone}"`);
  return d.toISODate()!;
}
