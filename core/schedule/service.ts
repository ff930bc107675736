/**
 * Work schedules as the gateway keeps them: imports, the month grid,
 * validation of what is stored, and uploads to 1C as jobs of queue operations
 * (one per employee) whose answers are kept per employee and month.
 * Console handlers (handlers.ts) and gatewayctl call this as it is.
 */
import { hash } from 'node:crypto';
import type {
  ExchangeJob,
  ExportFile,
  ImportReport,
  ParsedInput,
  ScheduleGridRow,
  ScheduleRow,
  ShiftView,
  UploadCell,
  StoredIssue,
  UploadPreview,
} from '../contract/index.ts';
import { appendAudit } from '../audit/index.ts';
import { GatewayError } from '../errors.ts';
import type { ConfigStore } from '../config/store.ts';
import type { Db } from '../db/open.ts';
import { inWriteTransaction } from '../queue/prepared.ts';
import { addJobOperations, createJob, getJob, listJobs } from '../queue/jobs.ts';
import { notifyChanged, type ChangedRow } from '../queue/signals.ts';
import { enqueueMany } from '../queue/transitions.ts';
import type { Clock } from '../time/clock.ts';
import { civilToday } from '../time/sites.ts';
import { checkStoredShifts } from './check-stored.ts';
import { gridEmployee, gridFacets, scopedEmployees, type EmployeeScope, type ScheduleEmployee } from './employees.ts';
import { exportFile } from './export-file.ts';
import { importSchedule, type ImportSource } from './import.ts';
import { IssueList, plural } from './issues.ts';
import { lastDayOf, monthsBetween } from './months.ts';
import { readShifts, type StoredShift } from './shift-store.ts';
import { FileStaging, type StageChunk } from './staging.ts';
import { planUpload, wireShift, type UploadPlan } from './upload-plan.ts';
import { readUploadRows, recordQueued, uploadCell, uploadCounts, type QueuedMonth } from './upload-state.ts';
import { datesBetween, splitDayNight } from './zone-calendar.ts';
import { monthNorms, normCompare } from './norm-compare.ts';


export interface ScheduleSettings {
  maxShiftHours: number;
  defaultZone: string;
}

export interface ScheduleServiceDeps {
  db: Db;
  clock: Clock;
  /** Read per use: a change applies to the next import or upload. */
  settings: () => ScheduleSettings;
  /** Demo mode: a month of shifts from the built-in 1C simulator (schedules.import with a demo source). */
  demoSchedules?: (month: string) => readonly ScheduleRow[];
}

/** The settings from the gateway's configuration. */
export function scheduleSettingsFrom(config: ConfigStore): () => ScheduleSettings {
  return () => {
    const c = config.all();
    return { maxShiftHours: c['schedules.maxShiftHours'], defaultZone: c['sync.defaultZone'] };
  };
}

type Scope = { departmentId?: string | undefined; area?: string | undefined; employeeIds?: readonly string[] | undefined; search?: string | undefined };

function scopeOf(i: Scope): EmployeeScope {
  return { departmentId: i.departmentId, area: i.area, employeeIds: i.employeeIds, search: i.search?.trim() || undefined };
}

/** The shift as the grid shows it. */
export function shiftView(emp: ScheduleEmployee, s: StoredShift): ShiftView {
  const cal = emp.cal;
  const dn = splitDayNight(cal, { date: s.localDate, startAt: s.startAt, endAt: s.endAt, breakMinutes: s.breakMinutes, breakStartAt: s.breakStartAt });
  const end = cal.local(s.endAt, s.localDate);
  return {
    id: s.id,
    employeeId: s.employeeExternalId,
    date: s.localDate,
    start: new Date(s.startAt).toISOString(),
    end: new Date(s.endAt).toISOString(),
    startLocal: cal.wallTime(s.startAt, s.localDate),
    endLocal: `${String(Math.floor(end.minutes / 60)).padStart(2, '0')}:${String(end.minutes % 60).padStart(2, '0')}`,
    endsNextDay: end.date > s.localDate,
    breakMinutes: s.breakMinutes,
    breakStart: s.breakStartAt === null ? null : new Date(s.breakStartAt).toISOString(),
    breakStartLocal: s.breakStartAt === null ? null : cal.wallTime(s.breakStartAt, s.localDate),
    type: s.type,
    location: s.location,
    paidMs: dn.paidMs,
    dayMs: dn.dayMs,
    nightMs: dn.nightMs,
    importId: s.importId,
  };
}

