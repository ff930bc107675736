/** Console handler of onec.testConnection: one small real call to the configured 1C:ZUP. */
import type { HandlersFor } from '../contract/index.ts';
import type { Clock } from '../time/clock.ts';
import type { OnecConnector } from './connector.ts';

export function onecHandlers(onec: OnecConnector, clock: Clock): HandlersFor<'onec'> {
  return {
    'onec.testConnection': async () => {
      const now = clock.now();
      const today = new Date(now).toISOString().slice(0, 10);
      const r = await onec.testConnection({ today });
      return { ...r, testedAt: new Date(now).toISOString() };
    },
  };
}
