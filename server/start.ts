/**
 * `startServer`: the headless host, composed. Opens the gateway on a data
 * directory (with the 1C simulator in-process when no 1C endpoint is
 * configured), binds the contract to HTTP + WebSocket, and closes it all in order.
 * `npm run serve` and `gatewayctl serve` both come through here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { consoleFromGateway } from '../core/api/console.ts';
import { openGatewayWithDemo } from '../core/api/open-gateway.ts';
import type { Gateway } from '../core/service.ts';
import type { Clock } from '../core/time/clock.ts';
import { startOnecSimulator, type OnecSimulator } from '../simulators/onec/server.ts';
import { startMceSimulator, type MceSimulator } from '../simulators/mce/server.ts';
import { prepareDataDir } from '../core/db/files.ts';
import { listenConsoleServer, type ConsoleServer } from './http.ts';
import { claimServeState } from './state-file.ts';

export interface StartServerOptions {
  dataDir: string;
  /** 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Names people reach this host by, besides loopback and `host` (serve --public-name; checked against Host). */
  publicNames?: string[];
  /** GET /metrics without the token (serve --metrics-public). */
  metricsPublic?: boolean;
  /** The access token (serve --token-file); absent: a fresh one for this start. */
  token?: string;
  /** HTTPS and WSS with this certificate chain and key (serve --tls-cert, --tls-key). */
  tls?: { cert: Buffer; key: Buffer };
  /** The built console; renderer/dist by default. */
  staticDir?: string;
  clock?: Clock;
  log?: (line: string) => void;
  /** Process queued operations and run the sync schedule here; default true. */
  runQueue?: boolean;
  /** The in-process simulators of demo mode (MCE's agents are the 1C roster's people with a login). */
  demo?: { employees?: number; seed?: number; today?: string; agentEventsPerSec?: number; mceHeartbeatMs?: number };
  /** How long shutdown waits for in-flight calls. */
  shutdownDeadlineMs?: number;
}

export interface RunningServer extends ConsoleServer {
  demo: boolean;
  gateway: Gateway;
  /** The simulator's base URL in demo mode. */
  simulatorUrl: string | null;
  /** The simulator's controls in demo mode (tests let days pass to make changes). */
  simulator: OnecSimulator | null;
  /** The MCE simulator when mce.url is not set (tests inject faults through it). */
  mceSimulator: MceSimulator | null;
  mceSimulatorUrl: string | null;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8787;
export const DEMO_LABEL = 'Demo: built-in simulators';
export const defaultStaticDir = (): string => fileURLToPath(new URL('../renderer/dist', import.meta.url));

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((l: string) => console.log(l));
  // Claimed before anything starts, so a second host on the same directory is refused at once (gatewayctl status reads it).
  prepareDataDir(opts.dataDir, log);
  const claim = claimServeState(opts.dataDir);
  try {
    return await startClaimed(opts, log, claim.publish, claim.release);
  } catch (e) {
    claim.release();
    throw e;
  }
}

async function startClaimed(
  opts: StartServerOptions,
  log: (line: string) => void,
  publish: ReturnType<typeof claimServeState>['publish'],
  release: () => void,
): Promise<RunningServer> {
  const employees = opts.demo?.employees ?? 300;
  const seed = opts.demo?.seed ?? 1;
  const opened = await openGatewayWithDemo(
    { dataDir: opts.dataDir, clock: opts.clock, runQueue: opts.runQueue ?? true, log },
    {
      onec: async () => Object.assign(await startOnecSimulator({ port: 0, employees, seed, today: opts.demo?.today }), { username: 'wfm', password: 'wfm' }),
      mce: async (onec) =>
        Object.assign(
          await startMceSimulator({
            port: 0,
            agents: 'all',
            seed,
            onecEmployees: employees,
            today: onec?.today() ?? opts.demo?.today,
            eventsPerSec: opts.demo?.agentEventsPerSec,
            heartbeatMs: opts.demo?.mceHeartbeatMs,
          }),
          { username: 'mce', password: 'mce' },
        ),
    },
  );
  try {
    const gw = opened.gateway;
    const consoleApi = consoleFromGateway(
      gw,
      { version: packageVersion(), host: 'web', zone: localZone(), startedAt: new Date(gw.clock.now()).toISOString(), actor: `${gw.actor} (web console)` },
      { error: (m, e) => log(`${m}${e ? ` ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` : ''}`) },
    );
    const server = await listenConsoleServer({
      dispatcher: consoleApi.dispatcher,
      health: () => gw.health(),
      metrics: () => gw.metrics.exposition(),
      metricsPublic: opts.metricsPublic,
      subscribe: consoleApi.subscribe,
      staticDir: opts.staticDir ?? defaultStaticDir(),
      host: opts.host,
      port: opts.port ?? DEFAULT_PORT,
      publicNames: opts.publicNames,
      actor: consoleApi.app.actor,
      token: opts.token,
      tls: opts.tls,
      log,
    });
    try {
      publish({ host: server.host, port: server.port, url: server.url, tls: server.tls, version: packageVersion() });
    } catch (e) {
      await server.close(0);
      throw e;
    }
    let closing: Promise<void> | null = null;
    return {
      ...server,
      demo: gw.demo,
      gateway: gw,
      simulatorUrl: opened.simulator?.url ?? null,
      simulator: opened.simulator,
      mceSimulator: opened.mceSimulator,
      mceSimulatorUrl: opened.mceSimulator?.url ?? null,
      close() {
        closing ??= (async () => {
          try {
            await server.close(opts.shutdownDeadlineMs ?? 10_000);
            await opened.close();
          } finally {
            release();
          }
        })();
        return closing;
      },
    };
  } catch (e) {
    await opened.close().catch(() => undefined);
    throw e;
  }
}