/** The hash the planner gives a month's part (upload-plan.ts), for "changed since sent". */
function partHash(emp: ScheduleEmployee, shifts: readonly StoredShift[], from: string, to: string): string {
  let text = `${from}|${to}`;
  for (const s of shifts) {
    if (s.localDate < from || s.localDate > to) continue;
    const d = wireShift(emp, s);
    text += `|${d.start},${d.dayMs},${d.nightMs}`;
  }
  return hash('sha1', text, 'base64url');
}

function groupByEmployee(shifts: readonly StoredShift[]): Map<string, StoredShift[]> {
  const m = new Map<string, StoredShift[]>();
  for (const s of shifts) {
    let l = m.get(s.employeeExternalId);
    if (!l) m.set(s.employeeExternalId, (l = []));
    l.push(s);
  }
  return m;
}

export class ScheduleService {
  readonly db: Db;
  readonly clock: Clock;
  private readonly settings: () => ScheduleSettings;
  readonly staging: FileStaging;
  private readonly demoSchedules: ((month: string) => readonly ScheduleRow[]) | undefined;

  constructor(deps: ScheduleServiceDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.settings = deps.settings;
    this.demoSchedules = deps.demoSchedules;
    this.staging = new FileStaging(deps.clock);
  }

  stageFile(c: StageChunk) {
    return this.staging.stage(c);
  }

  /** Checks and (unless invalid or a dry run) stores a schedule. */
  async importSchedule(source: ImportSource, opts: { partial: boolean; dryRun: boolean; maxIssues: number; actor: string }): Promise<ImportReport> {
    const s = this.settings();
    return importSchedule(this.db, source, { ...opts, clock: this.clock, maxShiftHours: s.maxShiftHours, defaultZone: s.defaultZone });
  }

  async importInput(input: ParsedInput<'schedules.import'>, actor: string): Promise<ImportReport> {
    const src = input.source;
    let source: ImportSource;
    if (src.kind === 'rows') source = { kind: 'rows', name: src.name, rows: src.rows };
    else if (src.kind === 'staged') source = { kind: 'file', ...this.staging.get(src.stagingId) };
    else {
      if (!this.demoSchedules) throw new GatewayError('not_demo', 'the demo schedule comes from the built-in 1C simulator, which runs only while no 1C address is configured: import a file from Argus WFM instead', 'permanent');
      source = { kind: 'rows', name: `demo schedule ${src.month} (built-in 1C simulator)`, rows: this.demoSchedules(src.month) };
    }
    return this.importSchedule(source, { partial: input.partial, dryRun: input.dryRun, maxIssues: input.maxIssues, actor });
  }

  imports(offset: number, limit: number) {
    const total = this.db.prepare('SELECT count(*) FROM schedule_imports').pluck().get() as number;
    const rows = this.db
      .prepare(
        `SELECT i.*, (SELECT count(*) FROM shifts s WHERE s.import_id = i.id) AS left_
         FROM schedule_imports i ORDER BY i.id DESC LIMIT ? OFFSET ?`,
      )
      .all(limit, offset) as { id: number; source: string; format: string; imported_at: number; imported_by: string; rows_read: number; rows_stored: number; rows_rejected: number; left_: number; content_hash: string }[];
    return {
      total,
      imports: rows.map((r) => ({
        id: r.id,
        source: r.source,
        format: r.format,
        importedAt: new Date(r.imported_at).toISOString(),
        importedBy: r.imported_by,
        rowsRead: r.rows_read,
        rowsStored: r.rows_stored,
        rowsRejected: r.rows_rejected,
        shiftsLeft: r.left_,
        contentHash: r.content_hash,
      })),
    };
  }

