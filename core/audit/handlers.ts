/**
 * Console handlers of the audit.* contract methods, over the audit log in the
 * gateway's database: a filtered read, the chain's verification (recorded as
 * the last one), the anchor, and CSV export.
 */
import type { AuditFilterInput, AuditVerifyResult, HandlersFor } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { formatAnchor } from './anchor.ts';
import { auditCsvChunk } from './csv.ts';
import { lastVerification, recordVerification } from './last-verification.ts';
import { auditFacets, listAudit } from './list.ts';
import { auditHeadNow, verifyAuditChainAsync } from './verify.ts';

/** Blank filter fields mean "any". */
export function normalizeAuditFilter(f: AuditFilterInput | undefined): AuditFilterInput {
  const out: AuditFilterInput = {};
  if (!f) return out;
  for (const key of ['search', 'action', 'entityType', 'actor', 'from', 'to'] as const) {
    const v = f[key]?.trim();
    if (v) out[key] = v;
  }
  return out;
}

export function auditHandlers(db: Db, clock: Clock): HandlersFor<'audit'> {
  return {
    'audit.list': ({ offset, limit, ...filter }) => listAudit(db, { ...normalizeAuditFilter(filter), offset, limit }),
    'audit.facets': () => auditFacets(db),
    // The walk reads the whole log (about a second per million rows); it yields
    // between pages so the host keeps serving the console meanwhile.
    'audit.verify': async (_input, ctx) => {
      const { anchor: _none, ...v } = await verifyAuditChainAsync(db);
      const result: AuditVerifyResult = { ...v, checkedAt: new Date(clock.now()).toISOString(), checkedBy: ctx.actor };
      recordVerification(db, result);
      return result;
    },
    'audit.anchor': () => {
      const { head, anchor } = auditHeadNow(db);
      return { anchor: anchor ? formatAnchor(anchor) : null, head, lastVerification: lastVerification(db) };
    },
    'audit.exportCsv': ({ filter, offset, limit }) => {
      const { total, entries } = listAudit(db, { ...normalizeAuditFilter(filter), offset, limit });
      const next = offset + entries.length;
      return { csv: auditCsvChunk(entries, offset === 0), rows: entries.length, total, nextOffset: entries.length > 0 && next < total ? next : null };
    },
  };
}
