/** Console handlers of health.summary and health.calls, over the gateway's health (./summary.ts) and its stored call history (./call-history.ts). */
import type { CallHistory, CallRange, HandlersFor, HealthSummary } from '../contract/index.ts';

export function healthHandlers(health: () => Promise<HealthSummary>, calls: (range: CallRange, system: string) => CallHistory): HandlersFor<'health'> {
  return { 'health.summary': () => health(), 'health.calls': (input) => calls(input.range, input.system) };
}
