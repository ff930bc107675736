/** Schemas shared by several parts of the contract. */
import { z } from 'zod';

export const errorKindSchema = z.enum(['retryable', 'permanent', 'unknown_outcome']);
export type ContractErrorKind = z.infer<typeof errorKindSchema>;

/** How every failure crosses a process boundary. */
export const contractErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  kind: errorKindSchema,
});
export type ContractError = z.infer<typeof contractErrorSchema>;

/** Error codes the transport layer itself produces (handlers add their own). */
export const transportErrorCodes = {
  unknownMethod: 'unknown_method',
  invalidInput: 'invalid_input',
  invalidOutput: 'invalid_output',
  internal: 'internal_error',
  disconnected: 'disconnected',
  timeout: 'timeout',
  badFrame: 'bad_frame',
  forbidden: 'forbidden',
} as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A civil date `YYYY-MM-DD` that exists in the calendar. */
export const civilDateSchema = z
  .string()
  .regex(ISO_DATE, 'expected a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

/** An instant as ISO 8601 text (UTC). Kept loose: core writes these, we only carry them. */
export const instantSchema = z.string().min(1);

export const idSchema = z.number().int().positive();

/** Paging of list queries: offset and a bounded page size. */
export function paging(defaultLimit: number, maxLimit: number) {
  return {
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(maxLimit).default(defaultLimit),
  };
}

export const emptyInputSchema = z.object({}).strict().default({});
