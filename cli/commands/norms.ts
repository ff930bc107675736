/**
 * gatewayctl norms: hours norms by the production calendar from 1C
 * (getNormHours), AR_norms built from each employee's weekly-norm history.
 */
import type { Command } from 'commander';
import type { NormMode } from '../../core/contract/index.ts';
import { GatewayError } from '../../core/errors.ts';
import { emit, table, usageError } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { collect, employeesOf, formatOf, waitForJob, writeExport } from './exchange-common.ts';

function year(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw usageError(`--year must be a year from 2000 to 2100, got "${v}"`);
  return n;
}

function mode(v: string): NormMode {
  if (v !== 'month' && v !== 'quarter' && v !== 'year') throw usageError(`--mode must be month, quarter or year, got "${v}"`);
  return v;
}

export function registerNorms(program: Command): void {
  const norms = program.command('norms').description('hours norms from 1C:ZUP (getNormHours) by the production calendar');

  norms
    .command('fetch')
    .description("read a year's norms from 1C for the employees employed in it; AR_norms come from the weekly-norm history personnel sync records")
    .requiredOption('--year <year>', 'e.g. 2026')
    .option('--mode <mode>', 'month, quarter or year', 'month')
    .option('--department <id>', 'department external id')
    .option('--area <site>', 'site, e.g. Yekaterinburg')
    .option('--employee <id>', 'external id or tab number; repeatable', collect)
    .option('--by <name>', 'who fetches (audit)')
    .action(async (o: { year: string; mode: string; department?: string; area?: string; employee?: string[]; by?: string }, cmd: Command) => {
      const y = year(o.year);
      const m = mode(o.mode);
      await withGateway(cmd, async (gw) => {
        const { job, operationIds } = gw.timesheets.fetchNorms({ year: y, mode: m, departmentId: o.department, area: o.area, employeeIds: employeesOf(gw, o.employee) }, o.by ?? gw.actor);
        if (operationIds.length === 0) throw new GatewayError('nothing_to_fetch', `no employees employed in ${y} match: nothing to fetch`);
        await waitForJob(cmd, gw, operationIds, `reading norms from 1C (job ${job.id})`);
        const final = gw.timesheets.job(job.id);
        emit(cmd, final, (j) => j.message);
        if (final.failed + final.retrying + final.cancelled > 0) throw new GatewayError('fetch_failed', `${final.failed + final.retrying + final.cancelled} request(s) of job ${job.id} did not complete: see "gatewayctl queue list --type norm_hours_request --status failed"`);
      });
    });

  norms
    .command('show')
    .description("a year's stored norms per employee, with the weekly-norm history")
    .requiredOption('--year <year>', 'e.g. 2026')
    .option('--mode <mode>', 'month, quarter or year', 'month')
    .option('--employee <id>', 'external id or tab number; repeatable', collect)
    .option('--department <id>', 'department external id')
    .option('--limit <n>', 'at most this many employees', '100000')
    .action(async (o: { year: string; mode: string; employee?: string[]; department?: string; limit: string }, cmd: Command) => {
      const y = year(o.year);
      const m = mode(o.mode);
      await withGateway(cmd, async (gw) => {
        const r = gw.timesheets.norms({ year: y, mode: m, employeeIds: employeesOf(gw, o.employee), departmentId: o.department, onlyFetched: false, offset: 0, limit: Math.max(1, Number(o.limit) || 1) });
        emit(cmd, r, (x) => {
          const fetched = x.rows.filter((row) => row.fetchedAt !== null);
          if (fetched.length === 0) return `no norms stored for ${y} (${m}): fetch them with "gatewayctl norms fetch --year ${y} --mode ${m}"`;
          return `${table(
            ['tabN', 'name', 'rate', 'normWeek (since)', ...x.periods.map((p) => p.label), 'total'],
            fetched.map((row) => [row.employee.tabN, row.employee.fullName, row.employee.rate, row.history.map((h) => `${h.normWeek} (${h.changeDate})`).join(', '), ...row.hours.map((h) => h?.hours ?? null), row.totalHours]),
          )}\n${fetched.length} employee${fetched.length === 1 ? '' : 's'} with norms`;
        });
      });
    });

  norms
    .command('export')
    .description("a year's stored norms as XLSX or CSV (UTF-8 with BOM, \";\")")
    .requiredOption('--year <year>', 'e.g. 2026')
    .requiredOption('--out <file>', 'where to write (.xlsx or .csv)')
    .option('--mode <mode>', 'month, quarter or year', 'month')
    .option('--format <format>', 'xlsx or csv (default: by the extension of --out)')
    .option('--department <id>', 'department external id')
    .action(async (o: { year: string; out: string; mode: string; format?: string; department?: string }, cmd: Command) => {
      const y = year(o.year);
      await withGateway(cmd, async (gw) => {
        const f = await gw.timesheets.exportNorms({ year: y, mode: mode(o.mode), departmentId: o.department, format: formatOf(o.format, o.out) });
        writeExport(f, o.out);
        emit(cmd, { file: o.out, rows: f.rows }, (x) => `${x.rows} row${x.rows === 1 ? '' : 's'} written to ${x.file}`);
      });
    });
}
