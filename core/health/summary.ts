/**
 * The gateway's health: one overall state and a check per link (database,
 * queue, 1C:ZUP, MCE, credentials, disk), each with the reason when not healthy.
 */
import { bulkWriterOf } from '../db/bulk-writer.ts';
import { checkpointerOf } from '../db/checkpointer.ts';
import { statfsSync } from 'node:fs';
import type { Db } from '../db/open.ts';
import { asStoreError } from '../db/store-errors.ts';
import { errorMessage } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import type { QueueEngine } from '../queue/engine.ts';
import { queueHealth } from '../queue/queries.ts';
import type { CredentialVault } from '../secrets/vault.ts';
import type { CallMonitor } from './call-monitor.ts';
import type { BreakerSnapshot, CallSeries, HealthCheck, HealthStatus, HealthSummary as ContractHealthSummary, MceStatus } from '../contract/index.ts';
import { mceHealthCheck } from '../mce/health-check.ts';

/** The contract's summary; this gateway always reports breakers and calls (the contract leaves them optional for older ones). */
export type HealthSummary = Required<ContractHealthSummary>;

export interface HealthDeps {
  db: Db;
  clock: Clock;
  dataDir: string;
  queue: QueueEngine;
  vault: CredentialVault;
  calls: CallMonitor;
  demo: boolean;
  onecConfigured: () => boolean;
  /** The host onec.url names now (credentials are bound to one). */
  onecOrigin: () => string | null;
  /** The MCE listener's status (absent: no MCE check). */
  mce?: () => MceStatus;
  /** Oldest due pending operation older than this makes the queue degraded; default 10 min. */
  queueLagMs?: number;
  /** Free space below these: degraded / unhealthy; default 1 GiB / 200 MiB. */
  diskLowBytes?: number;
  diskCriticalBytes?: number;
}

export function worstOf(statuses: HealthStatus[]): HealthStatus {
  if (statuses.includes('unhealthy')) return 'unhealthy';
  if (statuses.includes('degraded')) return 'degraded';
  if (statuses.length > 0 && statuses.every((s) => s === 'unknown')) return 'unknown';
  return 'healthy';
}

const round = (n: number) => Math.round(n * 10) / 10;
const mib = (b: number) => `${Math.round(b / 1048576)} MiB`;

function database(d: HealthDeps, at: string): HealthCheck {
  const t0 = performance.now();
  try {
    d.db.prepare('SELECT count(*) FROM schema_migrations').get();
    // Where bulk writes' WAL checkpoints run: a worker thread, or this thread when the worker could not start.
    const cp = checkpointerOf(d.db);
    const walCheckpoints = cp ? cp.state : 'inline';
    // Where large plans are written: a worker thread per plan, or this thread when it could not have one.
    const writer = bulkWriterOf(d.db);
    const largePlans = !writer
      ? 'this thread'
      : writer.unavailableReason !== null
        ? `this thread (${writer.unavailableReason})`
        : writer.lastProblem !== null
          ? `worker thread (last problem: ${writer.lastProblem})`
          : 'worker thread';
    return { name: 'database', status: 'healthy', checkedAt: at, latencyMs: round(performance.now() - t0), reason: null, details: { file: d.db.name, walCheckpoints, largePlans } };
  } catch (e) {
    return { name: 'database', status: 'unhealthy', checkedAt: at, latencyMs: null, reason: `the database does not answer: ${errorMessage(asStoreError(e, d.db.name))}` };
  }
}

function queue(d: HealthDeps, at: string): HealthCheck {
  try {
    const h = queueHealth(d.db, d.clock);
    const lag = d.queueLagMs ?? 600_000;
    const reasons: string[] = [];
    let status: HealthStatus = 'healthy';
    if (!d.queue.running) {
      status = 'degraded';
      reasons.push('no queue processor runs in this process');
    }
    if (h.oldestPendingAgeMs !== null && h.oldestPendingAgeMs > lag) {
      status = 'degraded';
      reasons.push(`the oldest pending operation has waited ${Math.round(h.oldestPendingAgeMs / 60_000)} min`);
    }
    if (h.failed > 0) {
      status = 'degraded';
      reasons.push(`${h.failed} failed operation(s) wait for a decision on the Queue screen`);
    }
    if (h.pausedTypes.length) reasons.push(`paused: ${h.pausedTypes.map((p) => p.type).join(', ')}`);
    return { name: 'queue', status, checkedAt: at, latencyMs: null, reason: reasons.length ? reasons.join('; ') : null, details: { ...h } };
  } catch (e) {
    return { name: 'queue', status: 'unhealthy', checkedAt: at, reason: `the queue cannot be read: ${(e as Error).message}` };
  }
}

