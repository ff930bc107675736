/**
 * `POST /sendSchedule` (PROTOCOLS.md §1.3): one employee's work schedule; 1C
 * keeps one document per month. Idempotent: re-sending a month replaces it.
 */
import { z } from 'zod';
import { nonEmpty, requiredOr } from './agents-schema.ts';
import { isoDateTime } from './shape.ts';

const DAY_MS = 86_400_000;

const ms = z.number({ error: requiredOr('milliseconds') }).int('must be whole milliseconds').min(0, 'must not be negative').max(DAY_MS, 'must be at most 24 h');

export const scheduleShiftSchema = z
  .object({
    /** Start of the shift; the shift belongs to the date it starts on. */
    start: isoDateTime,
    /** Day work, ms, unpaid breaks subtracted. */
    dayMs: ms,
    /** Night work (22:00–06:00 site time), ms. */
    nightMs: ms,
  })
  .refine((s) => s.dayMs + s.nightMs <= DAY_MS, { error: 'dayMs + nightMs must be at most 24 h' });

export const scheduleRequestSchema = z
  .object({
    agentId: nonEmpty,
    /** First and last day of the period (e.g. "2018-08-01T00:00:00Z"); days without a shift become days off. */
    period1: isoDateTime,
    period2: isoDateTime,
    shifts: z.array(scheduleShiftSchema, { error: requiredOr('an array') }),
  })
  .refine((r) => r.period1.slice(0, 10) <= r.period2.slice(0, 10), { error: 'period1 is after period2' });

export type ScheduleRequest = z.input<typeof scheduleRequestSchema>;
export type ScheduleShift = z.input<typeof scheduleShiftSchema>;

export function scheduleWire(r: z.output<typeof scheduleRequestSchema>) {
  return {
    agentId: r.agentId,
    period1: r.period1,
    period2: r.period2,
    shift: r.shifts.map((s) => ({ date_start: s.start, daily_hours: s.dayMs, night_hours: s.nightMs })),
  };
}
