/**
 * The console's plan generation and apply run as queue operations
 * (personnel_sync, plan_apply): durable, retried, visible on the Queue screen.
 * The console still gets the plan or the apply result back, as it waits for the
 * operation's outcome.
 */
import type { Gateway } from '../service.ts';
import type { ApplyResult, PlanSummary } from '../sync/types.ts';
import type { SyncApi } from './backend.ts';

export function queuedSync(gw: Gateway): SyncApi {
  return {
    listPlans: (a) => gw.sync.listPlans(a),
    getPlan: (id) => gw.sync.getPlan(id),
    listItems: (id, f) => gw.sync.listItems(id, f),
    setExcluded: (id, ids, excluded, by) => gw.sync.setExcluded(id, ids, excluded, by),
    approve: (id, a) => gw.sync.approve(id, a),
    reject: (id, a) => gw.sync.reject(id, a),
    async createPlan(a: { from: string; to: string; createdBy: string }): Promise<PlanSummary> {
      const op = await gw.queue.run('personnel_sync', { from: a.from, to: a.to }, { by: a.createdBy, idempotencyKey: `personnel_sync:${a.from}:${a.to}` });
      return gw.sync.getPlan((op.result as { planId: number }).planId);
    },
    async apply(planId: number, a?: { by?: string }): Promise<ApplyResult> {
      // A refusal (stale, expired, not approved) answers at once with its own code.
      gw.sync.assertApplicable(planId, a?.by);
      const op = await gw.queue.run('plan_apply', { planId }, { by: a?.by ?? gw.actor, priority: 1, idempotencyKey: `plan_apply:${planId}` });
      return op.result as ApplyResult;
    },
  };
}
