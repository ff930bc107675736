/** What the schedules, timesheets and norms commands share: dates, employees, waiting for a job, writing a file. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ExportFile } from '../../core/contract/index.ts';
import type { RunManyResult } from '../../core/queue/engine.ts';
import type { Gateway } from '../../core/service.ts';
import { progress, progressDone, usageError } from '../context.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function date(v: string, name: string): string {
  const d = new Date(`${v}T00:00:00Z`);
  if (!DATE.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw usageError(`${name} must be a date YYYY-MM-DD, got "${v}"`);
  return v;
}

/** --from and --to, checked: a period of at most a year. */
export function period(o: { from: string; to: string }): { from: string; to: string } {
  const from = date(o.from, '--from');
  const to = date(o.to, '--to');
  if (from > to) throw usageError(`--from ${from} is after --to ${to}`);
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) throw usageError(`the period ${from}..${to} is longer than a year`);
  return { from, to };
}

export function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** The employees named by --employee (external id or tab number), or undefined for all. */
export function employeesOf(gw: Gateway, refs: string[] | undefined): string[] | undefined {
  return refs?.length ? gw.schedules.resolveEmployees(refs) : undefined;
}

/** Runs a job's operations here (or lets the host's processor run them) and waits, with progress on a terminal. */
export async function waitForJob(cmd: Command, gw: Gateway, operationIds: string[], what: string): Promise<RunManyResult> {
  if (operationIds.length === 0) return { operations: new Map(), retrying: [], unfinished: [] };
  progress(cmd, `${what}: 0/${operationIds.length}`);
  const r = await gw.queue.runMany(operationIds, { onProgress: (done, total) => progress(cmd, `${what}: ${done}/${total}`) });
  progressDone(cmd);
  return r;
}

/** Writes an export where --out says. */
export function writeExport(file: ExportFile, out: string): void {
  writeFileSync(out, file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : Buffer.from(file.content, 'utf8'));
}

/** The format of --format, or from --out's extension. */
export function formatOf(format: string | undefined, out: string): 'csv' | 'xlsx' {
  const f = (format ?? (out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx')).toLowerCase();
  if (f !== 'csv' && f !== 'xlsx') throw usageError(`--format must be csv or xlsx, got "${format}"`);
  return f;
}

/** Hours of milliseconds, for tables: 11, 7.5. */
export function hours(ms: number): number {
  return Math.round((ms / 3_600_000) * 100) / 100;
}
