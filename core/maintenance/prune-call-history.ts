/**
 * The per-minute call history past retention (health.callHistoryDays). The
 * table is keyed by the minute first, so the oldest rows are a prefix of it:
 * each batch deletes the next `size` of them by their key.
 */
import type { Db } from '../db/open.ts';

/** Deletes up to `size` minutes recorded before `cutoffMs`, oldest first; says whether older ones may remain. */
export function deleteCallMinutesBatch(db: Db, cutoffMs: number, size: number): { deleted: number; more: boolean } {
  const deleted = db
    .prepare('DELETE FROM call_minutes WHERE (minute, system, method) IN (SELECT minute, system, method FROM call_minutes WHERE minute < ? ORDER BY minute LIMIT ?)')
    .run(cutoffMs, size).changes;
  return { deleted, more: deleted === size };
}
