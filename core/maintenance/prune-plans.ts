/**
 * Plans past retention lose their items (the bulk: one row per employee) and
 * keep their row. Two steps, each statement guarded so that two processes may
 * prune at once:
 * 1. mark: a plan in a final state, unchanged for the retention period, gets
 *    items_pruned_at (from then on it reads as pruned, items or not);
 * 2. delete: the items of marked plans go, a batch per statement.
 * A run stopped between the two, or halfway through 2, is finished by the next.
 */
import type { Db } from '../db/open.ts';

/**
 * Final states: nothing will read these items again to change the directory.
 * A failed plan is final only when all its applicable items were applied: a
 * resume would then only mark it applied. `applying`, and `failed` with items
 * left, may be resumed, and `awaiting_approval`/`approved` are still to decide.
 */
const FINAL = `(status = 'applied' OR status = 'rejected' OR status = 'expired' OR (status = 'failed' AND applied_items >= applicable_items))`;

/** Marks the plans whose items retention removes; returns their ids. */
export function markPrunablePlans(db: Db, cutoffIso: string, nowIso: string): number[] {
  return db
    .prepare(`UPDATE sync_plans SET items_pruned_at = ? WHERE items_pruned_at IS NULL AND updated_at < ? AND ${FINAL} RETURNING id`)
    .pluck()
    .all(nowIso, cutoffIso) as number[];
}

/** Marked plans that still have items (this run's, and any an earlier run left halfway). */
export function plansWithPrunedItemsLeft(db: Db): number[] {
  return db
    .prepare('SELECT id FROM sync_plans p WHERE items_pruned_at IS NOT NULL AND EXISTS (SELECT 1 FROM sync_plan_items i WHERE i.plan_id = p.id) ORDER BY id')
    .pluck()
    .all() as number[];
}

/**
 * Deletes up to `limit` items of a marked plan, in plan order, in one statement
 * (its own transaction); returns how many. The plan must still be marked.
 */
export function deletePlanItemsBatch(db: Db, planId: number, limit: number): number {
  return db
    .prepare(
      `DELETE FROM sync_plan_items WHERE id IN (SELECT id FROM sync_plan_items WHERE plan_id = ? ORDER BY id LIMIT ?)
       AND EXISTS (SELECT 1 FROM sync_plans WHERE id = ? AND items_pruned_at IS NOT NULL)`,
    )
    .run(planId, limit, planId).changes;
}
