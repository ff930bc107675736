/** Contract-valid sample objects for renderer tests. */
import type { PlanSummary } from '../../../core/contract/index.ts';

export function samplePlanForTests(id: number, over: Partial<PlanSummary> = {}): PlanSummary {
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
