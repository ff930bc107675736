import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Option, type Command } from 'commander';
import { auditFacets, listAudit, verifyAuditChain, type AuditFilter } from '../../core/audit/index.ts';
import type { AuditEntryView } from '../../core/contract/index.ts';
import { auditCsvChunk } from '../../core/audit/csv.ts';
import { GatewayError } from '../../core/errors.ts';
import { emit, progress, progressDone } from '../context.ts';
import { withGateway } from '../gateway.ts';

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
  return `#${e.id}  ${e.at}  ${e.actor}  ${e.action}  ${entity}`;
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('read, verify and export the hash-chained audit log');

  withFilters(audit.command('list').description('entries newest first, filtered'))
    .addOption(new Option('--limit <n>', 'at most this many entries (1–1000)').default(50).argParser(positiveInt))
    .option('--offset <n>', 'skip this many newest entries first', (v) => Number(v), 0)
    .action(async (o: FilterOptions & { limit: number; offset: number }, cmd: Command) => {
      await withGateway(cmd, (gw) => {
        const r = listAudit(gw.db, { ...filterOf(o), limit: o.limit, offset: o.offset });
        emit(cmd, r, (x) => (x.entries.length ? `${x.entries.map(entryLine).join('\n')}\n${x.entries.length} of ${x.total} entries` : `no entries match (${x.total} in all)`));
      });
    });

  audit
    .command('facets')
    .description('the actions, entity types and actors present in the log')
    .action(async (_o: object, cmd: Command) => {
      await withGateway(cmd, (gw) => {
        emit(cmd, auditFacets(gw.db), (f) => [`actions: ${f.actions.join(', ')}`, `entity types: ${f.entityTypes.join(', ')}`, `actors: ${f.actors.join(', ')}`].join('\n'));
      });
    });

  audit
    .command('verify')
    .description('walk the whole hash chain; exits 1 naming the first altered, removed or inserted entry')
    .action(async (_o: object, cmd: Command) => {
      await withGateway(cmd, (gw) => {
        const r = verifyAuditChain(gw.db);
        if (!r.ok) throw new GatewayError('audit_chain_broken', `${r.message} (${r.rows} entries before it verified)`, 'permanent');
        emit(cmd, r, (x) => x.message);
      });
    });

  withFilters(audit.command('export').description('write the filtered log to a CSV file for Excel (UTF-8 with BOM, ";"-separated), newest first'))
    .requiredOption('--out <file>', 'the CSV file to write (overwritten)')
    .action(async (o: FilterOptions & { out: string }, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
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