  /** A page of employees × a month. */
  list(input: ParsedInput<'schedules.list'>) {
    const s = this.settings();
    const from = `${input.month}-01`;
    const to = lastDayOf(input.month);
    const scope: EmployeeScope = {
      ...scopeOf(input),
      employedFrom: from,
      employedTo: to,
      ...(input.onlyWithShifts ? { extra: { sql: 'EXISTS (SELECT 1 FROM shifts s WHERE s.employee_external_id = e.external_id AND s.local_date BETWEEN ? AND ?)', params: [from, to] } } : {}),
    };
    const { total, employees } = scopedEmployees(this.db, scope, s.defaultZone, { offset: input.offset, limit: input.limit });
    const ids = employees.map((e) => e.externalId);
    const shifts = groupByEmployee(readShifts(this.db, { from, to, employees: ids }));
    const norms = monthNorms(this.db, input.month, ids);
    const uploads = readUploadRows(this.db, ids, input.month, input.month);
    const rows: ScheduleGridRow[] = employees.map((emp) => {
      const list = shifts.get(emp.externalId) ?? [];
      const views = list.map((x) => shiftView(emp, x));
      const totals = { shifts: views.length, paidMs: 0, dayMs: 0, nightMs: 0 };
      for (const v of views) {
        totals.paidMs += v.paidMs;
        totals.dayMs += v.dayMs;
        totals.nightMs += v.nightMs;
      }
      const up = uploads.get(`${emp.externalId}|${input.month}`);
      const current = civilToday(this.clock, emp.zone).slice(0, 7);
      const skip = input.month < current ? { note: `closed in 1C: months before ${current} are not sent` } : null;
      return {
        employee: gridEmployee(emp),
        shifts: views,
        totals,
        norm: normCompare(norms.get(emp.externalId), emp.rate, totals.paidMs),
        upload: uploadCell(input.month, up, up ? partHash(emp, list, up.period_from, up.period_to) : null, skip),
        errors: checkStoredShifts(emp, list, s.maxShiftHours).length,
      };
    });
    return { month: input.month, days: datesBetween(from, to), total, rows, facets: gridFacets(this.db), maxShiftHours: s.maxShiftHours };
  }

  /** Stored shifts of a period checked against the directory now; norms compared per month. */
  validate(input: ParsedInput<'schedules.validate'>) {
    const s = this.settings();
    const { employees } = scopedEmployees(this.db, scopeOf(input), s.defaultZone);
    const byEmp = groupByEmployee(readShifts(this.db, { from: input.from, to: input.to, employees: input.employeeIds }));
    const issues = new IssueList<StoredIssue>();
    let shiftCount = 0;
    let withShifts = 0;
    const months = monthsBetween(input.from.slice(0, 7), input.to.slice(0, 7));
    const normsByMonth = new Map(months.map((m) => [m, monthNorms(this.db, m, [...byEmp.keys()])]));
    for (const emp of employees) {
      const list = byEmp.get(emp.externalId);
      if (!list) continue;
      withShifts++;
      shiftCount += list.length;
      for (const i of checkStoredShifts(emp, list, s.maxShiftHours)) issues.add(i);
      for (const m of months) {
        const paid = list.filter((x) => x.localDate.startsWith(m)).reduce((n, x) => n + x.endAt - x.startAt - (x.breakStartAt === null ? 0 : x.breakMinutes * 60_000), 0);
        const c = normCompare(normsByMonth.get(m)!.get(emp.externalId), emp.rate, paid);
        if (c.over) {
          issues.add({
            severity: 'warning',
            code: 'over_norm',
            message: `${c.scheduledHours} h scheduled for ${emp.fullName} (${emp.tabN}) in ${m}, above the 1C norm ${c.hours} h × rate ${c.rate} = ${c.limitHours} h`,
            employeeId: emp.externalId,
            employeeName: emp.fullName,
            tabN: emp.tabN,
            date: `${m}-01`,
            shiftId: null,
            relatedShiftId: null,
          });
        }
      }
    }
    const { issues: listed, truncated } = issues.listed(input.maxIssues);
    return {
      from: input.from,
      to: input.to,
      employees: withShifts,
      shifts: shiftCount,
      errors: issues.errors,
      warnings: issues.warnings,
      issues: listed,
      issuesTruncated: truncated,
      issueCounts: issues.counts(),
      message: `${plural(shiftCount, 'stored shift')} of ${plural(withShifts, 'employee')} checked for ${input.from}..${input.to}: ${plural(issues.errors, 'error')}, ${plural(issues.warnings, 'warning')}`,
    };
  }

