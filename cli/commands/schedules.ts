/**
 * gatewayctl schedules: import schedule files (CSV, XLSX), list and validate
 * what is stored, export it, and upload it to 1C (one queue operation per
 * employee), waiting for every employee's outcome.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ImportReport } from '../../core/contract/index.ts';
import { GatewayError } from '../../core/errors.ts';
import { emit, progress, progressDone, table, usageError } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { collect, employeesOf, formatOf, hours, period, waitForJob, writeExport } from './exchange-common.ts';

function reportText(r: ImportReport): string {
  const lines = r.issues.map((i) => `${i.line === null ? 'file' : `line ${i.line}`}: ${i.severity} ${i.code}${i.field ? ` (${i.field})` : ''}: ${i.message}`);
  if (r.issuesTruncated) lines.push(`… ${r.errors + r.warnings - r.issues.length} more`);
  lines.push(r.message);
  return lines.join('\n');
}

export function registerSchedules(program: Command): void {
  const schedules = program.command('schedules').description('work schedules from Argus WFM: import, check, upload to 1C:ZUP');

  schedules
    .command('import')
    .description('check a schedule file (CSV or XLSX) and store it; any invalid row stores nothing (exit 2) unless --partial')
    .argument('<file>', 'CSV (UTF-8, ";" or ",") or XLSX (first sheet) with a header row: agentId (or tabN), date, start, end, break_minutes, break_start, type, location')
    .option('--partial', 'store the valid rows even when others are invalid')
    .option('--dry-run', 'check only; store nothing')
    .option('--by <name>', 'who imports (audit)')
    .action(async (file: string, o: { partial?: boolean; dryRun?: boolean; by?: string }, cmd: Command) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw usageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      }
      await withGateway(cmd, async (gw) => {
        progress(cmd, `checking ${basename(file)}…`);
        const r = await gw.schedules.importSchedule({ kind: 'file', name: basename(file), bytes }, { partial: Boolean(o.partial), dryRun: Boolean(o.dryRun), maxIssues: 1_000_000, actor: o.by ?? gw.actor });
        progressDone(cmd);
        emit(cmd, r, reportText);
        if (r.errors > 0 && !r.stored && !r.dryRun) {
          throw new GatewayError('invalid_schedule', `${basename(file)}: ${r.errors} invalid row${r.errors === 1 ? '' : 's'}, nothing stored (the rows are listed above; --partial stores the valid ones)`);
        }
        if (r.errors > 0 && r.dryRun) throw new GatewayError('invalid_schedule', `${basename(file)}: ${r.errors} invalid row${r.errors === 1 ? '' : 's'}`);
      });
    });

  schedules
    .command('list')
    .description('stored shifts of a period: local times of the site, day and night hours')
    .requiredOption('--from <date>', 'first local date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last local date')
    .option('--employee <id>', 'external id or tab number; repeatable', collect)
    .option('--department <id>', 'department external id')
    .option('--area <site>', 'site, e.g. Yekaterinburg')
    .action(async (o: { from: string; to: string; employee?: string[]; department?: string; area?: string }, cmd: Command) => {
      const p = period(o);
      await withGateway(cmd, async (gw) => {
        const rows = gw.schedules.shiftsOf(p.from, p.to, { employeeIds: employeesOf(gw, o.employee), departmentId: o.department, area: o.area });
        const json = rows.map(({ employee: e, shift: s }) => ({ ...s, tabN: e.tabN, fullName: e.fullName, zone: e.zone }));
        emit(cmd, json, (x) =>
          x.length === 0
            ? `no shifts stored for ${p.from}..${p.to}: import a schedule with "gatewayctl schedules import FILE"`
            : `${table(
                ['tabN', 'name', 'date', 'start', 'end', 'break', 'day h', 'night h', 'type', 'location', 'zone'],
                x.map((s) => [s.tabN, s.fullName, s.date, s.startLocal, `${s.endLocal}${s.endsNextDay ? ' +1' : ''}`, s.breakMinutes ? `${s.breakMinutes} min @${s.breakStartLocal}` : '', hours(s.dayMs), hours(s.nightMs), s.type ?? '', s.location ?? '', s.zone]),
              )}\n${x.length} shift${x.length === 1 ? '' : 's'}`,
        );
      });
    });

  schedules
    .command('validate')
    .description('check stored shifts against the directory now (hire, termination, overlaps, length, breaks) and the 1C norm; exit 1 on errors')
    .requiredOption('--from <date>', 'first local date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last local date')
    .option('--employee <id>', 'external id or tab number; repeatable', collect)
    .option('--department <id>', 'department external id')
    .action(async (o: { from: string; to: string; employee?: string[]; department?: string }, cmd: Command) => {
      const p = period(o);
      await withGateway(cmd, async (gw) => {
        const r = gw.schedules.validate({ ...p, employeeIds: employeesOf(gw, o.employee), departmentId: o.department, maxIssues: 1_000_000 });
        emit(cmd, r, (x) => [...x.issues.map((i) => `${i.date ?? ''} ${i.tabN ?? ''} ${i.employeeName ?? i.employeeId}: ${i.severity} ${i.code}: ${i.message}`), x.message].join('\n'));
        if (r.errors > 0) throw new GatewayError('schedule_errors', `${r.errors} stored shift${r.errors === 1 ? '' : 's'} fail validation: fix them and import again`);
      });
    });

  schedules
    .command('upload')
    .description('send the schedules of a period to 1C, one request per employee, and wait for each outcome (exit 1 if any failed)')
    .requiredOption('--from <date>', 'first date of the upload period, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last date')
    .option('--department <id>', 'department external id')
    .option('--area <site>', 'site, e.g. Yekaterinburg')
    .option('--employee <id>', 'external id or tab number; repeatable', collect)
    .option('--by <name>', 'who uploads (audit)')
    .option('--preview', 'say what would be sent and skipped; send nothing')
    .action(async (o: { from: string; to: string; department?: string; area?: string; employee?: string[]; by?: string; preview?: boolean }, cmd: Command) => {
      const p = period(o);
      await withGateway(cmd, async (gw) => {
        const input = { ...p, departmentId: o.department, area: o.area, employeeIds: employeesOf(gw, o.employee) };
        if (o.preview) {
          emit(cmd, gw.schedules.preview(input), (x) => [x.message, ...x.skipped.map((s) => `  skipped: ${s.months} employee-month(s) of ${s.employees} employee(s): ${s.note}`)].join('\n'));
          return;
        }
        const { job, plan, operationIds } = gw.schedules.upload(input, o.by ?? gw.actor);
        const notes = plan.preview.skipped.map((s) => `skipped: ${s.months} employee-month(s) of ${s.employees} employee(s): ${s.note}`);
        await waitForJob(cmd, gw, operationIds, `uploading to 1C (job ${job.id})`);
        const outcomes = gw.schedules.jobOutcomes(job.id);
        const final = gw.schedules.job(job.id);
        const result = {
          job: final,
          employees: outcomes.map((x) => ({ employeeId: x.employee.externalId, tabN: x.employee.tabN, fullName: x.employee.fullName, months: x.months })),
        };
        emit(cmd, result, (r) =>
          [
            ...notes,
            r.employees.length
              ? table(
                  ['tabN', 'name', 'month', 'state', "1C's message"],
                  r.employees.flatMap((e) => e.months.map((m) => [e.tabN, e.fullName, m.month, m.state, m.message ?? ''])),
                )
              : plan.preview.message,
            r.job.message,
          ].join('\n'),
        );
        const bad = outcomes.flatMap((x) => x.months).filter((m) => m.state === 'rejected' || m.state === 'failed' || m.state === 'retrying' || m.state === 'cancelled');
        if (bad.length > 0) {
          throw new GatewayError(
            'upload_failed',
            `${bad.length} employee-month${bad.length === 1 ? '' : 's'} not accepted by 1C (${[...new Set(bad.map((m) => m.state))].join(', ')}): see the messages above; those retrying stay in the queue`,
          );
        }
      });
    });

  schedules
    .command('export')
    .description('stored shifts of a period as a file in the import format (CSV: UTF-8 with BOM, ";")')
    .requiredOption('--from <date>', 'first local date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last local date')
    .requiredOption('--out <file>', 'where to write (.csv or .xlsx)')
    .option('--format <format>', 'csv or xlsx (default: by the extension of --out)')
    .option('--department <id>', 'department external id')
    .option('--employee <id>', 'external id or tab number; repeatable', collect)
    .action(async (o: { from: string; to: string; out: string; format?: string; department?: string; employee?: string[] }, cmd: Command) => {
      const p = period(o);
      await withGateway(cmd, async (gw) => {
        const f = await gw.schedules.exportShifts({ ...p, departmentId: o.department, employeeIds: employeesOf(gw, o.employee), format: formatOf(o.format, o.out) });
        writeExport(f, o.out);
        emit(cmd, { file: o.out, rows: f.rows }, (x) => `${x.rows} shift${x.rows === 1 ? '' : 's'} written to ${x.file}`);
      });
    });
}
