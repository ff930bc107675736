/** Small shared plumbing of both transports: event fan-out and state listeners. */
import { desktopEvents, events, isDesktopEventName, isEventName, type EventDef } from '../../../core/contract/index.ts';
import type { ConnectionState } from './types.ts';

type Fn = (payload: never) => void;

export class EventFanout {
  private readonly byEvent = new Map<string, Set<Fn>>();

  add(event: string, fn: Fn): () => void {
    let set = this.byEvent.get(event);
    if (!set) this.byEvent.set(event, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  private readonly known: (event: string) => EventDef | null;

  /** The gateway's events by default; the desktop's own for the desktop client. */
  constructor(kind: 'gateway' | 'desktop' = 'gateway') {
    this.known = kind === 'gateway' ? (e) => (isEventName(e) ? events[e] : null) : (e) => (isDesktopEventName(e) ? desktopEvents[e] : null);
  }

  /** Validates the payload against the contract; a malformed event is dropped, loudly. */
  emit(event: string, payload: unknown): void {
    const def = this.known(event);
    if (!def) return;
    const parsed = def.payload.safeParse(payload);
    if (!parsed.success) {
      console.warn(`dropped malformed ${event} event: ${parsed.error.message}`);
      return;
    }
    for (const fn of [...(this.byEvent.get(event) ?? [])]) {
      try {
        (fn as (p: unknown) => void)(parsed.data);
      } catch (e) {
        console.error(`listener of ${event} failed:`, e);
      }
    }
  }
}

export class StateHolder {
  private readonly fns = new Set<(s: ConnectionState) => void>();
  current: ConnectionState;
  constructor(initial: ConnectionState) {
    this.current = initial;
  }

  set(next: ConnectionState): void {
    if (next === this.current) return;
    this.current = next;
    for (const fn of [...this.fns]) fn(next);
  }

  on(fn: (s: ConnectionState) => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
}