  plan(input: ParsedInput<'schedules.uploadPreview'>): UploadPlan {
    const s = this.settings();
    return planUpload(this.db, this.clock, { from: input.from, to: input.to, scope: scopeOf(input), defaultZone: s.defaultZone, maxShiftHours: s.maxShiftHours });
  }

  preview(input: ParsedInput<'schedules.uploadPreview'>): UploadPreview {
    return this.plan(input).preview;
  }

  /**
   * Starts an upload: a job with one schedule_upload operation per employee
   * to send, enqueued with the months' states in one transaction (idempotency
   * key: employee, period, content hash). Answers at once; the queue sends.
   */
  upload(input: ParsedInput<'schedules.upload'>, actor: string): { job: ExchangeJob; plan: UploadPlan; operationIds: string[] } {
    const plan = this.plan(input);
    const now = this.clock.now();
    const operationIds: string[] = [];
    const jobId = inWriteTransaction(this.db, () => {
      const id = createJob(
        this.db,
        { kind: 'schedule_upload', createdBy: actor, from: input.from, to: input.to, scope: { departmentId: input.departmentId ?? null, area: input.area ?? null, employees: input.employeeIds?.length ?? null }, preview: plan.preview },
        this.clock,
      );
      const results = enqueueMany(
        this.db,
        plan.requests.map((r) => ({ type: 'schedule_upload', data: r.body, priority: 3, idempotencyKey: r.idempotencyKey, createdBy: actor })),
        this.clock,
      );
      const queued: QueuedMonth[] = [];
      results.forEach((res, i) => {
        operationIds.push(res.operation.id);
        for (const m of plan.requests[i]!.months) queued.push({ employeeId: plan.requests[i]!.emp.externalId, month: m, operationId: res.operation.id, jobId: id });
      });
      addJobOperations(this.db, id, operationIds);
      // An earlier upload of these months still waiting in the queue would send older shifts, perhaps after these.
      const superseded = cancelSuperseded(this.db, queued, id, now);
      recordQueued(this.db, queued, now);
      const p = plan.preview;
      appendAudit(
        this.db,
        {
          actor,
          action: 'schedules.upload',
          entityType: 'exchange_job',
          entityId: String(id),
          after: { from: input.from, to: input.to, departmentId: input.departmentId ?? null, area: input.area ?? null, employees: p.employees, months: p.months, shifts: p.shifts, skipped: p.skipped.map((x) => ({ reason: x.reason, months: x.months })) },
          details: superseded.length ? { cancelledSupersededOperations: superseded } : undefined,
        },
        this.clock,
      );
      return id;
    });
    return { job: getJob(this.db, jobId, this.clock), plan, operationIds };
  }

  job(id: number): ExchangeJob {
    return getJob(this.db, id, this.clock, ['schedule_upload']);
  }

  jobs(limit: number): ExchangeJob[] {
    return listJobs(this.db, ['schedule_upload'], limit, this.clock);
  }

