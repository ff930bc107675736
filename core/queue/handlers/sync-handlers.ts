/**
 * Personnel sync plan generation and plan apply as queue operations
 * (ARCHITECTURE.md, "One flow end to end"). The handlers are thin: the sync
 * service does the work; the queue gives it retries, leases and a record.
 */
import { GatewayError } from '../../errors.ts';
import type { ApplyProgress, ApplyResult, PlanSummary } from '../../contract/index.ts';
import type { OperationHandler } from '../processor.ts';

/** What the handlers need of core/sync/service.ts (SyncService fits). */
export interface PlanSyncService {
  createPlan(args: { from: string; to: string; createdBy: string; signal?: AbortSignal }): Promise<PlanSummary>;
  apply(planId: number, args?: { by?: string; onProgress?: (p: ApplyProgress) => void }): ApplyResult | Promise<ApplyResult>;
}

/** What a personnel_sync operation stores as its result: enough for the queue screen to link to the plan. */
export interface PersonnelSyncResult {
  planId: number;
  planStatus: PlanSummary['status'];
  counts: PlanSummary['counts'];
  massDeactivationFlagged: boolean;
}

/** personnel_sync {from, to}: fetch /agents, reconcile, store a plan awaiting approval. */
export function personnelSyncHandler(sync: PlanSyncService): OperationHandler<'personnel_sync'> {
  return async (op, ctx): Promise<PersonnelSyncResult> => {
    const plan = await sync.createPlan({ from: op.data.from, to: op.data.to, createdBy: op.createdBy ?? 'scheduler', signal: ctx.signal });
    return { planId: plan.id, planStatus: plan.status, counts: plan.counts, massDeactivationFlagged: plan.massDeactivation.flagged };
  };
}

/**
 * plan_apply {planId}: apply an approved plan. Apply runs in batches, one
 * transaction each; after each it renews the lease so no other node takes the
 * operation over while it works, and stops if the lease was lost.
 */
export function planApplyHandler(sync: PlanSyncService): OperationHandler<'plan_apply'> {
  return async (op, ctx): Promise<ApplyResult> => {
    return sync.apply(op.data.planId, {
      by: op.createdBy ?? undefined,
      onProgress: () => {
        if (!ctx.heartbeat()) throw new GatewayError('lease_lost', `the lease on operation ${op.id} was lost while applying plan ${op.data.planId}`, 'retryable');
      },
    });
  };
}
