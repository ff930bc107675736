/**
 * Who holds an operation's lease, in words: processor ids are
 * `<host>:<pid>:<random>`, so on the same host we can tell whether that
 * process still runs (a crashed `gatewayctl sync apply` leaves its lease to
 * run out).
 */
import { hostname } from 'node:os';

export interface LeaseHolder {
  node: string;
  host: string | null;
  pid: number | null;
  /** False when the process is on this host and gone; null when that cannot be told (another host). */
  alive: boolean | null;
}

export function leaseHolder(node: string): LeaseHolder {
  const m = /^(.*):(\d+):[^:]+$/.exec(node);
  if (!m) return { node, host: null, pid: null, alive: null };
  const host = m[1]!;
  const pid = Number(m[2]);
  if (host !== hostname()) return { node, host, pid, alive: null };
  try {
    process.kill(pid, 0);
    return { node, host, pid, alive: true };
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return { node, host, pid, alive: (e as NodeJS.ErrnoException).code === 'EPERM' };
  }
}

export function describeHolder(h: LeaseHolder): string {
  if (h.pid === null) return `processor ${h.node}`;
  const where = h.alive === null ? ` on ${h.host}` : '';
  const state = h.alive === false ? ', a process that is no longer running' : h.alive ? ', still running' : '';
  return `process ${h.pid}${where}${state}`;
}
