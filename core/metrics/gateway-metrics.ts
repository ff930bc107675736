/**
 * The gateway's Prometheus metrics: its own Registry (never the global one,
 * so two gateways in one process do not clash), 1C call counts and latencies
 * from the API-call monitor, and what the database and the links hold, read at
 * scrape time. A host serves `exposition()` (server/: GET /metrics).
 */
import { Registry } from 'prom-client';
import type { BreakerSnapshot, MceStatus } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import type { CallMonitor } from '../health/call-monitor.ts';
import type { Clock } from '../time/clock.ts';
import { registerBreakers, registerMce } from './links.ts';
import { registerOnecCalls } from './onec-calls.ts';
import { registerStoreGauges } from './store-gauges.ts';

export interface GatewayMetricsDeps {
  db: Db;
  clock: Clock;
  calls: CallMonitor;
  breakers: () => BreakerSnapshot[];
  mce: () => MceStatus;
}

export interface Exposition {
  contentType: string;
  body: string;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly stopCalls: () => void;
  /** One MCE status per scrape, so its mode, counters and agents agree with each other. */
  private mceNow: MceStatus | null = null;

  constructor(deps: GatewayMetricsDeps) {
    this.stopCalls = registerOnecCalls(this.registry, deps.calls);
    registerStoreGauges(this.registry, deps.db, deps.clock);
    registerBreakers(this.registry, deps.breakers);
    registerMce(this.registry, () => (this.mceNow ??= deps.mce()));
  }

  /** The text format, collected now. */
  async exposition(): Promise<Exposition> {
    this.mceNow = null;
    try {
      return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    } finally {
      this.mceNow = null;
    }
  }

  /** Stops counting calls (the gateway closes). */
  close(): void {
    this.stopCalls();
  }
}
