/**
 * Storing a large plan from the gateway's bulk write worker
 * (core/db/bulk-writer.ts): one transaction of its own holding the plan row,
 * every item and the audit entry, while this thread prepares the rows it sends.
 *
 * What this thread read before the worker locked (the next plan id, the audit
 * chain's tail) is checked again by the worker under its lock. Every way the
 * worker cannot finish ends in null with nothing stored, so the caller stores
 * the plan on its own connection, or in a GatewayError saying nothing was saved.
 */
import { auditCommitted } from '../audit/head-sync.ts';
import { AUDIT_INSERT_ROW, AUDIT_TAIL_SQL, auditChainStart, chainAuditRows, type AuditInput } from '../audit/log.ts';
import { withBulkWritesAsync } from '../db/bulk.ts';
import { WriteConflict, WriteFailed, WriteOutcomeUnknown, WriterUnavailable, type BulkWriter } from '../db/bulk-writer.ts';
import type { Db } from '../db/open.ts';
import { GatewayError } from '../errors.ts';
import type { NewPlanItem } from './model.ts';
import { nextPlanId, planRowStored, sendPlan, type NewPlan } from './plan-store.ts';

/** How long a plan waits for a stopped worker to be gone (a call stuck in SQLite ends first) before storing on this connection. */
const WORKER_GONE_MS = 30_000;

/** What an operator reads when SQLite refused the plan's transaction (it was rolled back whole). */
export function planStoreFailure(e: { message: string; code?: string | undefined }): GatewayError {
  if (e.code?.startsWith('SQLITE_BUSY')) {
    return new GatewayError('plan_store_failed', 'the plan could not be stored: another program (gatewayctl, a backup) held the database locked for too long; nothing was saved. Try again.', 'retryable');
  }
  if (e.code?.startsWith('SQLITE_FULL')) {
    return new GatewayError('plan_store_failed', 'the plan could not be stored: the disk holding the database is full; nothing was saved. Free some space, then generate the plan again.', 'retryable');
  }
  return new GatewayError('plan_store_failed', `the plan could not be stored (nothing was saved): ${e.message}${e.code ? ` [${e.code}]` : ''}`, 'retryable');
}

/** The plan's id once the worker committed it; null when the caller must store it (nothing of it was). */
export async function storePlanInWorker(
  db: Db,
  writer: BulkWriter,
  p: { plan: NewPlan; items: readonly NewPlanItem[]; audit: (planId: number) => AuditInput; now: () => string },
): Promise<number | null> {
  // Awaited, so a worker still starting never blocks this thread.
  if (!(await writer.ready())) return null;
  return withBulkWritesAsync(db, async () => {
    // Read here, checked again by the worker under its write lock.
    const { id, check } = nextPlanId(db);
    // The row's hash is computed here, under this connection's audit key: the key never goes to the worker.
    const start = auditChainStart(db);
    const { tail } = start;
    const auditRow = chainAuditRows(start, [p.audit(id)], p.now()).rows[0]!;
    const tx = writer.begin([check, { what: 'the audit log tail', sql: AUDIT_TAIL_SQL, params: [], expect: tail ? [tail.id, tail.hash] : null }]);
    if (!tx) return null;
    try {
      // Everything in one synchronous run: the worker never waits on this thread (bulk-writer.ts).
      sendPlan(tx, id, p.plan, p.items);
      tx.run(AUDIT_INSERT_ROW, auditRow);
    } catch (e) {
      if (e instanceof WriterUnavailable) {
        // A stalled worker, stopped before it was told to commit: nothing was written. Once it is
        // gone (a call stuck in SQLite ends first), its lock is too, and this connection can write.
        await Promise.race([e.stopped, new Promise((r) => setTimeout(r, WORKER_GONE_MS).unref())]);
        return null;
      }
      await tx.end(false).catch(() => undefined);
      throw e;
    }
    try {
      await tx.end(true);
      auditCommitted(db);
      return id;
    } catch (e) {
      if (e instanceof WriteConflict || e instanceof WriterUnavailable) return null;
      if (e instanceof WriteOutcomeUnknown) {
        // The worker is gone, so the database says whether it committed.
        if (planRowStored(db, id, p.plan)) {
          auditCommitted(db);
          return id;
        }
        if (writer.unavailableReason === 'closed') {
          throw new GatewayError('plan_store_failed', 'the gateway was shut down while the plan was being stored; nothing was saved. Generate the plan again.', 'retryable');
        }
        return null;
      }
      if (e instanceof WriteFailed) throw planStoreFailure(e);
      throw e;
    }
  });
}
