/**
 * Shared pieces of the response schemas of the four POST methods: the error a
 * wrong envelope throws, the row-level "invalid" record, 1C's result flag, and
 * the strict date/time checks of requests.
 */
import { z } from 'zod';
import { describeIssues, describeShape, describeValue, requiredOr } from './agents-schema.ts';
import { cleanDeep, cleanLine, cleanText } from '../text/clean.ts';
import { isCivilDate } from './dates.ts';

/** The body as a whole is not what the method returns: the client turns it into "response shape is wrong: …". */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** A row that failed validation, kept with its reasons; the other rows are still used. */
export interface InvalidRow {
  /** Position in the response array, from 0. */
  index: number;
  agentId: string | null;
  reasons: string[];
  raw: unknown;
}

/** The rows of a response documented as an array; a bare object is read as one row. */
export function rowsOf(body: unknown, what: string): unknown[] {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object') return [body];
  throw new ShapeError(`expected an array of ${what}, got ${describeShape(body)}`);
}

/** Validates rows one by one. */
export function parseRows<S extends z.ZodType>(rows: unknown[], schema: S): { rows: Array<z.output<S>>; invalid: InvalidRow[] } {
  const out: { rows: Array<z.output<S>>; invalid: InvalidRow[] } = { rows: [], invalid: [] };
  rows.forEach((raw, index) => {
    const r = schema.safeParse(raw);
    if (r.success) out.rows.push(r.data);
    else {
      const id = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).agentId : undefined;
      const agentId = typeof id === 'string' ? cleanLine(id).trim() : '';
      // Kept to be shown: clean like everything else 1C sends.
      out.invalid.push({ index, agentId: agentId || null, reasons: describeIssues(r.error).map(cleanLine), raw: cleanDeep(raw) });
    }
  });
  return out;
}

/**
 * 1C's `result`: a boolean, or its text ("true"/"false"; a Russian-locale 1C
 * may write "Истина"/"Ложь" or "Да"/"Нет"). Null when it is none of these.
 */
export function resultFlag(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (s === 'true' || s === 'истина' || s === 'да') return true;
  if (s === 'false' || s === 'ложь' || s === 'нет') return false;
  return null;
}

/** The operator's message in a business answer, verbatim but for control characters (newlines and tabs stay), or null. */
export function businessMessage(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (!['message', 'error', 'errormessage', 'description'].includes(k.toLowerCase()) || typeof v !== 'string') continue;
    const said = cleanText(v).trim();
    if (said) return said;
  }
  return null;
}

/** A business-failure object: `{ "result": false/"false", … }` where data were expected. */
export function isRefusal(body: unknown): boolean {
  return body !== null && typeof body === 'object' && !Array.isArray(body) && resultFlag((body as Record<string, unknown>).result) === false;
}

/* Request-side checks: strict, because 1C answers a malformed value with an opaque 500. */

export const strictDate = z.string({ error: requiredOr('a date YYYY-MM-DD') }).refine(isCivilDate, { error: (i) => `not a date YYYY-MM-DD: ${describeValue(i.input)}` });

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** ISO 8601 date-time: UTC ("…Z"), with an offset, or local ("2019-02-01T18:00:00"), as 1C accepts all three. */
export const isoDateTime = z.string({ error: requiredOr('an ISO date-time') }).refine((s) => {
  const m = DATE_TIME.exec(s);
  return m !== null && isCivilDate(m[1]);
}, { error: (i) => `not an ISO date-time (YYYY-MM-DDTHH:mm:ss[Z|±hh:mm]): ${describeValue(i.input)}` });

/** A date or a date-time, as 1C writes dates in responses ("2019-02-01" or "2019-02-01T00:00:00"). */
export const responseInstant = z.string({ error: requiredOr('a date-time') }).refine((s) => DATE_TIME.test(s.trim()) || isCivilDate(s.trim()), {
  error: (i) => `not a date or date-time: ${describeValue(i.input)}`,
});
