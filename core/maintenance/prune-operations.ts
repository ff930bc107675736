/**
 * Queue operations past retention: completed, cancelled and failed ones whose
 * last change is older than the cutoff are deleted (failed with an unknown
 * outcome excepted), their attempts with them
 * (operation_attempts cascades). Pending and processing ones are never touched.
 *
 * Operations are walked in key order (creation order), a window of rows at a
 * time: each window is one short read, and one guarded DELETE when it holds
 * anything to delete, so neither statement's cost grows with the table (there
 * is no index on age; the recent rows at the end would otherwise be rescanned
 * by every batch). The scheduler's slots do not depend on these rows: a slot is
 * claimed through the settings table (scheduler.ts), and idempotency keys are
 * unique among live operations only.
 */
import type { Db } from '../db/open.ts';

// A failure with an unknown outcome (an upload 1C may or may not have taken) stays until someone retries or cancels it:
// it is the only record that something must be checked in 1C.
const ENDED = `(status = 'completed' OR status = 'cancelled' OR (status = 'failed' AND coalesce(error_kind, '') <> 'unknown_outcome'))`;

export interface OperationWindow {
  /** Ids in this window that were due for deletion when read. */
  due: string[];
  /** The last id of the window: the next one starts after it; null when the table has no more rows. */
  lastId: string | null;
}

/** The next `size` operations after `afterId` (null: from the start), with the ones past retention. */
export function readOperationWindow(db: Db, afterId: string | null, size: number, cutoffMs: number): OperationWindow {
  const rows = db
    .prepare(`SELECT id, ${ENDED} AND updated_at < ? FROM operations WHERE id > ? ORDER BY id LIMIT ?`)
    .raw()
    .all(cutoffMs, afterId ?? '', size) as [string, number][];
  const due: string[] = [];
  for (const [id, hit] of rows) if (hit === 1) due.push(id);
  return { due, lastId: rows.length === size ? rows[rows.length - 1]![0] : null };
}

/**
 * Deletes these operations if they are still ended and past the cutoff (an
 * operator may have retried one since it was read); one statement, attempts
 * included. Returns the operations and the attempt rows deleted.
 */
export function deleteOperations(db: Db, ids: readonly string[], cutoffMs: number): { operations: number; attempts: number } {
  if (ids.length === 0) return { operations: 0, attempts: 0 };
  // `attempts` counts an operation's ended attempts, i.e. its rows in operation_attempts.
  const attempts = db
    .prepare(`DELETE FROM operations WHERE id IN (SELECT value FROM json_each(?)) AND ${ENDED} AND updated_at < ? RETURNING attempts`)
    .pluck()
    .all(JSON.stringify(ids), cutoffMs) as number[];
  let n = 0;
  for (const a of attempts) n += a;
  return { operations: attempts.length, attempts: n };
}
