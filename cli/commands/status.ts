/**
 * `gatewayctl status`: whether a headless gateway serves this data directory,
 * from the state file it keeps there (server/state-file.ts), without opening
 * the database. Exit 0 running, 3 not running, 4 unknown: the file cannot be
 * read (as LSB init scripts count it), e.g. another user than the service's asks.
 */
import type { Command } from 'commander';
import { emit, globals } from '../context.ts';
import { readServeState, removeStale, stateFileOf, type ServeState } from '../../server/state-file.ts';

export const NOT_RUNNING_EXIT = 3;
/** The state file exists but cannot be read: whether a gateway runs is not known (LSB "status unknown"). */
export const UNKNOWN_EXIT = 4;

export interface StatusResult {
  running: boolean;
  dataDir: string;
  pid?: number;
  since?: string;
  host?: string;
  port?: number;
  url?: string;
  tls?: boolean;
  version?: string;
  /** The host a crash left recorded: its process is gone. */
  stale?: { pid: number; since: string; removed: boolean };
  /** The state file could not be read: `running: false` is not a finding then. */
  unknown?: true;
  problem?: string;
}

function uptime(since: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : m ? `${m} min` : `${s} s`;
}

export function statusOf(dataDir: string): StatusResult {
  const r = readServeState(dataDir);
  if (r.running) {
    const s: ServeState = r.state;
    return { running: true, dataDir, pid: s.pid, since: s.since, host: s.host, port: s.port, url: s.url, tls: s.tls, version: s.version };
  }
  const out: StatusResult = { running: false, dataDir };
  if (r.stale) out.stale = { pid: r.stale.pid, since: r.stale.since, removed: removeStale(dataDir, r.stale) };
  if (r.unreadable) {
    out.unknown = true;
    out.problem = r.unreadable;
  }
  return out;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('whether a headless gateway (serve) is running on the data directory: pid, since, address, version; exits 3 when none is')
    .action((_o: unknown, cmd: Command) => {
      const dataDir = globals(cmd).dataDir;
      const result = statusOf(dataDir);
      emit(cmd, result, (r) => {
        if (r.running) {
          if (r.port === 0) return `starting: pid ${r.pid} since ${r.since}, not listening yet\ndata: ${r.dataDir}`;
          return [`running: pid ${r.pid}, since ${r.since} (up ${uptime(r.since!, Date.now())})`, `address: ${r.url}${r.tls ? ' (TLS)' : ''}, host ${r.host}, port ${r.port}`, `version: ${r.version}`, `data: ${r.dataDir}`].join('\n');
        }
        // Unreadable (EACCES as another user than the service's): saying "not running" would be a guess.
        if (r.unknown) return [`unknown: cannot tell whether a gateway serves ${r.dataDir}`, r.problem, 'run it as the service\'s user (argus-gatewayctl status)'].join('\n');
        const lines = [`not running: no gateway serves ${r.dataDir}`];
        if (r.stale) lines.push(`the state file named pid ${r.stale.pid} (since ${r.stale.since}), which has ended without removing it (a crash or a kill)${r.stale.removed ? '; removed' : `; ${stateFileOf(r.dataDir)} is left`}`);
        return lines.join('\n');
      });
      if (!result.running) process.exitCode = result.unknown ? UNKNOWN_EXIT : NOT_RUNNING_EXIT;
    });
}
