/**
 * Console handlers of plans.* and directory.*, over the sync service and the
 * directory as they are. Plan generation and apply run as queue operations
 * (personnel_sync, plan_apply): durable, retried, visible on the Queue screen;
 * the console still gets the plan or the apply result back, as it waits for
 * the operation's outcome.
 */
import type { ApplyResult, HandlersFor } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import type { QueueEngine } from '../queue/engine.ts';
import type { PersonnelSyncResult } from '../queue/handlers/sync-handlers.ts';
import { listEmployees } from './directory.ts';
import type { SyncService } from './service.ts';

/** `queue` runs the operations; `db` holds the directory. */
export function syncHandlers(sync: SyncService, queue: Pick<QueueEngine, 'run'>, db: Db): HandlersFor<'plans' | 'directory'> {
  return {
    'plans.list': (input) => sync.listPlans(input),
    'plans.get': ({ planId }) => sync.getPlan(planId),
    'plans.items': ({ planId, ...filter }) => sync.listItems(planId, filter),
    'plans.create': async ({ from, to }, ctx) => {
      const op = await queue.run('personnel_sync', { from, to }, { by: ctx.actor, idempotencyKey: `personnel_sync:${from}:${to}` });
      return sync.getPlan((op.result as PersonnelSyncResult).planId);
    },
    'plans.exclude': ({ planId, externalIds, excluded }, ctx) => sync.setExcluded(planId, externalIds, excluded, ctx.actor),
    'plans.approve': ({ planId, ...args }) => sync.approve(planId, args),
    'plans.reject': ({ planId, ...args }) => sync.reject(planId, args),
    'plans.apply': async ({ planId }, ctx) => {
      // A refusal (stale, expired, not approved) answers at once with its own code.
      sync.assertApplicable(planId, ctx.actor);
      const op = await queue.run('plan_apply', { planId }, { by: ctx.actor, priority: 1, idempotencyKey: `plan_apply:${planId}` });
      return op.result as ApplyResult;
    },
    'directory.list': (input) => listEmployees(db, input),
    'directory.search': ({ query, limit }) => ({ employees: listEmployees(db, { search: query, offset: 0, limit }).employees }),
  };
}
