/**
 * Timesheets and hours norms from 1C: fetching them as jobs of queue
 * operations (batches of onec.timesheetBatch agents, a timesheet per month),
 * the T-13-like grid beside the uploaded schedule, the days as rows, norms
 * with each employee's weekly-norm history, and exports.
 */
import { createHash } from 'node:crypto';
import type {
  AbsenceView,
  ContradictionKind,
  ExchangeJob,
  ExportFile,
  NormMode,
  NormPeriod,
  ParsedInput,
  TimesheetCode,
  TimesheetDayView,
  TimesheetGridRow,
} from '../contract/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { ConfigStore } from '../config/store.ts';
import { containsPattern, ensureFoldFunction } from '../db/fold.ts';
import type { Db } from '../db/open.ts';
import { isKnownTimetype, TIMETYPES } from '../onec/timetype-schema.ts';
import { addJobOperations, createJob, getJob, listJobs } from '../queue/jobs.ts';
import { inWriteTransaction } from '../queue/prepared.ts';
import { enqueueMany, type EnqueueInput } from '../queue/transitions.ts';
import { gridEmployee, gridFacets, scopedEmployees, type EmployeeScope, type ScheduleEmployee } from '../schedule/employees.ts';
import { exportFile, type ExportCell } from '../schedule/export-file.ts';
import { lastDayOf, monthPart, monthsBetween } from '../schedule/months.ts';
import { monthNorms, normCompare } from '../schedule/norm-compare.ts';
import { readShifts } from '../schedule/shift-store.ts';
import { readUploadRows, sentDaysOf } from '../schedule/upload-state.ts';
import { wireShift } from '../schedule/upload-plan.ts';
import { datesBetween } from '../schedule/zone-calendar.ts';
import type { Clock } from '../time/clock.ts';
import { arNorms, readNormHistory } from './norm-history.ts';

const HOUR = 3_600_000;
/** Codes of work: their hours are worked hours. */
export const WORK_CODES = new Set(['Я', 'Н', 'РВ', 'РВН', 'С', 'СН']);
/** Work the schedule plans (overtime С and work on a day off РВ come on top of it). */
const PLANNED_WORK = new Set(['Я', 'Н']);
/** Worked hours may differ from the shift's paid hours by this much before the day is flagged. */
const TOLERANCE_H = 0.25;

export interface TimesheetSettings {
  defaultZone: string;
  batch: number;
}

export function timesheetSettingsFrom(config: ConfigStore): () => TimesheetSettings {
  return () => {
    const c = config.all();
    return { defaultZone: c['sync.defaultZone'], batch: c['onec.timesheetBatch'] };
  };
}

type Scope = { departmentId?: string | undefined; area?: string | undefined; employeeIds?: readonly string[] | undefined; search?: string | undefined };

