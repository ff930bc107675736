/**
 * The weekly-norm history of each employee (employee_norm_history): every
 * `normWeek` 1C sent with the date it took effect (`normWeekChangeDate`),
 * recorded by personnel sync's apply, never typed by hand. getNormHours's
 * AR_norms are built from it.
 */
import type { NormChange } from '../contract/index.ts';
import { RowBuffer } from '../db/bulk.ts';
import type { Db } from '../db/open.ts';

export interface NormRecord {
  employeeId: string;
  changeDate: string;
  normWeek: number;
}

/**
 * A writer for apply: records an employee's norm as of its change date
 * (a second record for the same date replaces the first: 1C corrected it).
 * Buffered: flush() inside the same transaction.
 */
export interface NormHistoryWriter {
  record(employeeId: string, changeDate: string, normWeek: number, at: string): void;
  flush(): void;
  discard(): void;
}

const writers = new WeakMap<Db, NormHistoryWriter>();

export function normHistoryWriter(db: Db): NormHistoryWriter {
  let w = writers.get(db);
  if (w) return w;
  const rows = new RowBuffer(db, 'INSERT OR REPLACE INTO employee_norm_history (employee_external_id, change_date, norm_week, recorded_at)', 4);
  w = {
    record: (e, d, n, at) => rows.add(e, d, n, at),
    flush: () => rows.flush(),
    discard: () => rows.discard(),
  };
  writers.set(db, w);
  return w;
}

/** Histories of employees, oldest change first. */
export function readNormHistory(db: Db, employees: readonly string[]): Map<string, NormChange[]> {
  const out = new Map<string, NormChange[]>();
  if (employees.length === 0) return out;
  for (const [e, d, n, at] of db
    .prepare('SELECT employee_external_id, change_date, norm_week, recorded_at FROM employee_norm_history WHERE employee_external_id IN (SELECT value FROM json_each(?)) ORDER BY employee_external_id, change_date')
    .raw()
    .iterate(JSON.stringify(employees)) as IterableIterator<[string, string, number, string]>) {
    let l = out.get(e);
    if (!l) out.set(e, (l = []));
    l.push({ normWeek: n, changeDate: d, recordedAt: at });
  }
  return out;
}

/**
 * AR_norms of a period (PROTOCOLS.md §1.2: every weekly-norm change in the
 * period): the norm in effect when the period starts (the last change on or
 * before it; the first change when all came later) and every change inside it.
 */
export function arNorms(history: readonly Pick<NormChange, 'normWeek' | 'changeDate'>[], start: string, end: string): { normWeek: number; changeDate: string }[] {
  if (history.length === 0) return [];
  const sorted = [...history].sort((a, b) => (a.changeDate < b.changeDate ? -1 : a.changeDate > b.changeDate ? 1 : 0));
  let firstIdx = 0;
  for (let i = 0; i < sorted.length; i++) if (sorted[i]!.changeDate <= start) firstIdx = i;
  const out: { normWeek: number; changeDate: string }[] = [];
  for (let i = firstIdx; i < sorted.length; i++) {
    const c = sorted[i]!;
    if (c.changeDate > end) break;
    out.push({ normWeek: c.normWeek, changeDate: c.changeDate });
  }
  // Every change is after the period: the earliest known norm stands for it.
  if (out.length === 0) out.push({ normWeek: sorted[0]!.normWeek, changeDate: sorted[0]!.changeDate });
  return out;
}
