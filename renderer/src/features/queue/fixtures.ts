// Contract-valid queue objects for component tests.
import type { QueueAttempt, QueueOperation, QueueOperationRow, StatusCounts } from '../../../../core/contract/index.ts';

export function sampleOperation(n: number, over: Partial<QueueOperation> = {}): QueueOperation {
  const created = new Date(Date.UTC(2026, 2, 2, 7, 0, 0) + n * 60_000).toISOString();
  return {
    id: `019cadfd-0000-7000-8000-${String(n).padStart(12, '0')}`,
    type: 'timesheet_request',
    priority: 3,
    status: 'completed',
    data: { date_start: '2026-03-01T00:00:00Z', date_end: '2026-03-31T00:00:00Z', AR_agents: [{ agentId: `a-${n}` }] },
    result: { ok: true },
    retryCount: 0,
    maxRetries: 3,
    createdAt: created,
    startedAt: created,
    completedAt: created,
    runAt: created,
    errorMessage: null,
    errorKind: null,
    apiEndpoint: 'POST /getTimetypeInfo',
    processingNode: null,
    leaseExpiresAt: null,
    createdBy: 'tester',
    idempotencyKey: null,
    updatedAt: created,
    ...over,
  };
}

export function toRow(op: QueueOperation): QueueOperationRow {
  const { data: _d, result: _r, ...row } = op;
  return row;
}

export function sampleAttempt(op: QueueOperation, attemptNo: number, over: Partial<QueueAttempt> = {}): QueueAttempt {
  return {
    operationId: op.id,
    attemptNo,
    startedAt: op.createdAt,
    endedAt: op.createdAt,
    outcome: 'retryable',
    httpStatus: 503,
    durationMs: 1200,
    error: '1C answered 503: service unavailable',
    node: 'host:1:abc',
    ...over,
  };
}

export function countsOf(ops: readonly Pick<QueueOperation, 'status'>[]): StatusCounts {
  const c: StatusCounts = { pending: 0, processing: 0, completed: 0, failed: 0, cancelled: 0 };
  for (const o of ops) c[o.status]++;
  return c;
}

export const emptyHealth = {
  pending: 0,
  scheduled: 0,
  processing: 0,
  failed: 0,
  oldestPendingAgeMs: null,
  oldestPendingSince: null,
  expiredLeases: 0,
  pausedTypes: [],
  asOf: '2026-03-02T10:00:00.000Z',
};