function scopeOf(i: Scope): EmployeeScope {
  return { departmentId: i.departmentId, area: i.area, employeeIds: i.employeeIds, search: i.search?.trim() || undefined };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Periods of a year in a mode, as 1C computes them before clipping. */
export function normPeriods(year: number, mode: NormMode): NormPeriod[] {
  const y = String(year);
  if (mode === 'year') return [{ start: `${y}-01-01`, end: `${y}-12-31`, label: y }];
  if (mode === 'quarter') {
    return [1, 2, 3, 4].map((q) => {
      const m0 = (q - 1) * 3 + 1;
      return { start: `${y}-${String(m0).padStart(2, '0')}-01`, end: lastDayOf(`${y}-${String(m0 + 2).padStart(2, '0')}`), label: `${y} Q${q}` };
    });
  }
  return monthsBetween(`${y}-01`, `${y}-12`).map((m) => ({ start: `${m}-01`, end: lastDayOf(m), label: m }));
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
function weekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

interface DayRow {
  date: string;
  code: string;
  hours: number;
}

interface MonthRow {
  employee_external_id: string;
  half1_days: number | null;
  half1_hours: number | null;
  half2_days: number | null;
  half2_hours: number | null;
  absences: string;
  fetched_at: number;
}

export class TimesheetService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly settings: () => TimesheetSettings;

  constructor(deps: { db: Db; clock: Clock; settings: () => TimesheetSettings }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.settings = deps.settings;
  }

  private startJob(kind: 'timesheet_fetch' | 'norm_fetch', from: string, to: string, input: Scope, actor: string, ops: EnqueueInput[], audit: Record<string, unknown>): { job: ExchangeJob; operationIds: string[] } {
    const ids: string[] = [];
    const jobId = inWriteTransaction(this.db, () => {
      const id = createJob(this.db, { kind, createdBy: actor, from, to, scope: { departmentId: input.departmentId ?? null, area: input.area ?? null, employees: input.employeeIds?.length ?? null }, preview: null }, this.clock);
      for (const r of enqueueMany(this.db, ops, this.clock)) ids.push(r.operation.id);
      addJobOperations(this.db, id, ids);
      appendAudit(this.db, { actor, action: kind === 'timesheet_fetch' ? 'timesheets.fetch' : 'norms.fetch', entityType: 'exchange_job', entityId: String(id), after: { from, to, ...audit, operations: ids.length } }, this.clock);
      return id;
    });
    return { job: getJob(this.db, jobId, this.clock), operationIds: ids };
  }

  /**
   * Enqueues getTimetypeInfo for a period: per month (1C's half-month totals
   * are per month) and per batch of at most onec.timesheetBatch agents
   * employed in that month.
   */
  fetch(input: ParsedInput<'timesheets.fetch'>, actor: string): { job: ExchangeJob; operationIds: string[] } {
    const s = this.settings();
    const ops: EnqueueInput[] = [];
    let employees = 0;
    for (const month of monthsBetween(input.from.slice(0, 7), input.to.slice(0, 7))) {
      const part = monthPart(month, input.from, input.to)!;
      const { employees: list } = scopedEmployees(this.db, { ...scopeOf(input), employedFrom: part.from, employedTo: part.to }, s.defaultZone);
      employees = Math.max(employees, list.length);
      for (const batch of chunks(list.map((e) => e.externalId).sort(), s.batch)) {
        const h = createHash('sha256').update(batch.join('\n')).digest('hex').slice(0, 24);
        ops.push({
          type: 'timesheet_request',
          data: { date_start: `${part.from}T00:00:00`, date_end: `${part.to}T00:00:00`, AR_agents: batch.map((agentId) => ({ agentId })) },
          priority: 3,
          idempotencyKey: `timesheet_request:${part.from}:${part.to}:${h}`,
          createdBy: actor,
        });
      }
    }
    return this.startJob('timesheet_fetch', input.from, input.to, input, actor, ops, { employees, batchSize: s.batch });
  }

  /** Enqueues getNormHours for a year: AR_norms from each employee's weekly-norm history. */
  fetchNorms(input: ParsedInput<'norms.fetch'>, actor: string): { job: ExchangeJob; operationIds: string[] } {
    const s = this.settings();
    const start = `${input.year}-01-01`;
    const end = `${input.year}-12-31`;
    const { employees } = scopedEmployees(this.db, { ...scopeOf(input), employedFrom: start, employedTo: end }, s.defaultZone);
    const ids = employees.map((e) => e.externalId).sort();
    const history = readNormHistory(this.db, ids);
    const ops: EnqueueInput[] = [];
    for (const batch of chunks(ids, s.batch)) {
      const agents = batch.map((agentId) => ({ agentId, AR_norms: arNorms(history.get(agentId) ?? [], start, end) })).filter((a) => a.AR_norms.length > 0);
      if (agents.length === 0) continue;
      const h = createHash('sha256').update(JSON.stringify(agents)).digest('hex').slice(0, 24);
      ops.push({ type: 'norm_hours_request', data: { startDate: start, endDate: end, calculationMode: input.mode, AR_agents: agents }, priority: 3, idempotencyKey: `norm_hours_request:${input.year}:${input.mode}:${h}`, createdBy: actor });
    }
    return this.startJob('norm_fetch', start, end, input, actor, ops, { year: input.year, mode: input.mode, employees: ids.length, batchSize: s.batch });
  }

  job(id: number): ExchangeJob {
    return getJob(this.db, id, this.clock, ['timesheet_fetch', 'norm_fetch']);
  }

  jobs(kind: 'timesheet_fetch' | 'norm_fetch' | undefined, limit: number): ExchangeJob[] {
    return listJobs(this.db, kind ? [kind] : ['timesheet_fetch', 'norm_fetch'], limit, this.clock);
  }

  private daysOf(ids: readonly string[], from: string, to: string): Map<string, DayRow[]> {
    const m = new Map<string, DayRow[]>();
    if (ids.length === 0) return m;
    for (const [e, date, code, hours] of this.db
      .prepare('SELECT employee_external_id, date, code, hours FROM timesheet_days WHERE date BETWEEN ? AND ? AND employee_external_id IN (SELECT value FROM json_each(?)) ORDER BY employee_external_id, date, seq')
      .raw()
      .iterate(from, to, JSON.stringify(ids)) as IterableIterator<[string, string, string, number]>) {
      let l = m.get(e);
      if (!l) m.set(e, (l = []));
      l.push({ date, code, hours });
    }
    return m;
  }

  private monthsOf(ids: readonly string[], month: string): Map<string, MonthRow> {
    const m = new Map<string, MonthRow>();
    if (ids.length === 0) return m;
    for (const r of this.db.prepare('SELECT * FROM timesheet_months WHERE month = ? AND employee_external_id IN (SELECT value FROM json_each(?))').all(month, JSON.stringify(ids)) as MonthRow[]) {
      m.set(r.employee_external_id, r);
    }
    return m;
  }

  /** Grid rows of employees for a month. */
  private gridRows(employees: readonly ScheduleEmployee[], month: string): TimesheetGridRow[] {
    const from = `${month}-01`;
    const to = lastDayOf(month);
    const dates = datesBetween(from, to);
    const ids = employees.map((e) => e.externalId);
    const days = this.daysOf(ids, from, to);
    const months = this.monthsOf(ids, month);
    const norms = monthNorms(this.db, month, ids);
    const uploads = readUploadRows(this.db, ids, month, month);
    const stored = new Map<string, Map<string, { paid: number; day: number; night: number }>>();
    const byId = new Map(employees.map((e) => [e.externalId, e]));
    for (const s of readShifts(this.db, { from, to, employees: ids })) {
      const emp = byId.get(s.employeeExternalId);
      if (!emp) continue;
      const w = wireShift(emp, s);
      let m = stored.get(s.employeeExternalId);
      if (!m) stored.set(s.employeeExternalId, (m = new Map()));
      const x = m.get(s.localDate) ?? { paid: 0, day: 0, night: 0 };
      m.set(s.localDate, { paid: x.paid + w.dayMs + w.nightMs, day: x.day + w.dayMs, night: x.night + w.nightMs });
    }
    return employees.map((emp) => {
      const mrow = months.get(emp.externalId);
      const fetched = mrow !== undefined;
      const sent = sentDaysOf(uploads.get(`${emp.externalId}|${month}`));
      let basis: TimesheetGridRow['scheduleBasis'] = 'none';
      let plan = new Map<string, { paid: number; day: number; night: number }>();
      if (sent) {
        basis = 'uploaded';
        for (const d of sent) {
          const x = plan.get(d.date) ?? { paid: 0, day: 0, night: 0 };
          plan.set(d.date, { paid: x.paid + d.dayMs + d.nightMs, day: x.day + d.dayMs, night: x.night + d.nightMs });
        }
      } else if (stored.has(emp.externalId)) {
        basis = 'stored';
        plan = stored.get(emp.externalId)!;
      }
      const byDate = new Map<string, DayRow[]>();
      for (const d of days.get(emp.externalId) ?? []) {
        let l = byDate.get(d.date);
        if (!l) byDate.set(d.date, (l = []));
        l.push(d);
      }
      let worked = 0;
      let contradictions = 0;
      const dayViews: TimesheetDayView[] = dates.map((date) => {
        const entries = (byDate.get(date) ?? []).map((d) => ({ code: d.code, hours: d.hours, known: isKnownTimetype(d.code) }));
        const workedHours = round2(entries.filter((e) => WORK_CODES.has(e.code)).reduce((n, e) => n + e.hours, 0));
        worked += workedHours;
        const p = plan.get(date);
        const scheduled = p ? { paidHours: round2(p.paid / HOUR), dayHours: round2(p.day / HOUR), nightHours: round2(p.night / HOUR) } : null;
        let contradiction: TimesheetDayView['contradiction'] = null;
        const employed = date >= emp.hireDate && (emp.terminationDate === null || date <= emp.terminationDate);
        if (basis === 'uploaded' && fetched && employed) {
          const planned = round2(entries.filter((e) => PLANNED_WORK.has(e.code)).reduce((n, e) => n + e.hours, 0));
          // Known absences (НН, Б, ОТ…); a day off (В) or a code nobody knows is no explanation.
          const absences = entries.filter((e) => e.known && !WORK_CODES.has(e.code) && e.code !== 'В');
          const offDay = entries.some((e) => e.code === 'РВ' || e.code === 'РВН');
          let kind: ContradictionKind | null = null;
          let message = '';
          if (scheduled && planned === 0 && absences.length > 0) {
            kind = 'absent_on_shift';
            message = `a ${scheduled.paidHours} h shift was uploaded, the timesheet has ${absences.map((e) => (TIMETYPES[e.code] ? `${e.code} (${TIMETYPES[e.code]})` : e.code)).join(', ')}`;
          } else if (scheduled && planned === 0) {
            kind = 'shift_not_worked';
            message = `a ${scheduled.paidHours} h shift was uploaded, the timesheet has ${entries.length ? entries.map((e) => e.code).join(', ') : 'nothing'}`;
          } else if (!scheduled && planned > 0 && !offDay) {
            kind = 'worked_without_shift';
            message = `${planned} h of ${entries.filter((e) => PLANNED_WORK.has(e.code)).map((e) => e.code).join(', ')} on a day without an uploaded shift`;
          } else if (scheduled && planned > 0 && Math.abs(planned - scheduled.paidHours) > TOLERANCE_H) {
            kind = 'hours_differ';
            message = `${planned} h worked (Я, Н), the uploaded shift has ${scheduled.paidHours} h`;
          }
          if (kind) {
            contradictions++;
            contradiction = { kind, message };
          }
        }
        return { date, entries, workedHours, scheduled, contradiction };
      });
      const half = (d: number | null, h: number | null) => (d === null && h === null ? null : { days: d ?? 0, hours: h ?? 0 });
      const h1 = mrow ? half(mrow.half1_days, mrow.half1_hours) : null;
      const h2 = mrow ? half(mrow.half2_days, mrow.half2_hours) : null;
      let scheduledMs = 0;
      for (const p of plan.values()) scheduledMs += p.paid;
      const storedMs = [...(stored.get(emp.externalId)?.values() ?? [])].reduce((n, p) => n + p.paid, 0);
      return {
        employee: gridEmployee(emp),
        fetchedAt: mrow ? new Date(mrow.fetched_at).toISOString() : null,
        days: dayViews,
        half1: h1,
        half2: h2,
        month: h1 || h2 ? { days: (h1?.days ?? 0) + (h2?.days ?? 0), hours: round2((h1?.hours ?? 0) + (h2?.hours ?? 0)) } : null,
        absences: mrow ? (JSON.parse(mrow.absences) as AbsenceView[]) : [],
        norm: normCompare(norms.get(emp.externalId), emp.rate, storedMs),
        scheduledHours: basis === 'none' ? null : round2(scheduledMs / HOUR),
        workedHours: round2(worked),
        scheduleBasis: basis,
        contradictions,
      };
    });
  }

  grid(input: ParsedInput<'timesheets.grid'>) {
    const s = this.settings();
    const from = `${input.month}-01`;
    const to = lastDayOf(input.month);
    const scope: EmployeeScope = {
      ...scopeOf(input),
      employedFrom: from,
      employedTo: to,
      ...(input.onlyFetched || input.onlyContradictions ? { extra: { sql: 'EXISTS (SELECT 1 FROM timesheet_months t WHERE t.employee_external_id = e.external_id AND t.month = ?)', params: [input.month] } } : {}),
    };
    let total: number;
    let rows: TimesheetGridRow[];
    if (input.onlyContradictions) {
      // Contradictions are computed, not stored: the whole scope is read, in pages of employees.
      const { employees } = scopedEmployees(this.db, scope, s.defaultZone);
      const all: TimesheetGridRow[] = [];
      for (const part of chunks(employees, 500)) for (const r of this.gridRows(part, input.month)) if (r.contradictions > 0) all.push(r);
      total = all.length;
      rows = all.slice(input.offset, input.offset + input.limit);
    } else {
      const page = scopedEmployees(this.db, scope, s.defaultZone, { offset: input.offset, limit: input.limit });
      total = page.total;
      rows = this.gridRows(page.employees, input.month);
    }
    const codes = new Map<string, TimesheetCode>();
    for (const r of rows) {
      for (const d of r.days) for (const e of d.entries) if (!codes.has(e.code)) codes.set(e.code, { code: e.code, known: e.known, meaning: TIMETYPES[e.code] ?? null });
      for (const a of r.absences) if (!codes.has(a.code)) codes.set(a.code, { code: a.code, known: a.known, meaning: TIMETYPES[a.code] ?? null });
    }
    return {
      month: input.month,
      days: datesBetween(from, to).map((date) => ({ date, weekday: weekday(date) })),
      total,
      rows,
      codes: [...codes.values()].sort((a, b) => a.code.localeCompare(b.code, 'ru')),
      facets: gridFacets(this.db),
    };
  }

  /** The stored days as rows (employee, date, code, hours), by name then date. */
  days(input: ParsedInput<'timesheets.days'>) {
    const w: string[] = ['t.date BETWEEN ? AND ?'];
    const p: unknown[] = [input.from, input.to];
    if (input.departmentId) {
      w.push('e.department_external_id = ?');
      p.push(input.departmentId);
    }
    if (input.area) {
      w.push('e.area = ?');
      p.push(input.area);
    }
    if (input.employeeIds) {
      w.push('t.employee_external_id IN (SELECT value FROM json_each(?))');
      p.push(JSON.stringify(input.employeeIds));
    }
    if (input.search?.trim()) {
      // Cyrillic case folds through gw_fold (SQLite's lower() folds ASCII only).
      ensureFoldFunction(this.db);
      const q = containsPattern(input.search.trim().replace(/\s+/g, ' '));
      w.push("(gw_fold(e.last_name || ' ' || e.first_name || ' ' || e.second_name) LIKE ? ESCAPE '\\' OR gw_fold(e.tab_n) LIKE ? ESCAPE '\\' OR gw_fold(e.external_id) LIKE ? ESCAPE '\\')");
      p.push(q, q, q);
    }
    const from = `FROM timesheet_days t JOIN employees e ON e.external_id = t.employee_external_id WHERE ${w.join(' AND ')}`;
    const total = this.db.prepare(`SELECT count(*) ${from}`).pluck().get(...p) as number;
    const rows = (
      this.db
        .prepare(`SELECT t.employee_external_id, e.tab_n, e.last_name, e.first_name, e.second_name, t.date, t.code, t.hours ${from} ORDER BY e.last_name, e.first_name, e.second_name, e.external_id, t.date, t.seq LIMIT ? OFFSET ?`)
        .raw()
        .all(...p, input.limit, input.offset) as [string, string, string, string, string, string, string, number][]
    ).map(([employeeId, tabN, l, f, s2, date, code, hours]) => ({ employeeId, tabN, fullName: [l, f, s2].filter((x) => x !== '').join(' '), date, code, hours, known: isKnownTimetype(code) }));
    return { total, rows };
  }

  async exportTimesheets(input: ParsedInput<'timesheets.export'>): Promise<ExportFile> {
    const s = this.settings();
    const base = `timesheet-${input.from}-${input.to}`;
    if (input.layout === 'days') {
      const { rows } = this.days({ from: input.from, to: input.to, departmentId: input.departmentId, area: input.area, employeeIds: input.employeeIds, offset: 0, limit: Number.MAX_SAFE_INTEGER });
      return exportFile(
        {
          baseName: base,
          sheetName: 'Табель',
          headers: ['Табельный номер', 'ФИО', 'agentId', 'Дата', 'Код', 'Часы', 'Код известен'],
          rows: rows.map((r) => [r.tabN, r.fullName, r.employeeId, r.date, r.code, r.hours, r.known ? 'да' : 'нет']),
          widths: [14, 36, 38, 12, 8, 8, 12],
        },
        input.format,
      );
    }
    const out: ExportCell[][] = [];
    let maxDays = 0;
    for (const month of monthsBetween(input.from.slice(0, 7), input.to.slice(0, 7))) {
      const { employees } = scopedEmployees(this.db, { ...scopeOf(input), employedFrom: `${month}-01`, employedTo: lastDayOf(month) }, s.defaultZone);
      for (const part of chunks(employees, 500)) {
        for (const r of this.gridRows(part, month)) {
          maxDays = Math.max(maxDays, r.days.length);
          out.push([
            r.employee.tabN,
            r.employee.fullName,
            r.employee.departmentName,
            month,
            ...r.days.map((d) => d.entries.map((e) => (e.hours ? `${e.code} ${String(e.hours).replace('.', ',')}` : e.code)).join('; ') || null),
            ...Array(31 - r.days.length).fill(null),
            r.half1?.days ?? null,
            r.half1?.hours ?? null,
            r.half2?.days ?? null,
            r.half2?.hours ?? null,
            r.month?.days ?? null,
            r.month?.hours ?? null,
            r.absences.map((a) => `${a.code} ${a.text}`).join('; ') || null,
            r.norm.hours,
            r.scheduledHours,
            r.workedHours,
            r.contradictions,
          ]);
        }
      }
    }
    return exportFile(
      {
        baseName: `${base}-t13`,
        sheetName: 'Табель Т-13',
        headers: [
          'Табельный номер',
          'ФИО',
          'Подразделение',
          'Месяц',
          ...Array.from({ length: 31 }, (_, i) => String(i + 1)),
          'Дней (1–15)',
          'Часов (1–15)',
          'Дней (16–)',
          'Часов (16–)',
          'Дней за месяц',
          'Часов за месяц',
          'Неявки',
          'Норма, ч',
          'По графику, ч',
          'Отработано, ч',
          'Расхождений',
        ],
        rows: out,
        widths: [14, 34, 28, 9, ...Array(31).fill(7), 10, 10, 10, 10, 10, 10, 20, 9, 11, 11, 11],
      },
      input.format,
    );
  }

  norms(input: ParsedInput<'norms.list'>) {
    const s = this.settings();
    const periods = normPeriods(input.year, input.mode);
    const start = `${input.year}-01-01`;
    const end = `${input.year}-12-31`;
    const scope: EmployeeScope = {
      ...scopeOf(input),
      employedFrom: start,
      employedTo: end,
      ...(input.onlyFetched ? { extra: { sql: 'EXISTS (SELECT 1 FROM norm_hours n WHERE n.employee_external_id = e.external_id AND n.mode = ? AND n.period_start BETWEEN ? AND ?)', params: [input.mode, start, end] } } : {}),
    };
    const { total, employees } = scopedEmployees(this.db, scope, s.defaultZone, { offset: input.offset, limit: input.limit });
    const ids = employees.map((e) => e.externalId);
    const history = readNormHistory(this.db, ids);
    const stored = new Map<string, { start: string; end: string; hours: number; fetched: number }[]>();
    if (ids.length) {
      for (const [e, ps, pe, h, f] of this.db
        .prepare('SELECT employee_external_id, period_start, period_end, hours, fetched_at FROM norm_hours WHERE mode = ? AND period_start BETWEEN ? AND ? AND employee_external_id IN (SELECT value FROM json_each(?)) ORDER BY period_start')
        .raw()
        .all(input.mode, start, end, JSON.stringify(ids)) as [string, string, string, number, number][]) {
        let l = stored.get(e);
        if (!l) stored.set(e, (l = []));
        l.push({ start: ps, end: pe, hours: h, fetched: f });
      }
    }
    const rows = employees.map((emp) => {
      const list = stored.get(emp.externalId) ?? [];
      const hours = periods.map((p) => {
        const r = list.find((x) => x.start >= p.start && x.start <= p.end);
        return r ? { start: r.start, end: r.end, hours: r.hours } : null;
      });
      const fetched = list.length ? Math.max(...list.map((x) => x.fetched)) : null;
      return {
        employee: gridEmployee(emp),
        history: history.get(emp.externalId) ?? [],
        hours,
        totalHours: list.length ? round2(list.reduce((n, x) => n + x.hours, 0)) : null,
        fetchedAt: fetched === null ? null : new Date(fetched).toISOString(),
      };
    });
    return { year: input.year, mode: input.mode, periods, total, rows, facets: gridFacets(this.db) };
  }

  history(employeeId: string) {
    return { employeeId, history: readNormHistory(this.db, [employeeId]).get(employeeId) ?? [] };
  }

  async exportNorms(input: ParsedInput<'norms.export'>): Promise<ExportFile> {
    const list = this.norms({ year: input.year, mode: input.mode, departmentId: input.departmentId, area: input.area, employeeIds: input.employeeIds, onlyFetched: false, offset: 0, limit: Number.MAX_SAFE_INTEGER });
    return exportFile(
      {
        baseName: `norms-${input.year}-${input.mode}`,
        sheetName: `Нормы ${input.year}`,
        headers: ['Табельный номер', 'ФИО', 'Подразделение', 'Ставка', 'Норма в неделю (история)', ...list.periods.map((p) => p.label), 'Итого, ч'],
        rows: list.rows.map((r) => [
          r.employee.tabN,
          r.employee.fullName,
          r.employee.departmentName,
          r.employee.rate,
          r.history.map((h) => `${h.normWeek} с ${h.changeDate}`).join('; ') || null,
          ...r.hours.map((h) => h?.hours ?? null),
          r.totalHours,
        ]),
        widths: [14, 34, 28, 8, 26, ...list.periods.map(() => 10), 10],
      },
      input.format,
    );
  }
}
