/** Console handler of health.summary, over the gateway's health (./summary.ts with the gateway's links). */
import type { HandlersFor, HealthSummary } from '../contract/index.ts';

export function healthHandlers(health: () => Promise<HealthSummary>): HandlersFor<'health'> {
  return { 'health.summary': () => health() };
}
