/**
 * The audit log through the console: a filtered, paged read; the verification
 * state of the hash chain and its sealed head; the anchor; and CSV export in pages (the renderer assembles the
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

/** The columns an entry's `malformed` can name. */
export const auditMalformedColumns = ['at', 'before', 'after', 'details'] as const;
export type AuditMalformedColumn = (typeof auditMalformedColumns)[number];

export const auditEntrySchema = z.object({
  id: z.number().int().positive(),
  at: instantSchema,
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** JSON values as stored (secrets were redacted on write); a column named in `malformed` holds its raw text instead. */
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
  hash: z.string(),
  /** True when the hash is keyed (HMAC-SHA-256 under the gateway's audit key), false for plain SHA-256. */
  keyed: z.boolean(),
  /**
   * Columns whose stored text is not what the gateway writes (JSON that does not
   * parse, a time that is not an instant): the entry is listed as stored, with
   * this list, rather than failing the page. Absent when there are none.
   */
  malformed: z.array(z.enum(auditMalformedColumns)).optional(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditListOutput = z.object({ total: z.number().int().min(0), entries: z.array(auditEntrySchema) });

export const auditFacetsOutput = z.object({ actions: z.array(z.string()), entityTypes: z.array(z.string()), actors: z.array(z.string()) });
export type AuditFacets = z.infer<typeof auditFacetsOutput>;

/**
 * The sealed head (the last keyed row's id, hash and row count, kept outside
 * the database under the audit key) compared with the log:
 * - matches: the log ends at the row the head names, with that hash;
 * - behind: the log goes on after it (a process stopped between a commit and the head update);
 * - missing: there is no head file (a fresh directory, an older version, a deleted file);
 * - truncated: the log ends before the row the head names: rows are missing;
 * - diverged: the log holds another row under that id, or its keyed part begins elsewhere;
 * - tampered: the head file does not open under the key;
 * - unreadable: the file cannot be read (permissions, I/O);
 * - unchecked: no key here to open it with.
 */
export const auditHeadStates = ['matches', 'behind', 'missing', 'truncated', 'diverged', 'tampered', 'unreadable', 'unchecked'] as const;
export type AuditHeadState = (typeof auditHeadStates)[number];

export const auditHeadStatusSchema = z.object({
  state: z.enum(auditHeadStates),
  /** What the head names, when it opened. */
  lastId: z.number().int().positive().nullable(),
  count: z.number().int().positive().nullable(),
  hash: z.string().nullable(),
  /** The first keyed row, as the head recorded it. */
  keyedFrom: z.number().int().positive().nullable(),
  writtenAt: instantSchema.nullable(),
  /** When and at which row this head file was started. */
  since: z.object({ id: z.number().int().positive(), at: instantSchema }).nullable(),
  message: z.string(),
});
export type AuditHeadStatus = z.infer<typeof auditHeadStatusSchema>;

export const auditVerifyOutput = z.object({
  /** The chain is intact and the head shows nothing missing or rewritten. */
  ok: z.boolean(),
  /** Rows verified before the first bad one (all of them when ok). */
  rows: z.number().int().min(0),
  firstBadId: z.number().int().positive().optional(),
  /** The whole verdict in one English sentence (the CLI prints it; the console builds its own text from the fields). */
  message: z.string(),
  /** The chain walk's first problem alone (an altered, removed, inserted or forged row), when there is one. */
  problem: z.string().optional(),
  checkedAt: instantSchema,
  /** Who or which process verified: the console's actor, "gatewayctl audit verify (user, pid)". */
  checkedBy: z.string(),
  /** The log's last id (0 when empty). */
  lastId: z.number().int().min(0),
  /** The first keyed row; earlier rows are plain SHA-256 (written before the chain was keyed). Null: no keyed row. */
  keyedFrom: z.number().int().positive().nullable(),
  head: auditHeadStatusSchema,
});
export type AuditVerifyResult = z.infer<typeof auditVerifyOutput>;

/**
 * The anchor: the sealed head as one line to keep outside the gateway, and the
 * last verification recorded by any process (the console, gatewayctl, cron).
 */
export const auditAnchorOutput = z.object({
  /** "argus-audit-anchor:v1:<id>:<count>:<hash>"; null when there is no sealed head the log still holds. */
  anchor: z.string().nullable(),
  head: auditHeadStatusSchema,
  lastVerification: auditVerifyOutput.nullable(),
});
export type AuditAnchorView = z.infer<typeof auditAnchorOutput>;

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
