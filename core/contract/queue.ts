/**
 * The durable queue as it crosses the boundary. core/queue uses these types
 * as they are (z.infer), so engine objects validate as they are. operation_data is validated per type
 * by the engine (core/queue/operation-types.ts): here it is opaque JSON, and
 * `queue.validate` reports the engine's verdict field by field.
 */
import { z } from 'zod';
import { errorKindSchema } from './common.ts';

export const operationTypeSchema = z.enum(['personnel_sync', 'plan_apply', 'schedule_upload', 'timesheet_request', 'norm_hours_request', 'fact_worktime_upload']);
export const operationStatusSchema = z.enum(['pending', 'processing', 'completed', 'failed', 'cancelled']);
export const attemptOutcomeSchema = z.enum(['completed', 'retryable', 'permanent', 'unknown_outcome', 'lease_expired', 'released']);
/** 1 is the highest. */
export const prioritySchema = z.number().int().min(1, 'priority is 1 (highest) to 5 (lowest)').max(5, 'priority is 1 (highest) to 5 (lowest)');

/** An ISO 8601 instant with an offset or Z, e.g. 2026-01-15T09:00:00.000Z. */
const instantInput = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 instant, e.g. 2026-01-15T09:00:00Z' });
/** Instants the engine writes (ISO, UTC): carried, not re-checked. */
const instant = z.string().min(1);
const operationId = z.string().trim().min(1, 'name an operation id').max(100);

const operationFields = {
  id: z.string(),
  type: operationTypeSchema,
  priority: z.number().int(),
  status: operationStatusSchema,
  retryCount: z.number().int().min(0),
  maxRetries: z.number().int().min(0),
  createdAt: instant,
  /** Start of the latest attempt. */
  startedAt: instant.nullable(),
  completedAt: instant.nullable(),
  /** Not claimed before this instant; a pending operation with a future runAt is a scheduled retry. */
  runAt: instant,
  errorMessage: z.string().nullable(),
  errorKind: errorKindSchema.nullable(),
  apiEndpoint: z.string().nullable(),
  processingNode: z.string().nullable(),
  leaseExpiresAt: instant.nullable(),
  createdBy: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  updatedAt: instant,
};

/** A table row: everything but the payload and the result (those come with queue.get). */
export const queueOperationRowSchema = z.object(operationFields);
export const queueOperationSchema = z.object({ ...operationFields, data: z.unknown(), result: z.unknown() });

export const queueAttemptSchema = z.object({
  operationId: z.string(),
  attemptNo: z.number().int().min(1),
  startedAt: instant,
  /** Null for the attempt running now. */
  endedAt: instant.nullable(),
  outcome: attemptOutcomeSchema.nullable(),
  httpStatus: z.number().int().nullable(),
  durationMs: z.number().min(0).nullable(),
  error: z.string().nullable(),
  node: z.string(),
});

/**
 * What the table, the counts, "retry all failed" and its confirmation share.
 * An empty list means "any". `from`/`to` bound the creation time ([from, to)).
 */
