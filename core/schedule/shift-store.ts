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

/** Shifts starting on local dates from..to, by employee then start. */
export function readShifts(db: Db, q: ShiftQuery): StoredShift[] {
  if (q.employees && q.employees.length === 0) return [];
  if (q.employees) {
    // Bounded statements: SQLite limits the number of parameters of one statement.
    const out: StoredShift[] = [];
    const stmt = (n: number) => db.prepare(`SELECT ${COLUMNS} FROM shifts WHERE local_date BETWEEN ? AND ? AND employee_external_id IN (${Array(n).fill('?').join(',')}) ORDER BY employee_external_id, start_at`).raw();
    for (let i = 0; i < q.employees.length; i += 500) {
      const part = q.employees.slice(i, i + 500);
      for (const r of stmt(part.length).all(q.from, q.to, ...part) as Row[]) out.push(fromRow(r));
    }
    return out.sort((a, b) => (a.employeeExternalId < b.employeeExternalId ? -1 : a.employeeExternalId > b.employeeExternalId ? 1 : a.startAt - b.startAt));
  }
  return (db.prepare(`SELECT ${COLUMNS} FROM shifts WHERE local_date BETWEEN ? AND ? ORDER BY employee_external_id, start_at`).raw().all(q.from, q.to) as Row[]).map(fromRow);
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

/** Deletes an employee's shifts on local dates from..to; returns how many. */
export function deleteShifts(db: Db, employee: string, from: string, to: string): number {
  return db.prepare('DELETE FROM shifts WHERE employee_external_id = ? AND local_date BETWEEN ? AND ?').run(employee, from, to).changes;
}

/** Inserts shifts many rows per statement (call inside the import's transaction). */
export function insertShifts(db: Db, importId: number | null, shifts: Iterable<NewShift>): number {
  const buf = new RowBuffer(db, 'INSERT INTO shifts (employee_external_id, local_date, start_at, end_at, break_minutes, break_start_at, type, location, import_id, content_hash)', 10);
  let n = 0;
  for (const s of shifts) {
    buf.add(s.employeeExternalId, s.localDate, s.startAt, s.endAt, s.breakMinutes, s.breakStartAt, s.type, s.location, importId, s.contentHash);
    n++;
  }
  buf.flush();
  return n;
}

/** The content of a shift as one string, hashed for its content_hash (uploads use the hashes of what they send). */
export function shiftContentHash(s: Omit<NewShift, 'contentHash'>): string {
  return hash('sha1', `${s.employeeExternalId}|${s.localDate}|${s.startAt}|${s.endAt}|${s.breakMinutes}|${s.breakStartAt ?? ''}|${s.type ?? ''}|${s.location ?? ''}`, 'base64url');
}
