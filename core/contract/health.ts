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

/** A circuit breaker of one external system (closed: calls go through; open: held; half_open: one probe allowed). */
export const breakerSnapshotSchema = z.object({
  system: z.string(),
  state: z.enum(['closed', 'open', 'half_open']),
  consecutiveFailures: z.number().int().min(0),
  openedAt: instantSchema.nullable(),
  /** When an open breaker lets a probe through. */
  nextProbeAt: instantSchema.nullable(),
  probeInFlight: z.boolean(),
});

/** Calls to a system within one minute. */
export const callMinuteSchema = z.object({
  /** Start of the minute (UTC). */
  at: instantSchema,
  calls: z.number().int().min(0),
  errors: z.number().int().min(0),
  p95Ms: z.number().min(0).nullable(),
});

/** One system's calls per minute over the last `windowMinutes`, oldest first, with the window's totals. */
export const callSeriesSchema = z.object({
  system: z.string(),
  windowMinutes: z.number().int().positive(),
  calls: z.number().int().min(0),
  errors: z.number().int().min(0),
  p95Ms: z.number().min(0).nullable(),
  points: z.array(callMinuteSchema),
});

/** The spans the Health charts offer: the last hour per minute, the last day per 15 minutes, the last week per hour. */
export const callRangeSchema = z.enum(['hour', 'day', 'week']);

/** Calls within a span: count, errors and latencies (avg exact; p95 and p99 from a fixed-bucket histogram, within ~12 %). */
export const callStatsSchema = z.object({
  calls: z.number().int().min(0),
  errors: z.number().int().min(0),
  avgMs: z.number().min(0).nullable(),
  p95Ms: z.number().min(0).nullable(),
  p99Ms: z.number().min(0).nullable(),
});

/** The stored call history of one system over a range: a point per step, oldest first, the totals and each method's figures. */
export const callHistorySchema = z.object({
  system: z.string(),
  range: callRangeSchema,
  stepMinutes: z.number().int().positive(),
  /** Start of the first step and end of the last (UTC). */
  from: instantSchema,
  to: instantSchema,
  /** How many days the history is kept (health.callHistoryDays). */
  retentionDays: z.number().int().positive(),
  totals: callStatsSchema,
  points: z.array(callStatsSchema.extend({ at: instantSchema })),
  /** Busiest first. */
  methods: z.array(callStatsSchema.extend({ method: z.string() })),
});

export const healthCallsInput = z.object({
  range: callRangeSchema.default('hour'),
  /** The external system; 1C:ZUP unless told. */
  system: z.string().min(1).max(40).default('onec'),
});

export const healthSummarySchema = z.object({
  status: healthStatusSchema,
  checkedAt: instantSchema,
  checks: z.array(healthCheckSchema),
  /** Every circuit breaker the queue engine holds (absent from older gateways). */
  breakers: z.array(breakerSnapshotSchema).optional(),
  /** Calls per minute over the last hour per external system, kept in memory since start (the console's charts read health.calls, which is stored). */
  calls: z.array(callSeriesSchema).optional(),
});

export type HealthStatus = z.infer<typeof healthStatusSchema>;
export type HealthCheck = z.infer<typeof healthCheckSchema>;
export type HealthSummary = z.infer<typeof healthSummarySchema>;
export type BreakerSnapshot = z.infer<typeof breakerSnapshotSchema>;
export type CallMinute = z.infer<typeof callMinuteSchema>;
export type CallSeries = z.infer<typeof callSeriesSchema>;
export type CallRange = z.infer<typeof callRangeSchema>;
export type CallStats = z.infer<typeof callStatsSchema>;
export type CallHistory = z.infer<typeof callHistorySchema>;
