/** Console handlers of the agents.* and mce.* contract methods, over the MCE service as it is. */
import type { HandlersFor } from '../contract/index.ts';
import type { MceService } from './service.ts';

export function mceHandlers(mce: MceService): HandlersFor<'agents' | 'mce'> {
  return {
    'agents.list': () => mce.list(),
    'agents.identity': (input) => mce.identity(input),
    'agents.link': (input, ctx) => mce.link(input.login, input.externalId, ctx.actor),
    'agents.unlink': (input, ctx) => mce.unlink(input.login, ctx.actor),
    'mce.status': () => mce.status(),
    'mce.testConnection': () => mce.testConnection(),
  };
}
