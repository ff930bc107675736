/**
 * The recurring personnel sync settings (as Argus's personnel-sync module has
 * them), stored in the `settings` table. The shape is the contract's
 * ScheduleSettings; here zones are checked with luxon and the preset city
 * names are accepted as shorthands.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ScheduleSettings } from '../contract/schedule.ts';
import { GatewayError } from '../errors.ts';

export type { ScheduleSettings };

/** Monthly, the last Saturday, 01:30 Moscow time. */
export const DEFAULT_SCHEDULE: ScheduleSettings = {
  enabled: true,
  frequency: 'monthly',
  weekOfMonth: 'last',
  weekday: 6,
  time: '01:30',
  zone: 'Europe/Moscow',
};

/** The zones offered first; any valid IANA zone is accepted too. */
export const ZONE_PRESETS: Readonly<Record<string, string>> = {
  Moscow: 'Europe/Moscow',
  Yekaterinburg: 'Asia/Yekaterinburg',
  Novosibirsk: 'Asia/Novosibirsk',
  Vladivostok: 'Asia/Vladivostok',
  Kaliningrad: 'Europe/Kaliningrad',
};

/** A preset name (any case) or an IANA zone; null when luxon does not know it. */
export function resolveZone(zone: string): string | null {
  const preset = Object.entries(ZONE_PRESETS).find(([name]) => name.toLowerCase() === zone.trim().toLowerCase());
  const name = preset ? preset[1] : zone.trim();
  // Only names with a region (or UTC): luxon also accepts fixed offsets like "UTC+3", which do not follow DST rules.
  if (name !== 'UTC' && !name.includes('/')) return null;
  return DateTime.now().setZone(name).isValid ? name : null;
}

const settingsSchema = z.strictObject({
  enabled: z.boolean(),
  frequency: z.enum(['daily', 'weekly', 'monthly']),
  weekOfMonth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')], {
    error: 'weekOfMonth is 1, 2, 3, 4 or "last"',
  }),
  weekday: z.number().int().min(1, 'weekday is 1 (Monday) to 7 (Sunday)').max(7, 'weekday is 1 (Monday) to 7 (Sunday)'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM (00:00–23:59)'),
  zone: z.string().transform((name, ctx) => {
    const resolved = resolveZone(name);
    if (resolved === null) {
      ctx.addIssue({ code: 'custom', message: `unknown time zone "${name}": use an IANA zone such as Europe/Moscow, or one of ${Object.keys(ZONE_PRESETS).join(', ')}` });
      return z.NEVER;
    }
    return resolved;
  }),
});

/** Validates settings; partial input is completed from `base` (default: DEFAULT_SCHEDULE). */
export function parseScheduleSettings(input: unknown, base: ScheduleSettings = DEFAULT_SCHEDULE): ScheduleSettings {
  const merged = typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...base, ...input } : input;
  const r = settingsSchema.safeParse(merged);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
    throw new GatewayError('invalid_schedule', `invalid schedule: ${msg}`, 'permanent', { issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) });
  }
  return r.data as ScheduleSettings;
}