  /** Per employee and month: the state in 1C and its message. */
  uploadState(input: ParsedInput<'schedules.uploadState'>) {
    const s = this.settings();
    const months = monthsBetween(input.from, input.to);
    const from = `${input.from}-01`;
    const to = lastDayOf(input.to);
    const extra: string[] = [];
    const params: unknown[] = [];
    if (input.jobId !== undefined) {
      extra.push('EXISTS (SELECT 1 FROM schedule_uploads u WHERE u.employee_external_id = e.external_id AND u.job_id = ? AND u.month BETWEEN ? AND ?)');
      params.push(input.jobId, input.from, input.to);
    }
    const stored = (input.states ?? []).filter((x) => x === 'queued' || x === 'sent' || x === 'rejected' || x === 'retrying' || x === 'failed' || x === 'sending' || x === 'cancelled');
    if (input.states && stored.length > 0) {
      // 'sending' and 'cancelled' are queued rows read with their operation's status.
      const st = new Set(stored.map((x) => (x === 'sending' || x === 'cancelled' ? 'queued' : x)));
      extra.push('EXISTS (SELECT 1 FROM schedule_uploads u WHERE u.employee_external_id = e.external_id AND u.month BETWEEN ? AND ? AND u.state IN (SELECT value FROM json_each(?)))');
      params.push(input.from, input.to, JSON.stringify([...st]));
    }
    const scope: EmployeeScope = { ...scopeOf(input), employedFrom: from, employedTo: to, ...(extra.length ? { extra: { sql: extra.join(' AND '), params } } : {}) };
    const { total, employees } = scopedEmployees(this.db, scope, s.defaultZone, { offset: input.offset, limit: input.limit });
    const ids = employees.map((e) => e.externalId);
    const rowsBy = readUploadRows(this.db, ids, input.from, input.to);
    const shifts = groupByEmployee(readShifts(this.db, { from, to, employees: ids }));
    const rows = employees.map((emp) => {
      const current = civilToday(this.clock, emp.zone).slice(0, 7);
      const list = shifts.get(emp.externalId) ?? [];
      return {
        employee: gridEmployee(emp),
        months: months.map((m) => {
          const r = rowsBy.get(`${emp.externalId}|${m}`);
          let skip: { note: string } | null = null;
          if (m < current) skip = { note: `closed in 1C: months before ${current} are not sent` };
          else if (lastDayOf(m) < emp.hireDate) skip = { note: `before the hire date ${emp.hireDate}` };
          else if (emp.terminationDate !== null && `${m}-01` > emp.terminationDate) skip = { note: `after the termination date ${emp.terminationDate}` };
          return uploadCell(m, r, r ? partHash(emp, list, r.period_from, r.period_to) : null, skip);
        }),
      };
    });
    return { months, total, counts: uploadCounts(this.db, input.from, input.to, { sql: scopeCondition(input), params: scopeParams(input) }, input.jobId), rows };
  }

  /** The stored shifts of a period with their employees, by name then start (gatewayctl schedules list). */
  shiftsOf(from: string, to: string, scope: Scope): { employee: ScheduleEmployee; shift: ShiftView }[] {
    const s = this.settings();
    const { employees } = scopedEmployees(this.db, scopeOf(scope), s.defaultZone);
    const byEmp = groupByEmployee(readShifts(this.db, { from, to, employees: scope.employeeIds }));
    const out: { employee: ScheduleEmployee; shift: ShiftView }[] = [];
    for (const emp of employees) for (const x of byEmp.get(emp.externalId) ?? []) out.push({ employee: emp, shift: shiftView(emp, x) });
    return out;
  }

  /** External ids of employees named by external id or tab number; an unknown one is refused by name. */
  resolveEmployees(refs: readonly string[]): string[] {
    const byId = this.db.prepare('SELECT external_id FROM employees WHERE external_id = ?').pluck();
    const byTab = this.db.prepare('SELECT external_id FROM employees WHERE tab_n = ?').pluck();
    return refs.map((r) => {
      const ref = r.trim();
      const id = byId.get(ref) as string | undefined;
      if (id) return id;
      const tabs = byTab.all(ref) as string[];
      if (tabs.length === 1) return tabs[0]!;
      if (tabs.length > 1) throw new GatewayError('invalid_employee', `tab number ${ref} belongs to ${tabs.length} employees: name one by its external id (${tabs.join(', ')})`);
      throw new GatewayError('invalid_employee', `no employee with external id or tab number "${ref}" in the directory`);
    });
  }

