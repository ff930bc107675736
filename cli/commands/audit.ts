import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Option, type Command } from 'commander';
import { auditFacets, auditHeadNow, formatAnchor, listAudit, parseAnchor, recordVerification, verifyAuditChainAsync, type AuditFilter } from '../../core/audit/index.ts';
import type { AuditEntryView, AuditVerifyResult } from '../../core/contract/index.ts';
import { auditCsvChunk, problemText } from '../../core/audit/csv.ts';
import { databaseFile } from '../../core/config/data-dir.ts';
import { openDatabase, SCHEMA_VERSION, schemaVersion } from '../../core/db/open.ts';
import { GatewayError } from '../../core/errors.ts';
import { defaultActor } from '../../core/service.ts';
import { emit, globals, progress, progressDone } from '../context.ts';
import { withAuditReader } from '../gateway.ts';

interface FilterOptions {
  search?: string;
  action?: string;
  entityType?: string;
  actor?: string;
  from?: string;
  to?: string;
}

function filterOf(o: FilterOptions): AuditFilter {
  const f: AuditFilter = {};
  for (const key of ['search', 'action', 'entityType', 'actor', 'from', 'to'] as const) {
    const v = o[key]?.trim();
    if (v) f[key] = v;
  }
  return f;
}

function withFilters(c: Command): Command {
  return c
    .option('--search <text>', 'text in the action, actor, entity id, details or new state (case-insensitive)')
    .option('--action <action>', 'exactly this action, e.g. sync.plan.approved')
    .option('--entity-type <type>', 'exactly this entity type, e.g. employee')
    .option('--actor <name>', 'exactly this actor')
    .option('--from <iso>', 'entries at or after this instant, e.g. 2026-03-01T00:00:00+03:00')
    .option('--to <iso>', 'entries before this instant');
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new GatewayError('invalid_argument', `--limit must be a whole number from 1 to 1000, got "${v}"`, 'permanent');
  return n;
}

function entryLine(e: AuditEntryView): string {
  const entity = e.entityId ? `${e.entityType} ${e.entityId}` : e.entityType;
  const problem = problemText(e);
  return `#${e.id}  ${e.at}  ${e.actor}  ${e.action}  ${entity}${problem ? `  [malformed: ${problem}]` : ''}`;
}

/**
 * Notes the verification where the console shows it. Through a connection of
 * its own: verification reads through a read-only one, and a read-only copy
 * of a data directory records nothing (the note is lost, not the verdict).
 * A database of another schema version is left as it is: never migrated for a note.
 */
function noteVerification(dataDir: string, version: number, v: AuditVerifyResult): void {
  if (version !== SCHEMA_VERSION) return;
  try {
    const db = openDatabase(databaseFile(dataDir));
    try {
      recordVerification(db, v);
    } finally {
      db.close();
    }
  } catch {
    // Read-only, locked or gone: nothing to record into.
  }
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('read, verify, anchor and export the hash-chained audit log (read-only: works on a read-only copy of a data directory)');

  withFilters(audit.command('list').description('entries newest first, filtered'))
    .addOption(new Option('--limit <n>', 'at most this many entries (1–1000)').default(50).argParser(positiveInt))
    .option('--offset <n>', 'skip this many newest entries first', (v) => Number(v), 0)
    .action(async (o: FilterOptions & { limit: number; offset: number }, cmd: Command) => {
      await withAuditReader(cmd, (gw) => {
        const r = listAudit(gw.db, { ...filterOf(o), limit: o.limit, offset: o.offset });
        emit(cmd, r, (x) => (x.entries.length ? `${x.entries.map(entryLine).join('\n')}\n${x.entries.length} of ${x.total} entries` : `no entries match (${x.total} in all)`));
      });
    });

  audit
    .command('facets')
    .description('the actions, entity types and actors present in the log')
    .action(async (_o: object, cmd: Command) => {
      await withAuditReader(cmd, (gw) => {
        emit(cmd, auditFacets(gw.db), (f) => [`actions: ${f.actions.join(', ')}`, `entity types: ${f.entityTypes.join(', ')}`, `actors: ${f.actors.join(', ')}`].join('\n'));
      });
    });

  audit
    .command('verify')
    .description('walk the whole hash chain and compare its end with the sealed head; exits 1 naming the first altered, removed or inserted entry, or the rows missing at the end')
    .option('--anchor <line>', 'also prove the log still holds this anchor (as "audit anchor" printed it) unchanged')
    .action(async (o: { anchor?: string }, cmd: Command) => {
      const anchor = o.anchor === undefined ? undefined : parseAnchor(o.anchor);
      await withAuditReader(cmd, async (gw) => {
        const { anchor: anchorCheck, ...v } = await verifyAuditChainAsync(gw.db, { anchor });
        const result: AuditVerifyResult = { ...v, checkedAt: new Date(gw.clock.now()).toISOString(), checkedBy: `gatewayctl audit verify (${process.env.GATEWAY_ACTOR || defaultActor()}, pid ${process.pid})` };
        noteVerification(globals(cmd).dataDir, schemaVersion(gw.db), result);
        if (!result.ok) throw new GatewayError('audit_chain_broken', `${result.message} (${result.rows} entries before it verified)`, 'permanent');
        if (anchorCheck && !anchorCheck.ok) throw new GatewayError('audit_anchor_not_held', anchorCheck.message, 'permanent');
        emit(cmd, { ...result, ...(anchorCheck ? { anchor: anchorCheck } : {}) }, (x) => (anchorCheck ? `${x.message}\n${anchorCheck.message}` : x.message));
      });
    });

  audit
    .command('anchor')
    .description('print the sealed head as one line to keep outside the gateway (a ticket, a syslog server); "audit verify --anchor LINE" proves it later')
    .action(async (_o: object, cmd: Command) => {
      await withAuditReader(cmd, (gw) => {
        const { head, anchor } = auditHeadNow(gw.db);
        if (!anchor) throw new GatewayError('audit_no_anchor', `no anchor can be taken: ${head.message}`, 'permanent');
        const line = formatAnchor(anchor);
        emit(cmd, { anchor: line, lastId: anchor.id, count: anchor.count, hash: anchor.hash, keyedFrom: head.keyedFrom, writtenAt: head.writtenAt, head: head.state }, (x) => x.anchor);
      });
    });

  withFilters(audit.command('export').description('write the filtered log to a CSV file for Excel (UTF-8 with BOM, ";"-separated), newest first'))
    .requiredOption('--out <file>', 'the CSV file to write (overwritten)')
    .action(async (o: FilterOptions & { out: string }, cmd: Command) => {
      await withAuditReader(cmd, async (gw) => {
        const filter = filterOf(o);
        const out = createWriteStream(o.out, { encoding: 'utf8' });
        const pageSize = 1000;
        let offset = 0;
        let rows = 0;
        let total = 0;
        try {
          for (;;) {
            const page = listAudit(gw.db, { ...filter, offset, limit: pageSize });
            total = page.total;
            if (!out.write(auditCsvChunk(page.entries, offset === 0))) await once(out, 'drain');
            rows += page.entries.length;
            offset += page.entries.length;
            progress(cmd, `exported ${rows} of ${total} entries…`);
            if (page.entries.length === 0 || offset >= total) break;
          }
        } finally {
          out.end();
          await once(out, 'close');
        }
        progressDone(cmd);
        emit(cmd, { file: o.out, rows, total }, (r) => `${r.rows} entries written to ${r.file}`);
      });
    });
}
