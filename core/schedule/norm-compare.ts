/** The 1C norm of a month (norm_hours, mode month) beside scheduled hours: the grids and validation. */
import type { NormCompare } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import { lastDayOf } from './months.ts';

const HOUR = 3_600_000;

/** Norms of a month per employee: 1C's hours and when they were fetched. */
export function monthNorms(db: Db, month: string, employees: readonly string[]): Map<string, { hours: number; fetchedAt: number }> {
  const m = new Map<string, { hours: number; fetchedAt: number }>();
  if (employees.length === 0) return m;
  for (const [e, h, f] of db
    .prepare("SELECT employee_external_id, hours, fetched_at FROM norm_hours WHERE mode = 'month' AND period_start BETWEEN ? AND ? AND employee_external_id IN (SELECT value FROM json_each(?))")
    .raw()
    .all(`${month}-01`, lastDayOf(month), JSON.stringify(employees)) as [string, number, number][]) {
    m.set(e, { hours: h, fetchedAt: f });
  }
  return m;
}

/** Scheduled paid time against norm × rate (the rate 1 when 1C sent none). */
export function normCompare(norm: { hours: number; fetchedAt: number } | undefined, rate: number | null, paidMs: number): NormCompare {
  const r = rate ?? 1;
  const scheduledHours = Math.round((paidMs / HOUR) * 100) / 100;
  const limit = norm ? Math.round(norm.hours * r * 100) / 100 : null;
  return { hours: norm?.hours ?? null, rate: r, limitHours: limit, scheduledHours, over: limit !== null && scheduledHours > limit + 0.005, fetchedAt: norm ? new Date(norm.fetchedAt).toISOString() : null };
}

