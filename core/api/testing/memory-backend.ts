/**
 * A small in-memory ConsoleBackend for transport tests (server, client, IPC
 * bridge): the transports are under test here, not the engine. Engine-backed
 * tests use the real gateway (see server/start.test.ts).
 */
import type { ConsoleBackend } from '../backend.ts';
import type { PlanSummary } from '../../contract/index.ts';
import { EventBus } from '../../events.ts';
import { GatewayError } from '../../errors.ts';
import type { MceService } from '../../mce/service.ts';
import { unavailableAuditApi, unavailableConnectionApi, unavailableQueueApi, unavailableScheduleApi } from './queue-stub.ts';

export type MemoryEvents = { 'plan.changed': { planId: number; status: PlanSummary['status'] }; 'plan.applyProgress': { planId: number; done: number; total: number } };

export function samplePlan(id: number, over: Partial<PlanSummary> = {}): PlanSummary {
  return {
    id,
    status: 'awaiting_approval',
    periodFrom: '2026-01-01',
    periodTo: '2026-01-31',
    createdAt: '2026-01-15T09:00:00.000Z',
    createdBy: 'tester',
    expiresAt: '2026-01-16T09:00:00.000Z',
    fingerprint: 'f'.repeat(64),
    counts: { create: 2, update: 1, deactivate: 0, unchanged: 5, invalid: 0 },
    excludedCount: 0,
    massDeactivation: { flagged: false, deactivations: 0, activeEmployees: 10, thresholdPct: 10, emptyResponse: false },
    approvedBy: null,
    approvedAt: null,
    approvalComment: null,
    massDeactivationConfirmed: false,
    rejectedBy: null,
    rejectedAt: null,
    rejectionReason: null,
    appliedAt: null,
    appliedItems: 0,
    applyError: null,
    itemsPrunedAt: null,
    ...over,
  };
}

export function createMemoryBackend(opts: { slowApplyMs?: number } = {}) {
  const events = new EventBus<MemoryEvents>();
  const plans = new Map<number, PlanSummary>([[1, samplePlan(1)]]);
  const config: Record<string, unknown> = { 'onec.url': '', 'sync.maxDeactivationPct': 10 };
  const find = (id: number) => {
    const p = plans.get(id);
    if (!p) throw new GatewayError('plan_not_found', `sync plan #${id} does not exist`);
    return p;
  };
  const backend: ConsoleBackend = {
    sync: {
      createPlan: ({ from, to, createdBy }) => {
        const p = samplePlan(plans.size + 1, { periodFrom: from, periodTo: to, createdBy });
        plans.set(p.id, p);
        events.emit('plan.changed', { planId: p.id, status: p.status });
        return p;
      },
      listPlans: ({ status, offset = 0, limit = 50 }) => {
        const all = [...plans.values()].filter((p) => !status || p.status === status);
        return { total: all.length, plans: all.slice(offset, offset + limit) };
      },
      getPlan: (id) => plans.get(id) ?? null,
      listItems: () => ({ total: 0, items: [], facets: { departments: [], areas: [] } }),
      setExcluded: (id, ids, excluded) => {
        const p = find(id);
        plans.set(id, { ...p, excludedCount: Math.max(0, p.excludedCount + (excluded ? ids.length : -ids.length)) });
      },
      approve: (id, { by, comment }) => {
        const p = find(id);
        if (p.status !== 'awaiting_approval') throw new GatewayError('plan_not_awaiting_approval', `plan #${id} is ${p.status}, not awaiting approval`);
        plans.set(id, { ...p, status: 'approved', approvedBy: by, approvalComment: comment ?? null, approvedAt: '2026-01-15T10:00:00.000Z' });
        events.emit('plan.changed', { planId: id, status: 'approved' });
      },
      reject: (id, { by, reason }) => {
        const p = find(id);
        plans.set(id, { ...p, status: 'rejected', rejectedBy: by, rejectionReason: reason });
        events.emit('plan.changed', { planId: id, status: 'rejected' });
      },
      apply: async (id) => {
        const p = find(id);
        for (let done = 1; done <= 3; done++) {
          if (opts.slowApplyMs) await new Promise((r) => setTimeout(r, opts.slowApplyMs));
          events.emit('plan.applyProgress', { planId: id, done, total: 3 });
        }
        plans.set(id, { ...p, status: 'applied', appliedItems: 3 });
        events.emit('plan.changed', { planId: id, status: 'applied' });
        return { planId: id, alreadyApplied: false, created: 2, updated: 1, deactivated: 0, skippedExcluded: 0, message: 'applied 3 changes' };
      },
    },
    directory: { list: () => ({ total: 0, employees: [] }) },
    config: {
      all: () => ({ ...config }),
      set: (key, value) => {
        if (!(key in config)) throw new GatewayError('config_unknown_key', `unknown configuration key "${key}"`);
        config[key] = value;
        return value;
      },
    },
    health: async () => ({ status: 'healthy', checkedAt: '2026-01-15T09:00:00.000Z', checks: [{ name: 'database', status: 'healthy', checkedAt: '2026-01-15T09:00:00.000Z', latencyMs: 1, reason: null }] }),
    app: { version: '0.0.0-test', host: 'web', dataDir: '/tmp/test', zone: 'Europe/Moscow', startedAt: '2026-01-15T09:00:00.000Z', demo: true, actor: 'tester' },
    queue: unavailableQueueApi(),
    schedule: unavailableScheduleApi(),
    connection: unavailableConnectionApi(),
    audit: unavailableAuditApi(),
    // Transport tests never call agents.* or mce.*; engine-backed tests use a real gateway.
    mce: null as unknown as MceService,
  };
  return { backend, events, plans };
}
