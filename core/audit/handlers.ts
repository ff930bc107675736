/**
 * Console handlers of the audit.* contract methods, over the audit log in the
 * gateway's database: a filtered read, the chain's verification and CSV export.
 */
import type { AuditFilterInput, HandlersFor } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { auditCsvChunk } from './csv.ts';
import { auditFacets, listAudit } from './list.ts';
import { verifyAuditChain } from './verify.ts';

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
    // Reads the whole log in one synchronous walk (fine at today's sizes: ~1 s per
    // million rows); a very large log would want a checkpointed, incremental verify.
    'audit.verify': () => ({ ...verifyAuditChain(db), checkedAt: new Date(clock.now()).toISOString() }),
    'audit.exportCsv': ({ filter, offset, limit }) => {
      const { total, entries } = listAudit(db, { ...normalizeAuditFilter(filter), offset, limit });
      const next = offset + entries.length;
      return { csv: auditCsvChunk(entries, offset === 0), rows: entries.length, total, nextOffset: entries.length > 0 && next < total ? next : null };
    },
  };
}
