/**
 * The recurring personnel sync schedule, with the settings of Argus's own
 * personnel-sync module: daily, weekly or monthly; the week of the month
 * (1–4 or the last); the weekday; the time of day in an IANA zone.
 * The engine computes the run times (core/queue/scheduler.ts); the console
 * only edits the settings and shows what the engine says.
 */
import { z } from 'zod';

/** Offered first in the zone picker; any other IANA zone is accepted too. */
export const scheduleZonePresets = ['Europe/Moscow', 'Asia/Yekaterinburg', 'Asia/Novosibirsk', 'Asia/Vladivostok', 'Europe/Kaliningrad'] as const;

export function isIanaZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const scheduleFrequencySchema = z.enum(['daily', 'weekly', 'monthly']);
export const weekOfMonthSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')]);

export const scheduleSettingsSchema = z
  .object({
    /** Off: no scheduled runs (syncs can still be started by hand). */
    enabled: z.boolean(),
    frequency: scheduleFrequencySchema,
    /** Monthly only: which occurrence of the weekday in the month. */
    weekOfMonth: weekOfMonthSchema,
    /** ISO weekday: 1 Monday … 7 Sunday. Weekly and monthly. */
    weekday: z.number().int().min(1, 'weekday is 1 (Monday) to 7 (Sunday)').max(7, 'weekday is 1 (Monday) to 7 (Sunday)'),
    /** Wall time in `zone`, 24-hour HH:MM. */
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM (00:00–23:59)'),
    zone: z.string().min(1).max(100).refine(isIanaZone, 'expected an IANA time zone such as Europe/Moscow'),
  })
  .strict();

export const scheduleInfoSchema = z.object({
  settings: scheduleSettingsSchema,
  /** The next five runs (ISO instants, UTC); empty when the schedule is off. */
  nextRuns: z.array(z.string()),
  /** The zone the runs are meant in (the settings' zone). */
  zone: z.string(),
  /** The last scheduled run, when there was one. */
  lastRunAt: z.string().nullable(),
});

export const schedulePreviewInput = z.object({ settings: scheduleSettingsSchema, count: z.number().int().min(1).max(20).default(5) }).strict();
export const schedulePreviewOutput = z.object({ nextRuns: z.array(z.string()) });

export const scheduleSetInput = z.object({ settings: scheduleSettingsSchema }).strict();

export type ScheduleSettings = z.infer<typeof scheduleSettingsSchema>;
export type ScheduleInfo = z.infer<typeof scheduleInfoSchema>;
export type WeekOfMonth = z.infer<typeof weekOfMonthSchema>;
