/**
 * The retention policy: without it the store grows by a plan's items (25-60 MB
 * for a full roster) per scheduled sync, and by every queue operation ever run.
 *
 * pruneOld removes, in batches of ~5 000 rows per statement (each its own
 * transaction) with the event loop let through between them, so that neither
 * the write lock nor the serving thread is held for long:
 * - the items of plans in a final state unchanged for `planDays` (the plan row
 *   stays, marked with items_pruned_at);
 * - completed, cancelled and failed queue operations unchanged for
 *   `operationDays`, with their attempts;
 * - agent state history (MCE) older than `agentStateDays`;
 * - the per-minute call history older than `callHistoryDays`.
 * The audit log is never pruned (it is a hash chain); each run appends one
 * `maintenance.pruned` entry with what it deleted. Safe to run again, and in
 * two processes at once: every statement re-checks its own conditions.
 */
import { appendAudit } from '../audit/log.ts';
import type { Db } from '../db/open.ts';
import { errorMessage } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { deleteOperations, readOperationWindow } from './prune-operations.ts';
import { deletePlanItemsBatch, markPrunablePlans, plansWithPrunedItemsLeft } from './prune-plans.ts';
import { deleteAgentHistoryBatch } from './prune-agent-history.ts';
import { deleteCallMinutesBatch } from './prune-call-history.ts';
import { parseRetentionSettings, type RetentionSettings } from './settings.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_BATCH_ROWS = 5000;

export interface PruneOptions {
  /** Rows per statement; default 5 000. */
  batchRows?: number;
  /** Stops between batches; what was deleted so far is kept and audited. */
  signal?: AbortSignal;
  /** Who the audit entry names; default 'system'. */
  actor?: string;
}

export interface PruneResult {
  /** Plans whose items this run removed (marked pruned now). */
  plansPruned: number;
  planIds: number[];
  /** Plan items deleted (this run's plans, and any a stopped run left). */
  itemsDeleted: number;
  operationsDeleted: number;
  attemptsDeleted: number;
  /** Rows of agent state history deleted. */
  agentStatesDeleted: number;
  /** Minutes of call history deleted (one row per minute, system and method). */
  callMinutesDeleted: number;
  /** The cutoffs: what changed last before these instants was pruned. */
  before: { plans: string; operations: string; agentStates: string; callHistory: string };
  /** True when the signal stopped the run before it was done; the next run finishes it. */
  aborted: boolean;
  settings: RetentionSettings;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function pruneOld(db: Db, clock: Clock, settings: RetentionSettings, opts: PruneOptions = {}): Promise<PruneResult> {
  const s = parseRetentionSettings(settings);
  const batch = opts.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) throw new RangeError(`batchRows must be an integer from 1 to 100000, got ${batch}`);
  const now = clock.now();
  const r: PruneResult = {
    plansPruned: 0,
    planIds: [],
    itemsDeleted: 0,
    operationsDeleted: 0,
    attemptsDeleted: 0,
    agentStatesDeleted: 0,
    callMinutesDeleted: 0,
    before: {
      plans: new Date(now - s.planDays * DAY_MS).toISOString(),
      operations: new Date(now - s.operationDays * DAY_MS).toISOString(),
      agentStates: new Date(now - s.agentStateDays * DAY_MS).toISOString(),
      callHistory: new Date(now - s.callHistoryDays * DAY_MS).toISOString(),
    },
    aborted: false,
    settings: s,
  };
  const stopped = (): boolean => {
    if (opts.signal?.aborted) r.aborted = true;
    return r.aborted;
  };
  try {
    await prunePlans(db, r, batch, new Date(now).toISOString(), stopped);
    if (!stopped()) await pruneOperations(db, r, batch, now - s.operationDays * DAY_MS, stopped);
    if (!stopped()) await pruneAgentHistory(db, r, batch, now - s.agentStateDays * DAY_MS, stopped);
    if (!stopped()) await pruneCallHistory(db, r, batch, now - s.callHistoryDays * DAY_MS, stopped);
  } catch (e) {
    // What was deleted before the failure is gone: say so in the audit trail, then report the failure.
    try {
      audit(db, clock, opts.actor, r, errorMessage(e));
    } catch {
      // The database refuses writes (the likely cause of the failure itself); the original error matters.
    }
    throw e;
  }
  audit(db, clock, opts.actor, r, null);
  return r;
}

async function prunePlans(db: Db, r: PruneResult, batch: number, nowIso: string, stopped: () => boolean): Promise<void> {
  r.planIds = markPrunablePlans(db, r.before.plans, nowIso);
  r.plansPruned = r.planIds.length;
  for (const planId of plansWithPrunedItemsLeft(db)) {
    for (;;) {
      if (stopped()) return;
      const n = deletePlanItemsBatch(db, planId, batch);
      r.itemsDeleted += n;
      await yieldToEventLoop();
      if (n < batch) break;
    }
  }
}

async function pruneOperations(db: Db, r: PruneResult, batch: number, cutoffMs: number, stopped: () => boolean): Promise<void> {
  let after: string | null = null;
  for (;;) {
    if (stopped()) return;
    const w = readOperationWindow(db, after, batch, cutoffMs);
    const d = deleteOperations(db, w.due, cutoffMs);
    r.operationsDeleted += d.operations;
    r.attemptsDeleted += d.attempts;
    if (w.lastId === null) return;
    after = w.lastId;
    await yieldToEventLoop();
  }
}

async function pruneAgentHistory(db: Db, r: PruneResult, batch: number, cutoffMs: number, stopped: () => boolean): Promise<void> {
  for (;;) {
    if (stopped()) return;
    const { deleted, more } = deleteAgentHistoryBatch(db, cutoffMs, batch);
    r.agentStatesDeleted += deleted;
    if (!more) return;
    await yieldToEventLoop();
  }
}

async function pruneCallHistory(db: Db, r: PruneResult, batch: number, cutoffMs: number, stopped: () => boolean): Promise<void> {
  for (;;) {
    if (stopped()) return;
    const { deleted, more } = deleteCallMinutesBatch(db, cutoffMs, batch);
    r.callMinutesDeleted += deleted;
    if (!more) return;
    await yieldToEventLoop();
  }
}

function audit(db: Db, clock: Clock, actor: string | undefined, r: PruneResult, error: string | null): void {
  appendAudit(
    db,
    {
      actor: actor ?? 'system',
      action: 'maintenance.pruned',
      entityType: 'maintenance',
      entityId: 'retention',
      details: {
        plansPruned: r.plansPruned,
        planIds: r.planIds,
        itemsDeleted: r.itemsDeleted,
        operationsDeleted: r.operationsDeleted,
        attemptsDeleted: r.attemptsDeleted,
        agentStatesDeleted: r.agentStatesDeleted,
        callMinutesDeleted: r.callMinutesDeleted,
        before: r.before,
        settings: r.settings,
        ...(r.aborted ? { aborted: true } : {}),
        ...(error !== null ? { error } : {}),
      },
    },
    clock,
  );
}
