/** Zod errors as lines a person can act on, shared by every edge that validates. */
import type { z } from 'zod';

/** "field: message" lines, one per zod issue. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}
