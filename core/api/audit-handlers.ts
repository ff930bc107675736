/** Handlers of the audit.* contract methods (spread into createHandlers). */
import type { AuditFilterInput } from '../contract/index.ts';
import { auditCsvChunk } from './audit-csv.ts';
import type { ConsoleBackend } from './backend.ts';
import type { ConsoleHandlers } from './handlers.ts';

export type AuditHandlers = Pick<ConsoleHandlers, Extract<keyof ConsoleHandlers, `audit.${string}`>>;

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

export function createAuditHandlers(b: ConsoleBackend): AuditHandlers {
  return {
    'audit.list': ({ offset, limit, ...filter }) => b.audit.list({ ...normalizeAuditFilter(filter), offset, limit }),
    'audit.facets': () => b.audit.facets(),
    'audit.verify': () => b.audit.verify(),
    'audit.exportCsv': async ({ filter, offset, limit }) => {
      const { total, entries } = await b.audit.list({ ...normalizeAuditFilter(filter), offset, limit });
      const next = offset + entries.length;
      return { csv: auditCsvChunk(entries, offset === 0), rows: entries.length, total, nextOffset: entries.length > 0 && next < total ? next : null };
    },
  };
}
