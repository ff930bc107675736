/**
 * The health the console shows until core/health provides the full set of
 * checks: the database answers, and whether 1C is configured (or simulated).
 */
import type { HealthCheck, HealthSummary } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';

export interface BasicHealthDeps {
  db: Db;
  clock: Clock;
  demo: boolean;
  onecConfigured: () => boolean;
}

export function worstOf(statuses: HealthCheck['status'][]): HealthSummary['status'] {
  if (statuses.includes('unhealthy')) return 'unhealthy';
  if (statuses.includes('degraded')) return 'degraded';
  if (statuses.length > 0 && statuses.every((s) => s === 'unknown')) return 'unknown';
  return 'healthy';
}

export function basicHealth(d: BasicHealthDeps): HealthSummary {
  const at = new Date(d.clock.now()).toISOString();
  const checks: HealthCheck[] = [];
  const t0 = performance.now();
  try {
    d.db.prepare('SELECT 1').get();
    checks.push({ name: 'database', status: 'healthy', checkedAt: at, latencyMs: Math.round((performance.now() - t0) * 10) / 10, reason: null });
  } catch (e) {
    checks.push({ name: 'database', status: 'unhealthy', checkedAt: at, latencyMs: null, reason: `the database does not answer: ${(e as Error).message}` });
  }
  if (d.demo) {
    checks.push({ name: 'onec', status: 'healthy', checkedAt: at, latencyMs: null, reason: null, details: { mode: 'simulator' } });
  } else if (d.onecConfigured()) {
    checks.push({ name: 'onec', status: 'unknown', checkedAt: null, latencyMs: null, reason: 'not checked yet: the next sync will tell' });
  } else {
    checks.push({ name: 'onec', status: 'unhealthy', checkedAt: at, latencyMs: null, reason: '1C:ZUP endpoint is not configured: set onec.url and the onec credentials' });
  }
  return { status: worstOf(checks.map((c) => c.status)), checkedAt: at, checks };
}
