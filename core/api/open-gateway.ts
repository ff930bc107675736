/**
 * How every console host opens the engine: the configured 1C and MCE
 * endpoints when there are, else simulators the host starts (core never
 * imports the simulators; the host hands in how to start them). Each link is
 * decided on its own: a site with a real 1C and no MCE yet gets the MCE
 * simulator only. The console then says "Demo: built-in simulators".
 */
import type { ScheduleRow } from '../contract/index.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../service.ts';

export interface SimulatorHandle {
  url: string;
  username: string;
  password: string;
  /** The 1C simulator's month of shifts for its people (the demo's schedule). */
  schedules?(month: string): readonly ScheduleRow[];
  close(): Promise<void>;
}

export interface DemoSimulators<S extends SimulatorHandle, M extends SimulatorHandle> {
  /** Started when onec.url is empty. */
  onec(): Promise<S>;
  /** Started when mce.url is empty; told the 1C simulator when one runs, so that its logins match. */
  mce?(onec: S | null): Promise<M>;
}

export interface OpenedGateway<S extends SimulatorHandle = SimulatorHandle, M extends SimulatorHandle = SimulatorHandle> {
  gateway: Gateway;
  /** The 1C simulator, in demo mode. */
  simulator: S | null;
  /** The MCE simulator, when MCE is not configured. */
  mceSimulator: M | null;
  /** Closes the gateway (database) and then the simulators. */
  close(): Promise<void>;
}

export async function openGatewayWithDemo<S extends SimulatorHandle, M extends SimulatorHandle = SimulatorHandle>(
  opts: Omit<GatewayOptions, 'onecOverride' | 'mceOverride'>,
  simulators: DemoSimulators<S, M> | (() => Promise<S>),
): Promise<OpenedGateway<S, M>> {
  const sims: DemoSimulators<S, M> = typeof simulators === 'function' ? { onec: simulators } : simulators;
  // The queue and the listener start only on the gateway that stays open: the probe must not claim work.
  const first = await createGateway({ ...opts, runQueue: false });
  const needOnec = !first.onec.configured();
  const needMce = sims.mce !== undefined && first.config.get('mce.url') === '';
  if (!needOnec && !needMce) {
    if (opts.runQueue) {
      first.queue.start();
      first.mce.start();
    }
    return { gateway: first, simulator: null, mceSimulator: null, close: () => first.close() };
  }
  // Reopened rather than patched: the overrides are fixed when the gateway is built.
  await first.close();
  let onec: S | null = null;
  let mce: M | null = null;
  const closeSims = async () => {
    await Promise.all([onec?.close(), mce?.close()].map((p) => p?.catch(() => undefined)));
  };
  let gateway: Gateway;
  try {
    if (needOnec) onec = await sims.onec();
    if (needMce) mce = await sims.mce!(onec);
    gateway = await createGateway({
      ...opts,
      ...(onec ? { onecOverride: { url: onec.url, username: onec.username, password: onec.password } } : {}),
      ...(onec?.schedules ? { demoSchedules: (month: string) => onec!.schedules!(month) } : {}),
      ...(mce ? { mceOverride: { url: mce.url, username: mce.username, password: mce.password } } : {}),
    });
  } catch (e) {
    await closeSims();
    throw e;
  }
  let closing: Promise<void> | null = null;
  return {
    gateway,
    simulator: onec,
    mceSimulator: mce,
    close() {
      closing ??= gateway.close().finally(closeSims);
      return closing;
    },
  };
}
