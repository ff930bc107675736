/**
 * Sync plans as they cross the boundary. core/sync uses these types as they
 * are (z.infer), so core objects validate as they are.
 */
import { z } from 'zod';
import { civilDateSchema, idSchema, instantSchema, paging } from './common.ts';

export const planStatusSchema = z.enum(['awaiting_approval', 'approved', 'rejected', 'applying', 'applied', 'failed', 'expired']);
export const itemActionSchema = z.enum(['create', 'update', 'deactivate', 'unchanged', 'invalid']);
export const itemEntitySchema = z.enum(['employee', 'department', 'position']);

export const fieldChangeSchema = z.object({
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const planCountsSchema = z.object({
  create: z.number().int().min(0),
  update: z.number().int().min(0),
  deactivate: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  invalid: z.number().int().min(0),
});

export const massDeactivationSchema = z.object({
  flagged: z.boolean(),
  deactivations: z.number().int().min(0),
  activeEmployees: z.number().int().min(0),
  thresholdPct: z.number(),
  emptyResponse: z.boolean(),
});

export const planSummarySchema = z.object({
  id: idSchema,
  status: planStatusSchema,
  periodFrom: z.string(),
  periodTo: z.string(),
  createdAt: instantSchema,
  createdBy: z.string(),
  expiresAt: instantSchema,
  fingerprint: z.string(),
  counts: planCountsSchema,
  excludedCount: z.number().int().min(0),
  massDeactivation: massDeactivationSchema,
  approvedBy: z.string().nullable(),
  approvedAt: instantSchema.nullable(),
  approvalComment: z.string().nullable(),
  massDeactivationConfirmed: z.boolean(),
  rejectedBy: z.string().nullable(),
  rejectedAt: instantSchema.nullable(),
  rejectionReason: z.string().nullable(),
  appliedAt: instantSchema.nullable(),
  appliedItems: z.number().int().min(0),
  applyError: z.string().nullable(),
  /** Set when the retention policy removed the plan's items: the summary stays, the items list is empty. */
  itemsPrunedAt: instantSchema.nullable(),
});

export const planItemSchema = z.object({
  id: idSchema,
  planId: idSchema,
  entity: itemEntitySchema,
  externalId: z.string(),
  action: itemActionSchema,
  label: z.string(),
  tabN: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  area: z.string().nullable(),
  changes: z.array(fieldChangeSchema),
  reasons: z.array(z.string()),
  excluded: z.boolean(),
  applied: z.boolean(),
});

export const applyResultSchema = z.object({
  planId: idSchema,
  alreadyApplied: z.boolean(),
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  deactivated: z.number().int().min(0),
  skippedExcluded: z.number().int().min(0),
  message: z.string(),
});

export const applyProgressSchema = z.object({
  planId: idSchema,
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});

const planRef = { planId: idSchema };
/** A person's name as typed into a dialog: trimmed, not empty. */
const personName = z.string().trim().min(1, 'enter a name').max(200);

export const plansListInput = z
  .object({
    status: planStatusSchema.optional(),
    ...paging(50, 500),
  })
  .strict();
export const plansListOutput = z.object({ total: z.number().int().min(0), plans: z.array(planSummarySchema) });

export const plansGetInput = z.object(planRef).strict();

export const plansItemsInput = z
  .object({
    ...planRef,
    action: z.union([itemActionSchema, z.array(itemActionSchema).max(5)]).optional(),
    entity: itemEntitySchema.optional(),
    departmentId: z.string().min(1).max(200).optional(),
    area: z.string().min(1).max(200).optional(),
    search: z.string().max(200).optional(),
    excluded: z.boolean().optional(),
    ...paging(200, 5000),
  })
  .strict();
export const planFacetsSchema = z.object({
  departments: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int().min(0) })),
  areas: z.array(z.object({ area: z.string(), count: z.number().int().min(0) })),
});
export const plansItemsOutput = z.object({
  total: z.number().int().min(0),
  items: z.array(planItemSchema),
  facets: planFacetsSchema,
});

export const plansCreateInput = z
  .object({ from: civilDateSchema, to: civilDateSchema })
  .strict()
  .refine((v) => v.from <= v.to, { message: 'the period must not end before it starts', path: ['to'] });

export const plansExcludeInput = z
  .object({
    ...planRef,
    // Bounded so one request stays under the 1 MiB frame limit (20 000 UIDs ≈ 0.8 MB).
    externalIds: z.array(z.string().min(1).max(200)).min(1, 'name at least one item').max(20_000, 'at most 20 000 items per request'),
    excluded: z.boolean(),
  })
  .strict();

export const plansApproveInput = z
  .object({
    ...planRef,
    by: personName,
    comment: z.string().trim().max(2000).optional(),
    confirmMassDeactivation: z.boolean().optional(),
  })
  .strict();

export const plansRejectInput = z
  .object({ ...planRef, by: personName, reason: z.string().trim().min(1, 'give a reason').max(2000) })
  .strict();

export const plansApplyInput = z.object(planRef).strict();

export const planChangedEvent = z.object({ planId: idSchema, status: planStatusSchema });

export type PlanStatus = z.infer<typeof planStatusSchema>;
export type ItemAction = z.infer<typeof itemActionSchema>;
export type ItemEntity = z.infer<typeof itemEntitySchema>;
export type PlanSummary = z.infer<typeof planSummarySchema>;
export type PlanItem = z.infer<typeof planItemSchema>;
export type ApplyResult = z.infer<typeof applyResultSchema>;
export type PlanFacets = z.infer<typeof planFacetsSchema>;
export type FieldChange = z.infer<typeof fieldChangeSchema>;
export type PlanCounts = z.infer<typeof planCountsSchema>;
export type MassDeactivation = z.infer<typeof massDeactivationSchema>;
export type ApplyProgress = z.infer<typeof applyProgressSchema>;
