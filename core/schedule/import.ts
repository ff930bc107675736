/**
 * Importing a schedule (a CSV or XLSX file, or rows as JSON): every row is
 * checked and every problem reported with its line; across rows, shifts of
 * one employee must not overlap (nor overlap a stored shift just outside the
 * period); scheduled hours of a month above the 1C norm × rate are warned.
 * Then, unless a row is invalid (and `partial` was not asked for) or it is a
 * dry run, one transaction replaces the shifts of the employees in the import
 * on the dates from its first to its last, records the import and audits it.
 */
import { createHash } from 'node:crypto';
import type { ImportIssue, ImportReport, ScheduleRow } from '../contract/index.ts';
import { appendAudit } from '../audit/index.ts';
import { withBulkWrites } from '../db/bulk.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { isBlank, type CellValue } from './cells.ts';
import { hoursText, RowChecker, type Candidate } from './check-row.ts';
import { mapHeader, SCHEDULE_FIELDS, type ColumnMap, type ScheduleField } from './columns.ts';
import { loadEmployeeIndex } from './employees.ts';
import { byLine, IssueList, plural } from './issues.ts';
import { detectFormat, FileUnreadable, readCsv, readXlsx, type FileFormat } from './read-file.ts';
import { deleteShifts, insertImport, shiftWriter } from './shift-store.ts';
import { lastDayOf } from './months.ts';
import { addDays } from './zone-calendar.ts';

export type ImportSource = { kind: 'file'; name: string; bytes: Uint8Array } | { kind: 'rows'; name: string; rows: readonly ScheduleRow[] };