export const queueFilterSchema = z
  .object({
    status: z.array(operationStatusSchema).max(5).optional(),
    type: z.array(operationTypeSchema).max(6).optional(),
    priority: z.array(prioritySchema).max(5).optional(),
    from: instantInput.optional(),
    to: instantInput.optional(),
    /** Case-insensitive text in the payload, result, error or id. */
    search: z.string().trim().max(200).optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || Date.parse(f.from) < Date.parse(f.to), { message: 'the time range must end after it starts', path: ['to'] });

export const queueListInput = z
  .object({
    filter: queueFilterSchema.default({}),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export const queueListOutput = z.object({
  /** Matches of the filter, ignoring offset and limit. */
  total: z.number().int().min(0),
  operations: z.array(queueOperationRowSchema),
  /** The gateway's clock when the page was read: the console bounds later pages by it so rows do not shift. */
  asOf: instant,
});

const idRef = z.object({ id: operationId }).strict();
export const queueGetInput = idRef;
export const queueGetOutput = z.object({ operation: queueOperationSchema, attempts: z.array(queueAttemptSchema) });

export const statusCountsSchema = z.object({
  pending: z.number().int().min(0),
  processing: z.number().int().min(0),
  completed: z.number().int().min(0),
  failed: z.number().int().min(0),
  cancelled: z.number().int().min(0),
});
/** Counts per status of a filter (its status part ignored, so every status tab shows its number). */
export const queueCountsInput = z.object({ filter: queueFilterSchema.default({}) }).strict();
export const queueCountsOutput = z.object({ counts: statusCountsSchema, total: z.number().int().min(0) });

export const pausedTypeSchema = z.object({ type: operationTypeSchema, pausedAt: instant, pausedBy: z.string() });
export const queueHealthSchema = z.object({
  /** Pending and due now. */
  pending: z.number().int().min(0),
  /** Pending with a future run time: scheduled retries and deferred work. */
  scheduled: z.number().int().min(0),
  processing: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** Age of the oldest due pending operation, or null when none waits. */
  oldestPendingAgeMs: z.number().min(0).nullable(),
  /** When the oldest due pending operation was created, so a console can let its age tick. */
  oldestPendingSince: instant.nullable(),
  /** Processing operations whose lease expired (a crashed process; reclaimed on the next poll). */
  expiredLeases: z.number().int().min(0),
  pausedTypes: z.array(pausedTypeSchema),
  asOf: instant,
});

export const queueEnqueueInput = z
  .object({
    type: operationTypeSchema,
    /** operation_data: validated for its type by the engine. */
    data: z.unknown(),
    priority: prioritySchema.default(3),
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
    maxRetries: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export const queueEnqueueOutput = z.object({
  operation: queueOperationSchema,
  /** False when an operation with the same idempotency key was already pending or processing: that one is returned. */
  created: z.boolean(),
});

export const validationIssueSchema = z.object({
  /** Dotted path inside operation_data ('AR_agents.0.agentId'), or '' for the whole of it. */
  path: z.string(),
  message: z.string(),
});
/** The engine's verdict on operation_data without storing anything: the enqueue form shows it per field. */
export const queueValidateInput = z.object({ type: operationTypeSchema, data: z.unknown() }).strict();
export const queueValidateOutput = z.object({ valid: z.boolean(), issues: z.array(validationIssueSchema) });

export const queueRetryInput = idRef;
export const queueCancelInput = idRef;
export const queueSetPriorityInput = z.object({ id: operationId, priority: prioritySchema }).strict();
export const queueOperationOutput = queueOperationSchema;

/** Retry (or count) the failed operations of a filter; its status part is ignored. */
export const queueRetryFailedInput = z.object({ filter: queueFilterSchema.default({}) }).strict();
export const queueCountOutput = z.object({ count: z.number().int().min(0) });

export const queueTypeInput = z.object({ type: operationTypeSchema }).strict();
export const queuePauseOutput = z.object({
  type: operationTypeSchema,
  paused: z.boolean(),
  /** False when it already was in that state. */
  changed: z.boolean(),
});

/** Coalesced: at most a few per second, however busy the queue is. */
export const queueChangedEvent = z.object({
  /** Operations changed since the previous event. */
  changed: z.number().int().min(0),
  statuses: z.array(operationStatusSchema),
  types: z.array(operationTypeSchema),
  /** A type was paused or resumed. */
  pausedChanged: z.boolean(),
});

export type OperationTypeName = z.infer<typeof operationTypeSchema>;
export type OperationStatusName = z.infer<typeof operationStatusSchema>;
export type QueueFilter = z.input<typeof queueFilterSchema>;
export type QueueOperationRow = z.infer<typeof queueOperationRowSchema>;
export type QueueOperation = z.infer<typeof queueOperationSchema>;
export type QueueAttempt = z.infer<typeof queueAttemptSchema>;
export type AttemptOutcome = z.infer<typeof attemptOutcomeSchema>;
export type PausedType = z.infer<typeof pausedTypeSchema>;
export type QueueHealthInfo = z.infer<typeof queueHealthSchema>;
export type StatusCounts = z.infer<typeof statusCountsSchema>;
export type ValidationIssue = z.infer<typeof validationIssueSchema>;
export type QueueChanged = z.infer<typeof queueChangedEvent>;
