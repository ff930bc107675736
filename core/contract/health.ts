/** Health summary: one overall state and a check per link (database, queue, 1C, MCE, ...). */
import { z } from 'zod';
import { instantSchema } from './common.ts';

export const healthStatusSchema = z.enum(['healthy', 'degraded', 'unhealthy', 'unknown']);

export const healthCheckSchema = z.object({
  /** Stable id: 'database', 'queue', 'onec', 'mce', 'credentials', 'disk'. */
  name: z.string(),
  status: healthStatusSchema,
  checkedAt: instantSchema.nullable(),
  latencyMs: z.number().min(0).nullable().optional(),
  /** Why it is not healthy, in words an operator can act on. */
  reason: z.string().nullable().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const healthSummarySchema = z.object({
  status: healthStatusSchema,
  checkedAt: instantSchema,
  checks: z.array(healthCheckSchema),
});

export type HealthStatus = z.infer<typeof healthStatusSchema>;
export type HealthCheck = z.infer<typeof healthCheckSchema>;
export type HealthSummary = z.infer<typeof healthSummarySchema>;