function onec(d: HealthDeps, at: string): HealthCheck {
  const stats = d.calls.stats('onec');
  const breaker = d.queue.breakers.snapshots().find((b) => b.system === 'onec') ?? null;
  const details: Record<string, unknown> = { mode: d.demo ? 'simulator' : 'configured', calls: stats.calls, errors: stats.errors, p95Ms: stats.p95Ms, breaker };
  if (!d.demo && !d.onecConfigured()) {
    return { name: 'onec', status: 'unhealthy', checkedAt: at, reason: '1C:ZUP endpoint is not configured: set onec.url and the onec credentials', details };
  }
  if (breaker && breaker.state !== 'closed') {
    return {
      name: 'onec',
      status: breaker.state === 'open' ? 'unhealthy' : 'degraded',
      checkedAt: stats.last ? new Date(stats.last.startedAt).toISOString() : at,
      latencyMs: stats.last?.durationMs ?? null,
      reason: `circuit breaker ${breaker.state.replace('_', '-')} after ${breaker.consecutiveFailures} consecutive failures${breaker.nextProbeAt ? `; next probe at ${breaker.nextProbeAt}` : ''}${stats.lastError?.error ? `; last error: ${stats.lastError.error}` : ''}`,
      details,
    };
  }
  if (!stats.last) {
    return { name: 'onec', status: d.demo ? 'healthy' : 'unknown', checkedAt: null, latencyMs: null, reason: d.demo ? null : 'no call made yet: the next sync will tell', details };
  }
  const checkedAt = new Date(stats.last.startedAt).toISOString();
  if (!stats.last.ok) {
    return { name: 'onec', status: 'degraded', checkedAt, latencyMs: stats.last.durationMs, reason: `the last call failed: ${stats.last.error ?? `HTTP ${stats.last.status}`}`, details };
  }
  return { name: 'onec', status: 'healthy', checkedAt, latencyMs: stats.last.durationMs, reason: null, details };
}

function mce(d: HealthDeps): HealthCheck {
  try {
    return mceHealthCheck(d.mce!(), d.clock.now());
  } catch (e) {
    return { name: 'mce', status: 'unknown', checkedAt: new Date(d.clock.now()).toISOString(), reason: `the MCE status cannot be read: ${(e as Error).message}` };
  }
}

function credentials(d: HealthDeps, at: string): HealthCheck {
  if (d.demo) return { name: 'credentials', status: 'healthy', checkedAt: at, reason: null, details: { onec: 'simulator' } };
  try {
    const s = d.vault.status('onec');
    if (!s.configured) return { name: 'credentials', status: 'unhealthy', checkedAt: at, reason: '1C:ZUP credentials are not set: gatewayctl credentials set onec --user U --password-stdin' };
    d.vault.verify('onec'); // proves the key still opens them
    const origin = d.onecOrigin();
    if (s.boundTo !== null && s.boundTo !== origin) {
      return {
        name: 'credentials',
        status: 'unhealthy',
        checkedAt: at,
        reason: `1C:ZUP credentials were set for ${s.boundTo}, but onec.url now points to ${origin ?? 'nothing'}; they are not sent to another host: gatewayctl credentials set onec --user U --password-stdin`,
        details: { onec: { username: s.username, rotatedAt: s.rotatedAt, boundTo: s.boundTo } },
      };
    }
    return { name: 'credentials', status: 'healthy', checkedAt: at, reason: null, details: { onec: { username: s.username, rotatedAt: s.rotatedAt, boundTo: s.boundTo } } };
  } catch (e) {
    return { name: 'credentials', status: 'unhealthy', checkedAt: at, reason: (e as Error).message };
  }
}

function disk(d: HealthDeps, at: string): HealthCheck {
  try {
    const s = statfsSync(d.dataDir);
    const free = s.bavail * s.bsize;
    const low = d.diskLowBytes ?? 1024 ** 3;
    const critical = d.diskCriticalBytes ?? 200 * 1048576;
    const details = { freeBytes: free, totalBytes: s.blocks * s.bsize, dataDir: d.dataDir };
    if (free < critical) return { name: 'disk', status: 'unhealthy', checkedAt: at, reason: `only ${mib(free)} free for the data directory: writes will fail soon; free space or move the data directory`, details };
    if (free < low) return { name: 'disk', status: 'degraded', checkedAt: at, reason: `${mib(free)} free for the data directory`, details };
    return { name: 'disk', status: 'healthy', checkedAt: at, reason: null, details };
  } catch (e) {
    return { name: 'disk', status: 'unknown', checkedAt: at, reason: `free space cannot be read: ${(e as Error).message}` };
  }
}

/** The systems every gateway talks to: shown on Health (and in the metrics) before their first call. */
export const KNOWN_SYSTEMS = ['onec'];

/** Every breaker the queue holds; a known system whose breaker was never needed yet reads as closed. */
export function breakerList(registry: Pick<QueueEngine['breakers'], 'snapshots'>): BreakerSnapshot[] {
  const list = registry.snapshots();
  for (const system of KNOWN_SYSTEMS) {
    if (!list.some((b) => b.system === system)) list.push({ system, state: 'closed', consecutiveFailures: 0, openedAt: null, nextProbeAt: null, probeInFlight: false });
  }
  return list.sort((a, b) => a.system.localeCompare(b.system));
}

function breakers(d: HealthDeps): BreakerSnapshot[] {
  return breakerList(d.queue.breakers);
}

function callSeries(d: HealthDeps, now: number): CallSeries[] {
  const systems = [...new Set([...KNOWN_SYSTEMS, ...d.calls.systems()])].sort();
  return systems.map((system) => {
    const s = d.calls.series(system, now);
    return { system, windowMinutes: s.points.length, calls: s.calls, errors: s.errors, p95Ms: s.p95Ms, points: s.points.map((p) => ({ ...p, at: new Date(p.at).toISOString() })) };
  });
}

export function healthSummary(d: HealthDeps): HealthSummary {
  const at = new Date(d.clock.now()).toISOString();
  const checks = [database(d, at), queue(d, at), onec(d, at), ...(d.mce ? [mce(d)] : []), credentials(d, at), disk(d, at)];
  // The 1C caller stamps its calls with the wall clock, so their window ends at the wall clock's minute.
  return { status: worstOf(checks.map((c) => c.status)), checkedAt: at, checks, breakers: breakers(d), calls: callSeries(d, Date.now()) };
}