  /** The employees of an upload job with the state of each month it sent. */
  jobOutcomes(jobId: number): { employee: ScheduleEmployee; months: UploadCell[] }[] {
    const s = this.settings();
    const months = this.db.prepare('SELECT employee_external_id, month FROM schedule_uploads WHERE job_id = ? ORDER BY employee_external_id, month').raw().all(jobId) as [string, string][];
    const ids = [...new Set(months.map((m) => m[0]))];
    if (ids.length === 0) return [];
    const { employees } = scopedEmployees(this.db, { employeeIds: ids }, s.defaultZone);
    const first = months.reduce((a, m) => (m[1] < a ? m[1] : a), months[0]![1]);
    const last = months.reduce((a, m) => (m[1] > a ? m[1] : a), months[0]![1]);
    const rows = readUploadRows(this.db, ids, first, last);
    const byEmp = new Map<string, string[]>();
    for (const [e, m] of months) {
      let l = byEmp.get(e);
      if (!l) byEmp.set(e, (l = []));
      l.push(m);
    }
    return employees.map((emp) => ({ employee: emp, months: (byEmp.get(emp.externalId) ?? []).map((m) => uploadCell(m, rows.get(`${emp.externalId}|${m}`), null, null)) }));
  }

  /** The stored shifts of a period in the import format. */
  async exportShifts(input: ParsedInput<'schedules.export'>): Promise<ExportFile> {
    const s = this.settings();
    const { employees } = scopedEmployees(this.db, scopeOf(input), s.defaultZone);
    const byEmp = groupByEmployee(readShifts(this.db, { from: input.from, to: input.to, employees: input.employeeIds }));
    const rows: (string | number | null)[][] = [];
    for (const emp of employees) {
      for (const x of byEmp.get(emp.externalId) ?? []) {
        const v = shiftView(emp, x);
        rows.push([emp.externalId, emp.tabN, emp.fullName, x.localDate, v.startLocal, v.endLocal, x.breakMinutes, v.breakStartLocal, x.type, x.location]);
      }
    }
    return exportFile(
      {
        baseName: `schedule-${input.from}-${input.to}`,
        sheetName: 'График',
        headers: ['agentId', 'tabN', 'name', 'date', 'start', 'end', 'break_minutes', 'break_start', 'type', 'location'],
        rows,
        widths: [38, 10, 36, 12, 7, 7, 14, 12, 12, 12],
      },
      input.format,
    );
  }
}

/**
 * Cancels the pending uploads of the same employee-months that a new upload
 * replaces (other operations than its own): one running now cannot be stopped,
 * and finishes before 1C sees the new one only if it started first.
 */
function cancelSuperseded(db: Db, queued: readonly QueuedMonth[], jobId: number, now: number): string[] {
  if (queued.length === 0) return [];
  const rows = db
    .prepare(
      `UPDATE operations SET status = 'cancelled', completed_at = @now, updated_at = @now, error_message = @message
       WHERE status = 'pending' AND operation_type = 'schedule_upload'
         AND id NOT IN (SELECT value FROM json_each(@own))
         AND id IN (SELECT u.operation_id FROM schedule_uploads u JOIN json_each(@pairs) p ON u.employee_external_id = p.value ->> 0 AND u.month = p.value ->> 1)
       RETURNING id, status, operation_type, run_at`,
    )
    .all({
      now,
      message: `superseded by upload job ${jobId} of the same months`,
      own: JSON.stringify([...new Set(queued.map((q) => q.operationId))]),
      pairs: JSON.stringify(queued.map((q) => [q.employeeId, q.month.month])),
    }) as ChangedRow[];
  notifyChanged(db, rows);
  return rows.map((r) => r.id);
}

/** The department/site/id filters as an SQL condition on `e` (for the counts). */
function scopeCondition(i: Scope): string {
  const w: string[] = [];
  if (i.departmentId) w.push('e.department_external_id = ?');
  if (i.area) w.push('e.area = ?');
  if (i.employeeIds) w.push('e.external_id IN (SELECT value FROM json_each(?))');
  return w.join(' AND ');
}
function scopeParams(i: Scope): unknown[] {
  const p: unknown[] = [];
  if (i.departmentId) p.push(i.departmentId);
  if (i.area) p.push(i.area);
  if (i.employeeIds) p.push(JSON.stringify(i.employeeIds));
  return p;
}
