/**
 * The console over the composition root's Gateway: every feature's handlers,
 * built from the gateway's parts and spread into one map that the type checker
 * holds to the contract (a method without a handler does not compile), the
 * generic dispatcher over it, and the contract's events. Hosts call
 * `consoleFromGateway`: no per-method code in any host.
 */
import { auditHandlers } from '../audit/handlers.ts';
import type { AuditInput } from '../audit/index.ts';
import { configHandlers } from '../config/handlers.ts';
import { contract, type AppInfo } from '../contract/index.ts';
import { asStoreError } from '../db/store-errors.ts';
import { healthHandlers } from '../health/handlers.ts';
import { mceHandlers } from '../mce/handlers.ts';
import { AGENTS_CHANGED } from '../mce/delta-feed.ts';
import { onecHandlers } from '../onec/handlers.ts';
import { createQueueChangeFeed, QUEUE_CHANGED, type QueueChangeFeed } from '../queue/change-feed.ts';
import { queueHandlers, scheduleHandlers } from '../queue/console-handlers.ts';
import { credentialsHandlers } from '../secrets/handlers.ts';
import type { Gateway } from '../service.ts';
import { syncHandlers } from '../sync/handlers.ts';
import { scheduleHandlers as schedulesHandlers } from '../schedule/handlers.ts';
import { timesheetHandlers } from '../timesheet/handlers.ts';
import { createDispatcher, type Dispatcher, type DispatcherLogger, type HandlersOf } from './dispatcher.ts';
import { forwardEvents, type EventSource } from './events.ts';

/** What the host says about itself; the gateway adds its data directory and demo mode, and its actor when the host names none. */
export type HostFacts = Omit<AppInfo, 'dataDir' | 'demo' | 'simulated' | 'actor'> & { actor?: string };

function consoleHandlers(gw: Gateway, app: AppInfo, queueFeed: QueueChangeFeed): HandlersOf<typeof contract> {
  const audit = (entry: AuditInput) => gw.audit(entry);
  return {
    ...syncHandlers(gw.sync, gw.queue, gw.db),
    ...configHandlers(gw.config, audit),
    ...credentialsHandlers(gw.vault, gw.config, audit),
    ...onecHandlers(gw.onec, gw.clock),
    ...healthHandlers(
      () => gw.health(),
      (range, system) => gw.callHistory(range, system),
    ),
    // Facts about the host, not a feature of the engine.
    'app.info': () => ({ ...app }),
    ...queueHandlers(gw.db, gw.clock, queueFeed),
    ...scheduleHandlers(gw.db, gw.clock, gw.queue.scheduler),
    ...auditHandlers(gw.db, gw.clock),
    ...mceHandlers(gw.mce),
    ...schedulesHandlers(gw.schedules),
    ...timesheetHandlers(gw.timesheets),
  };
}

export interface GatewayConsole {
  /** What app.info answers (the host's actor among it). */
  app: AppInfo;
  dispatcher: Dispatcher;
  /** Forwards every contract event to `emit`; returns an unsubscribe. */
  subscribe(emit: (event: string, payload: unknown) => void): () => void;
}

export function consoleFromGateway(gw: Gateway, facts: HostFacts, logger?: DispatcherLogger): GatewayConsole {
  const app: AppInfo = { ...facts, dataDir: gw.dataDir, demo: gw.demo, simulated: gw.simulated, actor: facts.actor ?? gw.actor };
  const queueFeed = createQueueChangeFeed(gw.db);
  // A fault of the store (full disk, read-only, damaged file) reaches the console as its sentence, not as an unexpected failure.
  const dispatcher = createDispatcher(contract, consoleHandlers(gw, app, queueFeed), { logger, translateError: (e) => asStoreError(e, gw.db.name) });
  // queue.changed and agents.changed come from their coalescing feeds; every other event from the gateway's bus.
  const { [QUEUE_CHANGED]: queueChanged, [AGENTS_CHANGED]: agentsChanged, ...busEvents } = contract.events;
  return {
    app,
    dispatcher,
    subscribe: (emit) => {
      const offBus = forwardEvents(busEvents, gw.events as unknown as EventSource, emit);
      const offQueue = forwardEvents({ [QUEUE_CHANGED]: queueChanged }, queueFeed, emit);
      const offAgents = forwardEvents({ [AGENTS_CHANGED]: agentsChanged }, gw.mce.events, emit);
      return () => {
        offBus();
        offQueue();
        offAgents();
      };
    },
  };
}
