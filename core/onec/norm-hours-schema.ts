/**
 * `POST /getNormHours` (PROTOCOLS.md §1.2): the hours norm by the production
 * calendar, per agent per month, quarter or year, clipped by 1C to hire and
 * termination dates.
 */
import { z } from 'zod';
import { civilDate, looseNumber, nonEmpty, requiredOr } from './agents-schema.ts';
import { parseRows, rowsOf, strictDate, type InvalidRow } from './shape.ts';

export const normHoursRequestSchema = z
  .object({
    startDate: strictDate,
    endDate: strictDate,
    calculationMode: z.enum(['month', 'quarter', 'year'], { error: (i) => (i.input == null ? 'required' : 'must be "month", "quarter" or "year"') }),
    agents: z
      .array(
        z.object({
          agentId: nonEmpty,
          /** Every weekly-norm change in the period, as received from /agents. */
          norms: z
            .array(z.object({ normWeek: z.number({ error: requiredOr('a number') }).gt(0, 'must be above 0').lte(60, 'must be at most 60'), changeDate: strictDate }), {
              error: requiredOr('an array'),
            })
            .min(1, 'must list at least one norm'),
        }),
        { error: requiredOr('an array') },
      )
      .min(1, 'must list at least one agent'),
  })
  .refine((r) => r.startDate <= r.endDate, { error: (i) => `startDate ${(i.input as { startDate: string }).startDate} is after endDate ${(i.input as { endDate: string }).endDate}` });

export type NormHoursRequest = z.input<typeof normHoursRequestSchema>;

/** The body 1C expects. */
export function normHoursWire(r: z.output<typeof normHoursRequestSchema>) {
  return {
    startDate: r.startDate,
    endDate: r.endDate,
    calculationMode: r.calculationMode,
    AR_agents: r.agents.map((a) => ({ agentId: a.agentId, AR_norms: a.norms.map((n) => ({ normWeek: n.normWeek, changeDate: n.changeDate })) })),
  };
}

export const normHoursRowSchema = z
  .object(
    {
      agentId: nonEmpty,
      normHours: looseNumber.pipe(z.number().min(0, 'must not be negative')),
      startDate: civilDate,
      endDate: civilDate,
    },
    { error: requiredOr('an object') },
  )
  .refine((r) => r.startDate <= r.endDate, { error: 'startDate is after endDate' });

export type NormHoursRow = z.output<typeof normHoursRowSchema>;

export interface NormHoursResponse {
  rows: NormHoursRow[];
  invalid: InvalidRow[];
}

export function parseNormHoursBody(body: unknown): NormHoursResponse {
  return parseRows(rowsOf(body, 'norm rows {agentId, normHours, startDate, endDate}'), normHoursRowSchema);
}
