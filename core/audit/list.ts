/** Paged, filtered reading of the audit log, newest first. */
import { z } from 'zod';
import type { AuditEntryView, AuditFacets, AuditMalformedColumn } from '../contract/index.ts';
import { containsPattern, ensureFoldFunction } from '../db/fold.ts';
import type { Db } from '../db/open.ts';
import { GatewayError } from '../errors.ts';
import { keyedColumn } from './chain.ts';

const filterSchema = z.object({
  search: z.string().optional(),
  action: z.string().optional(),
  entityType: z.string().optional(),
  actor: z.string().optional(),
  /** Inclusive lower bound, an ISO instant. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Exclusive upper bound, an ISO instant. */
  to: z.iso.datetime({ offset: true }).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type AuditFilter = z.input<typeof filterSchema>;

type Row = {
  id: number;
  at: unknown;
  actor: unknown;
  action: unknown;
  entity_type: unknown;
  entity_id: unknown;
  before: unknown;
  after: unknown;
  details: unknown;
  hash: unknown;
  keyed: unknown;
};

/**
 * A stored row as the console sees it. The gateway writes canonical JSON and
 * ISO instants, but a row edited behind its back may hold anything: such a
 * column is passed on as its raw text and named in `malformed`, so the row is
 * listed (and exported) with its problem instead of failing the whole page.
 */
export function entryView(r: Row): AuditEntryView {
  const malformed: AuditMalformedColumn[] = [];
  const json = (name: 'before' | 'after' | 'details', v: unknown): unknown => {
    if (v === null) return null;
    if (typeof v === 'string') {
      try {
        return JSON.parse(v);
      } catch {
        // Kept as stored.
      }
    }
    malformed.push(name);
    return typeof v === 'string' ? v : String(v);
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : String(v));
  const at = text(r.at);
  if (at === '' || Number.isNaN(Date.parse(at))) malformed.push('at');
  const view: AuditEntryView = {
    id: r.id,
    at,
    actor: text(r.actor),
    action: text(r.action),
    entityType: text(r.entity_type),
    entityId: r.entity_id === null ? null : text(r.entity_id),
    before: json('before', r.before),
    after: json('after', r.after),
    details: json('details', r.details),
    hash: text(r.hash),
    keyed: r.keyed === 1,
  };
  if (malformed.length) view.malformed = malformed;
  return view;
}

export function listAudit(db: Db, filter: AuditFilter = {}): { total: number; entries: AuditEntryView[] } {
  const parsed = filterSchema.safeParse(filter);
  if (!parsed.success) throw new GatewayError('invalid_filter', `invalid audit filter: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const f = parsed.data;
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.action) {
    where.push('action = ?');
    params.push(f.action);
  }
  if (f.entityType) {
    where.push('entity_type = ?');
    params.push(f.entityType);
  }
  if (f.actor) {
    where.push('actor = ?');
    params.push(f.actor);
  }
  // Stored instants are UTC ISO strings, so normalising the bounds makes string comparison exact.
  if (f.from) {
    where.push('at >= ?');
    params.push(new Date(f.from).toISOString());
  }
  if (f.to) {
    where.push('at < ?');
    params.push(new Date(f.to).toISOString());
  }
  if (f.search && f.search.trim() !== '') {
    ensureFoldFunction(db);
    const p = containsPattern(f.search.trim());
    where.push(
      "(gw_fold(action) LIKE ? ESCAPE '\\' OR gw_fold(actor) LIKE ? ESCAPE '\\' OR gw_fold(entity_id) LIKE ? ESCAPE '\\' OR gw_fold(details) LIKE ? ESCAPE '\\' OR gw_fold(after) LIKE ? ESCAPE '\\')",
    );
    params.push(p, p, p, p, p);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT id, at, actor, action, entity_type, entity_id, before, after, details, hash, ${keyedColumn(db)} AS keyed FROM audit_log ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...params, f.limit, f.offset) as Row[];
  return { total, entries: rows.map(entryView) };
}

/**
 * The distinct actions, entity types and actors, for the console's filter
 * lists. A scan of the log; kept to the first 200 of each so a huge log cannot
 * flood a dropdown.
 */
export function auditFacets(db: Db): AuditFacets {
  const distinct = (col: string) => (db.prepare(`SELECT DISTINCT ${col} AS v FROM audit_log ORDER BY v LIMIT 200`).all() as { v: unknown }[]).map((r) => String(r.v));
  return { actions: distinct('action'), entityTypes: distinct('entity_type'), actors: distinct('actor') };
}
