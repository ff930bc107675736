/** The real headless host on a temporary data directory, with the in-process 1C and MCE simulators. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server/start.ts';
import { distIndex } from './build.ts';
import { dirname } from 'node:path';

export interface Host {
  server: RunningServer;
  dataDir: string;
  /** Host log lines, for a failing test's message. */
  log: string[];
  /** Stops the host; the data directory goes too unless kept for a restart. */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export interface HostOptions {
  employees?: number;
  seed?: number;
  dataDir?: string;
  /** The MCE simulator's status events per second, all agents together (default: 3 per agent a minute). */
  agentEventsPerSec?: number;
  /** The MCE simulator's heartbeat period (default 30 s). */
  mceHeartbeatMs?: number;
}

export async function startHost(opts: HostOptions = {}): Promise<Host> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'argus-e2e-'));
  const log: string[] = [];
  const server = await startServer({
    dataDir,
    port: 0,
    staticDir: dirname(distIndex),
    demo: { employees: opts.employees ?? 200, seed: opts.seed ?? 7, agentEventsPerSec: opts.agentEventsPerSec, mceHeartbeatMs: opts.mceHeartbeatMs },
    log: (l) => log.push(l),
  });
  return {
    server,
    dataDir,
    log,
    async close(closeOpts) {
      await server.close();
      if (!closeOpts?.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
