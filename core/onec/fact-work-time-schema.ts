/**
 * `POST /sendFactWorkTime` (PROTOCOLS.md §1.5): a confirmed deviation of
 * actual work from the plan. NOT idempotent: every accepted call creates a
 * document in 1C, so a call whose answer was lost is never retried on its own.
 */
import { z } from 'zod';
import { nonEmpty, requiredOr } from './agents-schema.ts';
import { isoDateTime } from './shape.ts';

export const QUARTER_HOUR_MS = 900_000;

export const factWorkTimeRequestSchema = z.object({
  agentId: nonEmpty,
  /** Who confirmed the deviation, e.g. "Иванов И.И."; 1C puts it on the document. */
  initiatorName: nonEmpty,
  /** The day (shift start) the deviation is about. */
  dateStart: isoDateTime,
  /** Time in the system in pieces of up to 15 minutes; empty when the employee did not work. */
  loginfo: z.array(
    z.object({
      start: isoDateTime,
      timeMs: z.number({ error: requiredOr('milliseconds') }).int('must be whole milliseconds').gt(0, 'must be above 0').lte(QUARTER_HOUR_MS, 'must be at most 15 minutes (900000 ms)'),
    }),
    { error: requiredOr('an array') },
  ),
});

export type FactWorkTimeRequest = z.input<typeof factWorkTimeRequestSchema>;

export function factWorkTimeWire(r: z.output<typeof factWorkTimeRequestSchema>) {
  return {
    agentId: r.agentId,
    initiator_name: r.initiatorName,
    date_start: r.dateStart,
    loginfo: r.loginfo.map((l) => ({ start: l.start, time: l.timeMs })),
  };
}
