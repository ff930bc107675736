/**
 * How every console host opens the engine: the configured 1C endpoint when
 * there is one, else a simulator the host starts (core never imports the
 * simulators; the host hands in how to start one). The console then says
 * "Demo: built-in simulators".
 */
import { createGateway, type Gateway, type GatewayOptions } from '../service.ts';

export interface SimulatorHandle {
  url: string;
  username: string;
  password: string;
  close(): Promise<void>;
}

export interface OpenedGateway<S extends SimulatorHandle = SimulatorHandle> {
  gateway: Gateway;
  /** Set in demo mode. */
  simulator: S | null;
  /** Closes the gateway (database) and then the simulator. */
  close(): Promise<void>;
}

export async function openGatewayWithDemo<S extends SimulatorHandle>(
  opts: Omit<GatewayOptions, 'onecOverride'>,
  startSimulator: () => Promise<S>,
): Promise<OpenedGateway<S>> {
  // The queue starts only on the gateway that stays open: the probe must not claim work.
  const first = await createGateway({ ...opts, runQueue: false });
  if (first.onec.configured()) {
    if (opts.runQueue) first.queue.start();
    return { gateway: first, simulator: null, close: () => first.close() };
  }
  // Reopened rather than patched: the 1C override is fixed when the gateway is built.
  await first.close();
  const sim = await startSimulator();
  let gateway: Gateway;
  try {
    gateway = await createGateway({ ...opts, onecOverride: { url: sim.url, username: sim.username, password: sim.password } });
  } catch (e) {
    await sim.close().catch(() => undefined);
    throw e;
  }
  let closing: Promise<void> | null = null;
  return {
    gateway,
    simulator: sim,
    close() {
      closing ??= gateway.close().finally(() => sim.close());
      return closing;
    },
  };
}