export interface ImportOptions {
  partial: boolean;
  dryRun: boolean;
  maxIssues: number;
  actor: string;
  clock: Clock;
  maxShiftHours: number;
  defaultZone: string;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

class StopReading extends Error {}

interface ReadResult {
  format: FileFormat | 'json';
  rowsRead: number;
  candidates: Candidate[];
  contentHash: string;
}

async function readRows(source: ImportSource, checker: RowChecker, issues: IssueList<ImportIssue>): Promise<ReadResult> {
  const candidates: Candidate[] = [];
  let rowsRead = 0;
  const take = (get: (f: ScheduleField) => CellValue, line: number) => {
    rowsRead++;
    const c = checker.check(get, line);
    if (c) candidates.push(c);
  };
  if (source.kind === 'rows') {
    source.rows.forEach((row, i) => {
      if (SCHEDULE_FIELDS.every((f) => isBlank(row[f]))) return;
      take((f) => row[f], i + 1);
    });
    return { format: 'json', rowsRead, candidates, contentHash: createHash('sha256').update(JSON.stringify(source.rows)).digest('hex') };
  }
  const format = detectFormat(source.name, source.bytes);
  const contentHash = createHash('sha256').update(source.bytes).digest('hex');
  let columns: ColumnMap | null = null;
  let cells: readonly CellValue[] = [];
  const get = (f: ScheduleField): CellValue => (columns![f] >= 0 ? cells[columns![f]] : undefined);
  const visit = (row: readonly CellValue[], line: number) => {
    if (columns === null) {
      const h = mapHeader(row);
      if (h.problem) {
        issues.add({ line, severity: 'error', code: 'bad_header', field: null, message: h.problem, employeeId: null, date: null, relatedLine: null });
        throw new StopReading();
      }
      columns = h.columns;
      return;
    }
    // Excel leaves rows of bare separators below the data.
    if (row.every(isBlank)) return;
    cells = row;
    take(get, line);
  };
  try {
    if (format === 'csv') readCsv(source.bytes, visit);
    else await readXlsx(source.bytes, visit);
  } catch (e) {
    if (e instanceof FileUnreadable) issues.add({ line: e.problem.line, severity: 'error', code: 'bad_file', field: null, message: e.problem.message, employeeId: null, date: null, relatedLine: null });
    else if (!(e instanceof StopReading)) throw e;
  }
  if (columns === null && issues.errors === 0) issues.add({ line: null, severity: 'error', code: 'bad_file', field: null, message: 'the file has no header row', employeeId: null, date: null, relatedLine: null });
  return { format, rowsRead, candidates, contentHash };
}

function span(c: Candidate): string {
  const cal = c.emp.cal;
  return `${c.date} ${cal.wallTime(c.startAt, c.date)}–${cal.wallTime(c.endAt, c.date)}`;
}

/** Shifts of one employee that overlap, in the file: both lines are reported, each naming the other. */
function checkOverlaps(candidates: Candidate[], issues: IssueList<ImportIssue>): void {
  const sorted = [...candidates].sort((a, b) => (a.emp.externalId < b.emp.externalId ? -1 : a.emp.externalId > b.emp.externalId ? 1 : a.startAt - b.startAt));
  let last: Candidate | null = null;
  for (const c of sorted) {
    if (last && last.emp.externalId === c.emp.externalId && c.startAt < last.endAt) {
      for (const [x, y] of [
        [c, last],
        [last, c],
      ] as const) {
        x.valid = false;
        issues.add({
          line: x.line,
          severity: 'error',
          code: 'overlap',
          field: 'start',
          message: `the shift ${span(x)} overlaps the shift ${span(y)} on line ${y.line} of the same employee, ${x.emp.fullName} (${x.emp.tabN})`,
          employeeId: x.emp.externalId,
          date: x.date,
          relatedLine: y.line,
        });
      }
    }
    if (!last || last.emp.externalId !== c.emp.externalId || c.endAt > last.endAt) last = c;
  }
}

/** Stored shifts just outside the import's period (they stay) must not overlap its shifts either. */
function checkStoredNeighbours(db: Db, candidates: Candidate[], from: string, to: string, issues: IssueList<ImportIssue>): void {
  checkStoredKept(db, candidates, [addDays(from, -1), addDays(from, -1)], [addDays(to, 1), addDays(to, 1)], issues);
}

/** Stored shifts of the candidates' employees on the dates of two ranges (which the import leaves as they are) must not overlap them. */
function checkStoredKept(db: Db, candidates: Candidate[], before: [string, string], after: [string, string], issues: IssueList<ImportIssue>): void {
  const byEmp = new Map<string, Candidate[]>();
  for (const c of candidates) {
    let l = byEmp.get(c.emp.externalId);
    if (!l) byEmp.set(c.emp.externalId, (l = []));
    l.push(c);
  }
  const rows = db
    .prepare('SELECT employee_external_id, local_date, start_at, end_at FROM shifts WHERE local_date BETWEEN ? AND ? OR local_date BETWEEN ? AND ?')
    .raw()
    .all(before[0], before[1], after[0], after[1]) as [string, string, number, number][];
  for (const [emp, date, startAt, endAt] of rows) {
    for (const c of byEmp.get(emp) ?? []) {
      if (c.startAt < endAt && startAt < c.endAt) {
        c.valid = false;
        const cal = c.emp.cal;
        issues.add({
          line: c.line,
          severity: 'error',
          code: 'overlap',
          field: 'start',
          message: `the shift ${span(c)} overlaps the stored shift ${date} ${cal.wallTime(startAt, date)}–${cal.wallTime(endAt, date)} of ${c.emp.fullName} (${c.emp.tabN}), on a date this import does not cover`,
          employeeId: emp,
          date: c.date,
          relatedLine: null,
        });
      }
    }
  }
}

const paidMs = (c: { startAt: number; endAt: number; breakMinutes: number; breakStartAt: number | null }) => c.endAt - c.startAt - (c.breakStartAt === null ? 0 : c.breakMinutes * MINUTE);

/**
 * Scheduled hours per employee and month above the 1C norm × rate: a warning
 * on the first line of that employee's month (the norm must have been fetched: norms fetch).
 */
function checkNorms(db: Db, valid: Candidate[], from: string, to: string, issues: IssueList<ImportIssue>): void {
  const firstMonth = from.slice(0, 7);
  const lastMonth = to.slice(0, 7);
  const norms = db
    .prepare("SELECT employee_external_id, substr(period_start, 1, 7), hours FROM norm_hours WHERE mode = 'month' AND period_start BETWEEN ? AND ?")
    .raw()
    .all(`${firstMonth}-01`, lastDayOf(lastMonth)) as [string, string, number][];
  if (norms.length === 0) return;
  const norm = new Map<string, number>();
  for (const [e, m, h] of norms) norm.set(`${e}|${m}`, h);
  // What stays stored in those months (dates outside the import's period).
  const kept = new Map<string, number>();
  for (const [e, m, ms] of db
    .prepare(
      `SELECT employee_external_id, substr(local_date, 1, 7), sum(end_at - start_at - CASE WHEN break_start_at IS NULL THEN 0 ELSE break_minutes * 60000 END)
       FROM shifts WHERE local_date BETWEEN ? AND ? AND (local_date < ? OR local_date > ?) GROUP BY 1, 2`,
    )
    .raw()
    .all(`${firstMonth}-01`, lastDayOf(lastMonth), from, to) as [string, string, number][]) {
    kept.set(`${e}|${m}`, ms);
  }
  const months = new Map<string, { first: Candidate; ms: number }>();
  for (const c of valid) {
    const k = `${c.emp.externalId}|${c.date.slice(0, 7)}`;
    const m = months.get(k);
    if (m) {
      m.ms += paidMs(c);
      if (c.line < m.first.line) m.first = c;
    } else months.set(k, { first: c, ms: paidMs(c) });
  }
  for (const [k, m] of months) {
    const n = norm.get(k);
    if (n === undefined) continue;
    const rate = m.first.emp.rate ?? 1;
    const limit = n * rate;
    const total = m.ms + (kept.get(k) ?? 0);
    if (total / HOUR > limit + 0.005) {
      const e = m.first.emp;
      issues.add({
        line: m.first.line,
        severity: 'warning',
        code: 'over_norm',
        field: null,
        message: `${hoursText(total)} scheduled for ${e.fullName} (${e.tabN}) in ${k.slice(-7)}, above the 1C norm ${n} h × rate ${rate} = ${Math.round(limit * 100) / 100} h`,
        employeeId: e.externalId,
        date: `${k.slice(-7)}-01`,
        relatedLine: null,
      });
    }
  }
}

function dateSpan(cs: readonly Candidate[]): { from: string | null; to: string | null } {
  let from: string | null = null;
  let to: string | null = null;
  for (const c of cs) {
    if (from === null || c.date < from) from = c.date;
    if (to === null || c.date > to) to = c.date;
  }
  return { from, to };
}

export async function importSchedule(db: Db, source: ImportSource, opts: ImportOptions): Promise<ImportReport> {
  const issues = new IssueList<ImportIssue>();
  const index = loadEmployeeIndex(db, opts.defaultZone);
  const checker = new RowChecker(index, { maxShiftHours: opts.maxShiftHours }, issues);
  const read = await readRows(source, checker, issues);
  const { candidates } = read;

  checkOverlaps(candidates, issues);
  let from: string | null = null;
  let to: string | null = null;
  for (const c of candidates) {
    if (from === null || c.date < from) from = c.date;
    if (to === null || c.date > to) to = c.date;
  }
  if (from !== null && to !== null) checkStoredNeighbours(db, candidates, from, to, issues);
  let valid = candidates.filter((c) => c.valid);
  // The period an import covers: its valid rows' first and last date.
  let { from: vFrom, to: vTo } = dateSpan(valid);
  // With partial, only vFrom..vTo is replaced: stored shifts on the dates of rejected rows at either end
  // stay, and the valid shifts must not overlap them either (each pass may narrow the period again).
  for (let lo = from, hi = to; opts.partial && lo !== null && hi !== null && vFrom !== null && vTo !== null && (vFrom > lo || vTo < hi); ) {
    checkStoredKept(db, valid, [lo, addDays(vFrom, -1)], [addDays(vTo, 1), hi], issues);
    [lo, hi] = [vFrom, vTo];
    valid = valid.filter((c) => c.valid);
    ({ from: vFrom, to: vTo } = dateSpan(valid));
  }
  if (vFrom !== null && vTo !== null) checkNorms(db, valid, vFrom, vTo, issues);

  const employees = new Set(valid.map((c) => c.emp.externalId));
  const blocked = issues.errors > 0 && !opts.partial;
  const store = !opts.dryRun && !blocked && valid.length > 0;
  let importId: number | null = null;
  let replaced = 0;
  if (store) {
    const now = opts.clock.now();
    const rejected = read.rowsRead - valid.length;
    const format = read.format;
    withBulkWrites(db, () =>
      db
        .transaction(() => {
          importId = insertImport(db, { source: source.name, format, importedAt: now, importedBy: opts.actor, rowsRead: read.rowsRead, rowsStored: valid.length, rowsRejected: rejected, contentHash: read.contentHash });
          replaced = deleteShifts(db, employees, vFrom!, vTo!);
          const w = shiftWriter(db, importId);
          for (const c of valid) w.add({ employeeExternalId: c.emp.externalId, localDate: c.date, startAt: c.startAt, endAt: c.endAt, breakMinutes: c.breakMinutes, breakStartAt: c.breakStartAt, type: c.type, location: c.location });
          w.flush();
          appendAudit(
            db,
            {
              actor: opts.actor,
              action: 'schedules.import',
              entityType: 'schedule_import',
              entityId: String(importId),
              after: { source: source.name, format, from: vFrom, to: vTo, employees: employees.size, rowsRead: read.rowsRead, rowsStored: valid.length, rowsRejected: rejected, shiftsReplaced: replaced, partial: opts.partial },
              details: { contentHash: read.contentHash, errors: issues.errors, warnings: issues.warnings },
            },
            opts.clock,
          );
        })
        .immediate(),
    );
  }

  const { issues: listed, truncated } = issues.listed(opts.maxIssues, byLine);
  const rowsStored = store ? valid.length : 0;
  const what = `${plural(read.rowsRead, 'row')} read, ${plural(valid.length, 'valid row')}, ${plural(issues.errors, 'error')}, ${plural(issues.warnings, 'warning')}`;
  const message = store
    ? `imported ${plural(rowsStored, 'shift')} of ${plural(employees.size, 'employee')} for ${vFrom}..${vTo} (import ${importId}; ${plural(replaced, 'stored shift')} replaced); ${what}`
    : opts.dryRun
      ? `checked only (dry run), nothing stored: ${what}`
      : blocked
        ? `nothing stored: ${what}; fix the rows listed and import again, or import the valid rows alone with partial`
        : `nothing stored: ${what}`;
  return {
    importId,
    stored: store,
    dryRun: opts.dryRun,
    partial: opts.partial,
    source: source.name,
    format: read.format,
    rowsRead: read.rowsRead,
    rowsValid: valid.length,
    rowsStored,
    rowsRejected: read.rowsRead - valid.length,
    shiftsReplaced: replaced,
    employees: employees.size,
    period: vFrom !== null && vTo !== null ? { from: vFrom, to: vTo } : null,
    errors: issues.errors,
    warnings: issues.warnings,
    issues: listed,
    issuesTruncated: truncated,
    issueCounts: issues.counts(),
    message,
  };
}
