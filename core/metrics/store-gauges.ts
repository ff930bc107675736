/**
 * What the database holds, read at scrape time (the database is the truth:
 * another process on the same store, `gatewayctl queue work`, counts too):
 * queue depth by status and type, the age of the oldest due operation, sync
 * plans by status, audit log entries. Each read is an indexed count.
 */
import { Gauge, type Registry } from 'prom-client';
import { planStatusSchema } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import { OPERATION_TYPES } from '../queue/operation-types.ts';
import { stmt } from '../queue/prepared.ts';
import { queueDepth, queueHealth } from '../queue/queries.ts';
import type { Clock } from '../time/clock.ts';

const DEPTH_STATUSES = ['pending', 'processing', 'failed'] as const;

export function registerStoreGauges(registry: Registry, db: Db, clock: Clock): void {
  new Gauge({
    name: 'argus_queue_operations',
    help: 'Queue operations pending (due or scheduled), processing, or failed and waiting for a decision, by type.',
    labelNames: ['status', 'type'] as const,
    registers: [registry],
    collect() {
      this.reset();
      // Every known type and status, zeros included: a series that comes and goes breaks rate() and alerts.
      for (const status of DEPTH_STATUSES) for (const type of OPERATION_TYPES) this.set({ status, type }, 0);
      for (const r of queueDepth(db)) this.set({ status: r.status, type: r.type }, r.n);
    },
  });
  new Gauge({
    name: 'argus_queue_oldest_pending_age_seconds',
    help: 'Age of the oldest pending operation that is due, in seconds; 0 when none waits.',
    registers: [registry],
    collect() {
      const ms = queueHealth(db, clock).oldestPendingAgeMs;
      this.set(ms === null ? 0 : ms / 1000);
    },
  });
  new Gauge({
    name: 'argus_sync_plans',
    help: 'Personnel sync plans by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const status of planStatusSchema.options) this.set({ status }, 0);
      const rows = stmt(db, 'SELECT status, count(*) AS n FROM sync_plans GROUP BY status').all() as Array<{ status: string; n: number }>;
      for (const r of rows) this.set({ status: r.status }, r.n);
    },
  });
  new Gauge({
    name: 'argus_audit_entries',
    help: 'Entries in the hash-chained audit log.',
    registers: [registry],
    collect() {
      this.set((stmt(db, 'SELECT count(*) AS n FROM audit_log').get() as { n: number }).n);
    },
  });
}
