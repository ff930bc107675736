/**
 * Binds the composition root's Gateway to the console handlers. Hosts call
 * `consoleFromGateway` and get a dispatcher plus an event source: no per-method
 * code in any host.
 */
import { contract } from '../contract/index.ts';
import type { Gateway } from '../service.ts';
import { syncHandlers } from '../sync/handlers.ts';
import type { AppFacts, ConsoleBackend } from './backend.ts';
import { createDispatcher, type Dispatcher, type DispatcherLogger } from './dispatcher.ts';
import { forwardEvents, type EventSource } from './events.ts';
import { createHandlers } from './handlers.ts';
import { createQueueChangeFeed, QUEUE_CHANGED } from '../queue/change-feed.ts';
import { queueHandlers, scheduleHandlers } from '../queue/console-handlers.ts';
import { configHandlers } from '../config/handlers.ts';
import { healthHandlers } from '../health/handlers.ts';
import { onecHandlers } from '../onec/handlers.ts';
import { credentialsHandlers } from '../secrets/handlers.ts';
import { auditHandlers } from '../audit/handlers.ts';

export function consoleBackendFromGateway(gw: Gateway, facts: Omit<AppFacts, 'dataDir' | 'demo' | 'actor'> & { actor?: string }): ConsoleBackend {
  return {
    app: { ...facts, dataDir: gw.dataDir, demo: gw.demo, actor: facts.actor ?? gw.actor },
    mce: gw.mce,
  };
}

export interface GatewayConsole {
  backend: ConsoleBackend;
  dispatcher: Dispatcher;
  /** Forwards every contract event to `emit`; returns an unsubscribe. */
  subscribe(emit: (event: string, payload: unknown) => void): () => void;
}

export function consoleFromGateway(gw: Gateway, facts: Omit<AppFacts, 'dataDir' | 'demo' | 'actor'> & { actor?: string }, logger?: DispatcherLogger): GatewayConsole {
  const queueFeed = createQueueChangeFeed(gw.db);
  const backend = consoleBackendFromGateway(gw, facts);
  const handlers = {
    ...createHandlers(backend),
    ...syncHandlers(gw.sync, gw.queue, gw.db),
    ...configHandlers(gw.config, gw.audit),
    ...credentialsHandlers(gw.vault, gw.config, gw.audit),
    ...onecHandlers(gw.onec, gw.clock),
    ...healthHandlers(gw.health),
    ...queueHandlers(gw.db, gw.clock, queueFeed),
    ...scheduleHandlers(gw.db, gw.clock, gw.queue.scheduler),
    ...auditHandlers(gw.db, gw.clock),
  };
  const dispatcher = createDispatcher(contract, handlers, { logger });
  // queue.changed comes from the coalescing feed; every other event from the gateway's bus.
  const { [QUEUE_CHANGED]: queueChanged, ...busEvents } = contract.events;
  return {
    backend,
    dispatcher,
    subscribe: (emit) => {
      const offBus = forwardEvents(busEvents, gw.events as unknown as EventSource, emit);
      const offQueue = forwardEvents({ [QUEUE_CHANGED]: queueChanged }, queueFeed, emit);
      return () => {
        offBus();
        offQueue();
      };
    },
  };
}
