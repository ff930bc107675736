/**
 * Who serves a data directory: `serve.state.json` beside the database, written
 * when the headless host has bound its port and removed when it stops. A crash
 * (SIGKILL, power loss) cannot remove it, so a reader checks that the process
 * it names still lives, and on Linux that it is the same process (its start time
 * in /proc), not a later one given the same pid. Created exclusively: a second
 * host on the same directory is refused while the first lives, and replaces a
 * stale file. `gatewayctl status` reads it without opening the database.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STATE_FILE = 'serve.state.json';

export interface ServeState {
  pid: number;
  /** When the host started, ISO 8601 UTC. */
  since: string;
  host: string;
  port: number;
  /** http(s)://host:port, without the token. */
  url: string;
  tls: boolean;
  version: string;
  dataDir: string;
  /** Linux: the process's start time in clock ticks since boot (/proc/PID/stat, field 22); null elsewhere. */
  procStart: string | null;
}

export type StateReading =
  | { running: true; state: ServeState }
  | { running: false; stale: ServeState | null; unreadable?: string };

export const stateFileOf = (dataDir: string): string => join(dataDir, STATE_FILE);

/** A process's start time, to tell it from a later process with the same pid. */
export function processStart(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function processAlive(pid: number, procStart: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists, under another user (a service account).
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (procStart === null) return true;
  const now = processStart(pid);
  return now === null || now === procStart;
}

function parse(text: string): ServeState | null {
  try {
    const s = JSON.parse(text) as Partial<ServeState>;
    if (!Number.isInteger(s.pid) || typeof s.since !== 'string') return null;
    return {
      pid: s.pid!,
      since: s.since,
      host: String(s.host ?? ''),
      port: Number(s.port ?? 0),
      url: String(s.url ?? ''),
      tls: Boolean(s.tls),
      version: String(s.version ?? ''),
      dataDir: String(s.dataDir ?? ''),
      procStart: typeof s.procStart === 'string' ? s.procStart : null,
    };
  } catch {
    return null;
  }
}

export function readServeState(dataDir: string): StateReading {
  let text: string;
  try {
    text = readFileSync(stateFileOf(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { running: false, stale: null };
    return { running: false, stale: null, unreadable: `${stateFileOf(dataDir)} cannot be read: ${(e as Error).message}` };
  }
  const state = parse(text);
  // A half-written file cannot happen (it is renamed into place); a damaged one names no process to trust.
  if (!state) return { running: false, stale: null, unreadable: `${stateFileOf(dataDir)} is not a state file this version writes` };
  return processAlive(state.pid, state.procStart) ? { running: true, state } : { running: false, stale: state };
}

/** Removes a stale file, only if it still says what was read (a host starting now must keep its own). */
export function removeStale(dataDir: string, stale: ServeState): boolean {
  const file = stateFileOf(dataDir);
  try {
    const now = parse(readFileSync(file, 'utf8'));
    if (!now || now.pid !== stale.pid || now.since !== stale.since) return false;
    unlinkSync(file);
    return true;
  } catch {
    return false;
  }
}

export class AlreadyServingError extends Error {
  readonly state: ServeState;
  constructor(state: ServeState) {
    super(`a gateway already serves this data directory (pid ${state.pid}, since ${state.since}, ${state.url}): stop it first, or give another --data-dir`);
    this.state = state;
  }
}

export interface StateClaim {
  /** Records where the host listens, once it does. */
  publish(state: Omit<ServeState, 'pid' | 'since' | 'procStart' | 'dataDir'>): void;
  /** Removes the file if it is still ours. */
  release(): void;
}

/**
 * Claims the data directory for this process: exclusive creation, so of two
 * hosts starting together one is refused; a stale file is replaced.
 */
export function claimServeState(dataDir: string, now: () => number = Date.now): StateClaim {
  const file = stateFileOf(dataDir);
  const base = { pid: process.pid, since: new Date(now()).toISOString(), procStart: processStart(process.pid), dataDir };
  const initial: ServeState = { ...base, host: '', port: 0, url: '', tls: false, version: '' };
  let inTheWay: string | null = null;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(initial, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (attempt > 0) throw new Error(`${file} is in the way and cannot be replaced${inTheWay ? ` (${inTheWay})` : ''}: remove it, as the user this gateway runs as or root`);
      const r = readServeState(dataDir);
      if (r.running) throw new AlreadyServingError(r.state);
      // Stale, or damaged: it names no living host.
      try {
        unlinkSync(file);
      } catch (u) {
        // ENOENT: another starter removed it first; the retry decides.
        if ((u as NodeJS.ErrnoException).code !== 'ENOENT') inTheWay = (u as Error).message;
      }
    }
  }
  let released = false;
  return {
    publish(s) {
      if (released) return;
      const tmp = `${file}.${process.pid}.tmp`;
      // Created afresh (a leftover, or a symbolic link planted there, is removed, never written through).
      try {
        unlinkSync(tmp);
      } catch {
        /* none: the usual case */
      }
      writeFileSync(tmp, JSON.stringify({ ...base, ...s }, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
      renameSync(tmp, file);
    },
    release() {
      if (released) return;
      released = true;
      try {
        const current = parse(readFileSync(file, 'utf8'));
        if (current && current.pid === base.pid && current.since === base.since) unlinkSync(file);
      } catch {
        /* already gone */
      }
    },
  };
}
