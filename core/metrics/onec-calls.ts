/**
 * 1C:ZUP calls as Prometheus counts them: a counter by method and outcome and
 * a latency histogram by method, fed by the API-call monitor as each call ends.
 * The buckets span what 1C calls take: 10 ms for a small read on a quiet
 * server to 5 min for a month of personnel (the client's timeouts are 30 s per
 * phase), so avg (sum/count), p95 and p99 (histogram_quantile) are meaningful.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { CallMonitor, CallSample } from '../health/call-monitor.ts';

export const ONEC_DURATION_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** ok, or how the call failed (ARCHITECTURE.md, principle 8). */
export function outcomeOf(s: CallSample): string {
  if (s.ok) return 'ok';
  return s.errorKind ?? 'error';
}

export function registerOnecCalls(registry: Registry, calls: CallMonitor): () => void {
  const total = new Counter({
    name: 'argus_onec_calls_total',
    help: 'Calls to 1C:ZUP by method and outcome (ok, or the error kind: retryable, permanent, unknown_outcome).',
    labelNames: ['method', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'argus_onec_call_duration_seconds',
    help: 'Duration of calls to 1C:ZUP by method, failed ones included, in seconds.',
    labelNames: ['method'] as const,
    buckets: ONEC_DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  return calls.observe((system, s) => {
    if (system !== 'onec') return;
    total.inc({ method: s.method, outcome: outcomeOf(s) });
    duration.observe({ method: s.method }, s.durationMs / 1000);
  });
}
