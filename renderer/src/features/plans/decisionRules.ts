// The rules of the approve and reject dialogs, apart from the UI so they are tested alone.
import type { PlanSummary } from '../../../../core/contract/index.ts';

export interface ApprovalDraft {
  name: string;
  comment: string;
  confirmMass: boolean;
}

export interface ApprovalProblems {
  name?: 'nameRequired';
  confirm?: 'confirmMassRequired';
}

/** A name is required; a flagged mass deactivation needs its explicit confirmation. */
export function approvalProblems(draft: ApprovalDraft, plan: Pick<PlanSummary, 'massDeactivation'>): ApprovalProblems {
  const p: ApprovalProblems = {};
  if (draft.name.trim() === '') p.name = 'nameRequired';
  if (plan.massDeactivation.flagged && !draft.confirmMass) p.confirm = 'confirmMassRequired';
  return p;
}

export interface RejectionDraft {
  name: string;
  reason: string;
}

export function rejectionProblems(draft: RejectionDraft): { name?: 'nameRequired'; reason?: 'reasonRequired' } {
  const p: { name?: 'nameRequired'; reason?: 'reasonRequired' } = {};
  if (draft.name.trim() === '') p.name = 'nameRequired';
  if (draft.reason.trim() === '') p.reason = 'reasonRequired';
  return p;
}

export function hasProblems(p: object): boolean {
  return Object.keys(p).length > 0;
}

/** Share of active employees a plan deactivates, one decimal. */
export function deactivationPct(m: PlanSummary['massDeactivation']): number {
  if (m.activeEmployees === 0) return m.deactivations > 0 ? 100 : 0;
  return Math.round((m.deactivations / m.activeEmployees) * 1000) / 10;
}
