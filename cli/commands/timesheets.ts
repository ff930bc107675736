/**
 * gatewayctl timesheets: read timesheets of a period from 1C (stored per
 * employee and day), show them, export them (XLSX or CSV).
 */
import type { Command } from 'commander';
import { GatewayError } from '../../core/errors.ts';
import { emit, table, usageError } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { collect, employeesOf, formatOf, period, waitForJob, writeExport } from './exchange-common.ts';

export function registerTimesheets(program: Command): void {
  const ts = program.command('timesheets').description('timesheets from 1C:ZUP (getTimetypeInfo), stored per employee and day');

  ts.command('fetch')
    .description('read the timesheets of a period from 1C (per month, in batches of onec.timesheetBatch agents); re-fetching replaces the period')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last date')
    .option('--department <id>', 'department external id')
    .option('--area <site>', 'site, e.g. Yekaterinburg')
    .option('--employee <id>', 'external id or tab number; repeatable', collect)
    .option('--by <name>', 'who fetches (audit)')
    .action(async (o: { from: string; to: string; department?: string; area?: string; employee?: string[]; by?: string }, cmd: Command) => {
      const p = period(o);
      await withGateway(cmd, async (gw) => {
        const { job, operationIds } = gw.timesheets.fetch({ ...p, departmentId: o.department, area: o.area, employeeIds: employeesOf(gw, o.employee) }, o.by ?? gw.actor);
        if (operationIds.length === 0) throw new GatewayError('nothing_to_fetch', `no employees employed in ${p.from}..${p.to} match: nothing to fetch`);
        await waitForJob(cmd, gw, operationIds, `reading timesheets from 1C (job ${job.id})`);
        const final = gw.timesheets.job(job.id);
        emit(cmd, final, (j) => j.message);
        if (final.failed + final.retrying + final.cancelled > 0) throw new GatewayError('fetch_failed', `${final.failed + final.retrying + final.cancelled} request(s) of job ${job.id} did not complete: see "gatewayctl queue list --type timesheet_request --status failed"`);
      });
    });

  ts.command('show')
    .description('the stored timesheet per employee and day: date, code, hours')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last date')
    .option('--employee <id>', 'external id or tab number; repeatable', collect)
    .option('--department <id>', 'department external id')
    .option('--limit <n>', 'at most this many rows', '100000')
    .action(async (o: { from: string; to: string; employee?: string[]; department?: string; limit: string }, cmd: Command) => {
      const p = period(o);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw usageError(`--limit must be a positive whole number, got "${o.limit}"`);
      await withGateway(cmd, async (gw) => {
        const r = gw.timesheets.days({ ...p, employeeIds: employeesOf(gw, o.employee), departmentId: o.department, offset: 0, limit });
        emit(cmd, r, (x) =>
          x.total === 0
            ? `no timesheet stored for ${p.from}..${p.to}: fetch it with "gatewayctl timesheets fetch --from ${p.from} --to ${p.to}"`
            : `${table(
                ['tabN', 'name', 'date', 'code', 'hours'],
                x.rows.map((d) => [d.tabN, d.fullName, d.date, d.known ? d.code : `${d.code} (unknown code)`, d.hours]),
              )}\n${x.rows.length} of ${x.total} rows`,
        );
      });
    });

  ts.command('export')
    .description('the stored timesheets of a period as XLSX or CSV (UTF-8 with BOM, ";"): days as rows, or the T-13 grid')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last date')
    .requiredOption('--out <file>', 'where to write (.xlsx or .csv)')
    .option('--format <format>', 'xlsx or csv (default: by the extension of --out)')
    .option('--layout <layout>', 'days (a row per employee, day and code) or grid (T-13: a row per employee and month)', 'days')
    .option('--department <id>', 'department external id')
    .option('--employee <id>', 'external id or tab number; repeatable', collect)
    .action(async (o: { from: string; to: string; out: string; format?: string; layout: string; department?: string; employee?: string[] }, cmd: Command) => {
      const p = period(o);
      if (o.layout !== 'days' && o.layout !== 'grid') throw usageError(`--layout must be days or grid, got "${o.layout}"`);
      await withGateway(cmd, async (gw) => {
        const f = await gw.timesheets.exportTimesheets({ ...p, departmentId: o.department, employeeIds: employeesOf(gw, o.employee), format: formatOf(o.format, o.out), layout: o.layout as 'days' | 'grid' });
        writeExport(f, o.out);
        emit(cmd, { file: o.out, rows: f.rows }, (x) => `${x.rows} row${x.rows === 1 ? '' : 's'} written to ${x.file}`);
      });
    });
}
