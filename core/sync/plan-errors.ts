/**
 * Why a plan cannot be approved, rejected or applied, in words an operator can
 * act on. All permanent: retrying the same call cannot succeed.
 */
import { GatewayError } from '../errors.ts';
import type { PlanRow } from './plan-store.ts';

export function planNotFound(id: number): GatewayError {
  return new GatewayError('plan_not_found', `plan ${id} does not exist`, 'permanent', { planId: id });
}

export function stalePlan(id: number): GatewayError {
  return new GatewayError('plan_stale', `stale plan: the directory changed since plan ${id} was computed; generate a new plan`, 'permanent', { planId: id });
}

/** What the plan's status means for someone who wanted to act on it. */
export function statusRefusal(r: PlanRow, wanted: 'approve' | 'reject' | 'apply' | 'change exclusions of'): GatewayError {
  const id = r.id;
  const details = { planId: id, status: r.status };
  switch (r.status) {
    case 'awaiting_approval':
      return new GatewayError('plan_not_approved', `plan ${id} is awaiting approval; approve it first`, 'permanent', details);
    case 'approved':
      return new GatewayError('plan_already_approved', `plan ${id} was already approved by ${r.approved_by} at ${r.approved_at}; it can no longer be changed, only applied or rejected`, 'permanent', details);
    case 'rejected':
      return new GatewayError('plan_rejected', `plan ${id} was rejected by ${r.rejected_by} at ${r.rejected_at} (${r.rejection_reason}); generate a new plan`, 'permanent', details);
    case 'expired':
      return new GatewayError('plan_expired', `plan ${id} expired at ${r.expires_at}; generate a new plan`, 'permanent', details);
    case 'applying':
      return new GatewayError('plan_applying', `plan ${id} is being applied (${r.applied_items} of ${r.applicable_items} items so far); cannot ${wanted} it now`, 'permanent', details);
    case 'applied':
      return new GatewayError('plan_already_applied', `plan ${id} was already applied at ${r.applied_at}; cannot ${wanted} it`, 'permanent', details);
    case 'failed':
      return new GatewayError('plan_failed', `plan ${id} failed while being applied (${r.apply_error ?? 'no message'}); apply it again to resume, it cannot be ${wanted === 'approve' ? 'approved' : 'changed'}`, 'permanent', details);
  }
}

/**
 * The disk filled up during an apply. Each batch is one transaction, so the
 * batch that failed left nothing behind and the batches before it stay; apply
 * again resumes after them. Permanent: nothing changes until someone frees space.
 */
export function applyDiskFull(file: string, planId: number, at: { batches: number; done: number; total: number; finishing: boolean }): GatewayError {
  const where = at.finishing
    ? `every item was written (${at.done} of ${at.total}), only marking plan ${planId} applied failed`
    : at.batches === 0
      ? `the apply of plan ${planId} stopped at its first batch, nothing of batch 1 was written (${at.done} of ${at.total} items written before)`
      : `the apply of plan ${planId} stopped after batch ${at.batches} (${at.done} of ${at.total} items written), nothing of batch ${at.batches + 1} was written`;
  return new GatewayError('apply_disk_full', `the disk holding ${file} is full; ${where}; free space and run apply again: it resumes where it stopped`, 'permanent', {
    planId,
    file,
    batchesWritten: at.batches,
    itemsWritten: at.done,
    items: at.total,
  });
}
