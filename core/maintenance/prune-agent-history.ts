/**
 * The history of agent states past retention (retention.agentStateDays). Rows
 * are appended in time order, so the old ones are a prefix of the table by
 * rowid: each batch reads the next window of ids with their times and deletes
 * its old prefix by one range. No index on time is kept (every status event
 * would pay for it), and no batch scans the recent rows beyond one window.
 */
import type { Db } from '../db/open.ts';

/** Deletes up to `size` of the oldest rows recorded before `cutoffMs`; returns how many, and whether older rows may remain. */
export function deleteAgentHistoryBatch(db: Db, cutoffMs: number, size: number): { deleted: number; more: boolean } {
  const window = db.prepare('SELECT id, recorded_at FROM mce_agent_history ORDER BY id LIMIT ?').raw().all(size) as [number, number][];
  let lastOld = -1;
  for (let i = 0; i < window.length && window[i]![1] < cutoffMs; i++) lastOld = i;
  if (lastOld < 0) return { deleted: 0, more: false };
  const upTo = window[lastOld]![0];
  const deleted = db.prepare('DELETE FROM mce_agent_history WHERE id <= ?').run(upTo).changes;
  return { deleted, more: lastOld === window.length - 1 && window.length === size };
}
