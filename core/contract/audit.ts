/**
 * The audit log through the console: a filtered, paged read; the verification
 * state of the hash chain; and CSV export in pages (the renderer assembles the
 * file and shows progress, so no host needs a download endpoint or a dialog).
 */
import { z } from 'zod';
import { instantSchema } from './common.ts';

const isoInstant = z.iso.datetime({ offset: true, error: 'expected an ISO instant, e.g. 2026-03-02T10:00:00Z' });

/** Blank strings mean "any"; the handler drops them. */
export const auditFilterSchema = z
  .object({
    search: z.string().max(200, 'the search text must be at most 200 characters').optional(),
    action: z.string().max(100).optional(),
    entityType: z.string().max(100).optional(),
    actor: z.string().max(200).optional(),
    /** Inclusive lower bound. */
    from: isoInstant.optional(),
    /** Exclusive upper bound. */
    to: isoInstant.optional(),
  })
  .strict();
export type AuditFilterInput = z.input<typeof auditFilterSchema>;

export const auditListInput = auditFilterSchema.extend({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const auditEntrySchema = z.object({
  id: z.number().int().positive(),
  at: instantSchema,
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** JSON values as stored (secrets were redacted on write). */
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditListOutput = z.object({ total: z.number().int().min(0), entries: z.array(auditEntrySchema) });

export const auditFacetsOutput = z.object({ actions: z.array(z.string()), entityTypes: z.array(z.string()), actors: z.array(z.string()) });
export type AuditFacets = z.infer<typeof auditFacetsOutput>;

export const auditVerifyOutput = z.object({
  ok: z.boolean(),
  /** Rows verified before the first bad one (all of them when ok). */
  rows: z.number().int().min(0),
  firstBadId: z.number().int().positive().optional(),
  message: z.string(),
  checkedAt: instantSchema,
});
export type AuditVerifyResult = z.infer<typeof auditVerifyOutput>;

/** Largest page of one CSV chunk: a few hundred KB of text per call. */
export const AUDIT_EXPORT_MAX_PAGE = 2000;

export const auditExportCsvInput = z
  .object({
    filter: auditFilterSchema.default({}),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(AUDIT_EXPORT_MAX_PAGE).default(1000),
  })
  .strict();

export const auditExportCsvOutput = z.object({
  /** CSV text of this page; the first page (offset 0) starts with the BOM and the header row. */
  csv: z.string(),
  /** Rows in this chunk. */
  rows: z.number().int().min(0),
  /** Rows matching the filter when this chunk was read. */
  total: z.number().int().min(0),
  /** Offset of the next chunk, or null when this was the last. */
  nextOffset: z.number().int().min(0).nullable(),
});
export type AuditExportChunk = z.infer<typeof auditExportCsvOutput>;
