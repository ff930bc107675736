/**
 * Forwards the contract's events from the engine's EventBus to a host's
 * clients. Payloads are validated (and stripped) so only declared fields cross.
 */
import type { EventDef } from '../contract/index.ts';

export interface EventSource {
  on(name: string, fn: (payload: unknown) => void): () => void;
}

export function forwardEvents(
  events: Record<string, EventDef>,
  source: EventSource,
  emit: (event: string, payload: unknown) => void,
  log: (message: string) => void = (m) => console.error(m),
): () => void {
  const offs = Object.entries(events).map(([name, def]) =>
    source.on(name, (payload) => {
      const parsed = def.payload.safeParse(payload);
      if (!parsed.success) {
        log(`event ${name} not forwarded: its payload breaks the contract (${parsed.error.issues.map((i) => i.message).join('; ')})`);
        return;
      }
      emit(name, parsed.data);
    }),
  );
  return () => offs.forEach((off) => off());
}
