/**
 * Reading the stored shifts (migration 008). Writing them is the import's
 * business (one transaction per import); everything else (the upload, the
 * timesheet comparison, the console grid, the CLI) reads through here.
 */
import { hash } from 'node:crypto';
import { RowBuffer } from '../db/bulk.ts';
import type { Db } from '../db/open.ts';

export interface StoredShift {
  id: number;
  employeeExternalId: string;
  /** The local date (site time) the shift starts on, YYYY-MM-DD: the date it belongs to. */
  localDate: string;
  /** UTC instants, epoch ms. */
  startAt: number;
  endAt: number;
  breakMinutes: number;
  breakStartAt: number | null;
  type: string | null;
  location: string | null;
  importId: number | null;
  contentHash: string;
}

/** What the day/night split, validation and upload planning need of a shift. */
export type ShiftTimes = Pick<StoredShift, 'id' | 'employeeExternalId' | 'localDate' | 'startAt' | 'endAt' | 'breakMinutes' | 'breakStartAt'>;

/**
 * One employee's shift times on local dates from..to, by start, through the
 * (employee, date) index: for work that goes employee by employee (upload
 * planning), so a month of 10 000 employees is never held at once.
 */
export function shiftTimesReader(db: Db): (employee: string, from: string, to: string) => ShiftTimes[] {
  const st = db.prepare('SELECT id, local_date, start_at, end_at, break_minutes, break_start_at FROM shifts WHERE employee_external_id = ? AND local_date BETWEEN ? AND ?').raw();
  return (employee, from, to) => {
    const rows = st.all(employee, from, to) as [number, string, number, number, number, number | null][];
    const out: ShiftTimes[] = rows.map((r) => ({ id: r[0], employeeExternalId: employee, localDate: r[1], startAt: r[2], endAt: r[3], breakMinutes: r[4], breakStartAt: r[5] }));
    return out.sort((a, b) => a.startAt - b.startAt);
  };
}

export interface ShiftQuery {
  /** Local dates, inclusive. */
  from: string;
  to: string;
  employees?: readonly string[];
}

type Row = [number, string, string, number, number, number, number | null, string | null, string | null, number | null, string];

const COLUMNS = 'id, employee_external_id, local_date, start_at, end_at, break_minutes, break_start_at, type, location, import_id, content_hash';

function fromRow(r: Row): StoredShift {
  return { id: r[0], employeeExternalId: r[1], localDate: r[2], startAt: r[3], endAt: r[4], breakMinutes: r[5], breakStartAt: r[6], type: r[7], location: r[8], importId: r[9], contentHash: r[10] };
}

const byStart = (a: StoredShift, b: StoredShift) => a.startAt - b.startAt;

/**
 * Shifts starting on local dates from..to, by employee then start. Ordered
 * here, not in SQL: ordering a month of 10 000 employees in SQL takes a
 * temporary B-tree over every row; here it is a sort of the employee ids and
 * of each employee's few shifts (already nearly in order).
 */
export function readShifts(db: Db, q: ShiftQuery): StoredShift[] {
  if (q.employees && q.employees.length === 0) return [];
  const groups = new Map<string, StoredShift[]>();
  const take = (rows: Row[]) => {
    for (const r of rows) {
      let l = groups.get(r[1]);
      if (!l) groups.set(r[1], (l = []));
      l.push(fromRow(r));
    }
  };
  if (q.employees) {
    // Bounded statements: SQLite limits the number of parameters of one statement.
    const stmt = (n: number) => db.prepare(`SELECT ${COLUMNS} FROM shifts WHERE local_date BETWEEN ? AND ? AND employee_external_id IN (${Array(n).fill('?').join(',')})`).raw();
    for (let i = 0; i < q.employees.length; i += 500) {
      const part = q.employees.slice(i, i + 500);
      take(stmt(part.length).all(q.from, q.to, ...part) as Row[]);
    }
  } else {
    take(db.prepare(`SELECT ${COLUMNS} FROM shifts WHERE local_date BETWEEN ? AND ?`).raw().all(q.from, q.to) as Row[]);
  }
  const out: StoredShift[] = [];
  for (const id of [...groups.keys()].sort()) {
    const l = groups.get(id)!;
    l.sort(byStart);
    for (const x of l) out.push(x);
  }
  return out;
}

// ---- writing (one import, one transaction: import.ts)

export interface NewShift {
  employeeExternalId: string;
  localDate: string;
  startAt: number;
  endAt: number;
  breakMinutes: number;
  breakStartAt: number | null;
  type: string | null;
  location: string | null;
  contentHash: string;
}

export interface NewImport {
  source: string;
  format: 'csv' | 'xlsx' | 'json' | 'generated';
  importedAt: number;
  importedBy: string;
  rowsRead: number;
  rowsStored: number;
  rowsRejected: number;
  contentHash: string;
}

export function insertImport(db: Db, i: NewImport): number {
  const r = db
    .prepare('INSERT INTO schedule_imports (source, format, imported_at, imported_by, rows_read, rows_stored, rows_rejected, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(i.source, i.format, i.importedAt, i.importedBy, i.rowsRead, i.rowsStored, i.rowsRejected, i.contentHash);
  return Number(r.lastInsertRowid);
}

/** Deletes employees' shifts on local dates from..to, one statement prepared for them all; returns how many. */
export function deleteShifts(db: Db, employees: ReadonlySet<string>, from: string, to: string): number {
  const st = db.prepare('DELETE FROM shifts WHERE employee_external_id = ? AND local_date BETWEEN ? AND ?');
  let n = 0;
  for (const e of employees) n += st.run(e, from, to).changes;
  return n;
}

/**
 * Writes shifts many rows per statement (inside the import's transaction),
 * each with its content hash; flush() writes what is buffered.
 */
export function shiftWriter(db: Db, importId: number | null): { add(s: Omit<NewShift, 'contentHash'>): void; flush(): void } {
  const buf = new RowBuffer(db, 'INSERT INTO shifts (employee_external_id, local_date, start_at, end_at, break_minutes, break_start_at, type, location, import_id, content_hash)', 10);
  return {
    add: (s) => buf.add(s.employeeExternalId, s.localDate, s.startAt, s.endAt, s.breakMinutes, s.breakStartAt, s.type, s.location, importId, shiftContentHash(s)),
    flush: () => buf.flush(),
  };
}

/** The content of a shift as one string, hashed for its content_hash. */
export function shiftContentHash(s: Omit<NewShift, 'contentHash'>): string {
  return hash('sha1', `${s.employeeExternalId}|${s.localDate}|${s.startAt}|${s.endAt}|${s.breakMinutes}|${s.breakStartAt ?? ''}|${s.type ?? ''}|${s.location ?? ''}`, 'base64url');
}
