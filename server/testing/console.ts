/**
 * The console of a real gateway for the transport tests (HTTP, WebSocket, IPC):
 * SQLite in a temporary data directory, the 1C simulator on 127.0.0.1, and
 * plan 1, fetched from it, awaiting approval. The transports are under test;
 * the engine behind them is the real one, so no double can drift from it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleFromGateway, type GatewayConsole } from '../../core/api/console.ts';
import type { Dispatcher, DispatcherLogger } from '../../core/api/dispatcher.ts';
import type { PlanSummary } from '../../core/contract/index.ts';
import { createGateway, type Gateway } from '../../core/service.ts';
import type { OnecSimulator } from '../../simulators/onec/server.ts';
import { startSimulatorForTest } from './simulator.ts';

export interface TestConsole {
  gateway: Gateway;
  dispatcher: Dispatcher;
  subscribe: GatewayConsole['subscribe'];
  /** Plan 1 as it was created. */
  plan: PlanSummary;
  /** The 1C simulator behind the gateway (faults for the error paths). */
  simulator: OnecSimulator;
  /** Closes the gateway and the simulator and removes the data directory. */
  close(): Promise<void>;
}

export const TEST_VERSION = '0.0.0-test';

export async function openTestConsole(opts: { logger?: DispatcherLogger } = {}): Promise<TestConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-console-'));
  const sim = await startSimulatorForTest(10);
  let gateway: Gateway | null = null;
  const close = async () => {
    await gateway?.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    gateway = await createGateway({ dataDir, actor: 'tester', onecOverride: { url: sim.url, username: 'wfm', password: 'wfm' } });
    const api = consoleFromGateway(gateway, { version: TEST_VERSION, host: 'web', zone: 'Europe/Moscow', startedAt: new Date(gateway.clock.now()).toISOString(), actor: 'tester' }, opts.logger);
    const plan = await gateway.sync.createPlan({ from: '2026-01-01', to: '2026-01-31', createdBy: 'tester' });
    return { gateway, dispatcher: api.dispatcher, subscribe: api.subscribe, plan, simulator: sim, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export interface HeldCalls {
  dispatcher: Dispatcher;
  /** Resolves once a held call reached the dispatcher. */
  entered: Promise<void>;
  /** Lets every held call (and later ones) through. */
  release(): void;
}

/** `d` with every call of `method` held until release(): a call in flight, for draining and dropped connections. */
export function holdCalls(d: Dispatcher, method: string): HeldCalls {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let enter!: () => void;
  const entered = new Promise<void>((r) => (enter = r));
  return {
    dispatcher: {
      methodNames: d.methodNames,
      async dispatch(m, input, ctx) {
        if (m === method) {
          enter();
          await released;
        }
        return d.dispatch(m, input, ctx);
      },
    },
    entered,
    release,
  };
}
