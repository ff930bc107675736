/**
 * One handler per contract method. Adding an operation = a schema entry in
 * core/contract/methods.ts + a handler here (the type checker asks for it).
 */
import type { contract } from '../contract/index.ts';
import { GatewayError } from '../errors.ts';
import type { ConsoleBackend } from './backend.ts';
import type { HandlersOf } from './dispatcher.ts';
import { mceHandlers } from '../mce/handlers.ts';

export type ConsoleHandlers = HandlersOf<typeof contract>;
/** Methods whose handlers live beside their feature and are composed in gateway-backend.ts. */
type Composed = `${'audit' | 'queue' | 'schedule' | 'config' | 'credentials' | 'onec' | 'health'}.${string}`;

export function createHandlers(b: ConsoleBackend): Omit<ConsoleHandlers, Extract<keyof ConsoleHandlers, Composed>> {
  const planOrThrow = async (planId: number) => {
    const plan = await b.sync.getPlan(planId);
    if (!plan) throw new GatewayError('plan_not_found', `sync plan #${planId} does not exist`, 'permanent');
    return plan;
  };

  return {
    'plans.list': (input) => b.sync.listPlans(input),
    'plans.get': (input) => planOrThrow(input.planId),
    'plans.items': async ({ planId, ...filter }) => {
      await planOrThrow(planId);
      return b.sync.listItems(planId, filter);
    },
    'plans.create': (input, ctx) => b.sync.createPlan({ from: input.from, to: input.to, createdBy: ctx.actor }),
    'plans.exclude': async (input, ctx) => {
      await b.sync.setExcluded(input.planId, input.externalIds, input.excluded, ctx.actor);
      return planOrThrow(input.planId);
    },
    'plans.approve': async ({ planId, ...args }) => {
      await b.sync.approve(planId, args);
      return planOrThrow(planId);
    },
    'plans.reject': async ({ planId, ...args }) => {
      await b.sync.reject(planId, args);
      return planOrThrow(planId);
    },
    'plans.apply': (input, ctx) => b.sync.apply(input.planId, { by: ctx.actor }),
    'directory.list': (input) => b.directory.list(input),
    'directory.search': async (input) => {
      const { employees } = await b.directory.list({ search: input.query, offset: 0, limit: input.limit });
      return { employees };
    },
    'app.info': () => ({ ...b.app }),
    ...mceHandlers(b.mce),
  };
}
