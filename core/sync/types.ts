/**
 * The shape of a personnel sync plan as the rest of the gateway sees it
 * (CLI, contract, console). Storage and reconciliation live beside this file.
 */

export type PlanStatus =
  | 'awaiting_approval'
  | 'approved'
  | 'rejected'
  | 'applying'
  | 'applied'
  | 'failed'
  | 'expired';

export type ItemAction = 'create' | 'update' | 'deactivate' | 'unchanged' | 'invalid';
export type ItemEntity = 'employee' | 'department' | 'position';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface PlanCounts {
  create: number;
  update: number;
  deactivate: number;
  unchanged: number;
  invalid: number;
}

export interface MassDeactivation {
  /** True when the plan needs an explicit confirmation to be approved. */
  flagged: boolean;
  /** Employees this plan deactivates (excluded items not counted). */
  deactivations: number;
  activeEmployees: number;
  thresholdPct: number;
  /** 1C sent no agents at all. */
  emptyResponse: boolean;
}

export interface PlanSummary {
  id: number;
  status: PlanStatus;
  periodFrom: string;
  periodTo: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  fingerprint: string;
  /** Counts per action over employees, departments and positions. */
  counts: PlanCounts;
  excludedCount: number;
  massDeactivation: MassDeactivation;
  approvedBy: string | null;
  approvedAt: string | null;
  approvalComment: string | null;
  massDeactivationConfirmed: boolean;
  rejectedBy: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  appliedAt: string | null;
  /** Items applied so far, for resumable apply and progress. */
  appliedItems: number;
  applyError: string | null;
  /** Items apply will write: create, update and deactivate, not excluded. */
  applicableItems?: number;
  applyStartedAt?: string | null;
  /** When the retention policy (retention.planDays) removed this plan's items; null while it has them. */
  itemsPrunedAt: string | null;
}

export interface PlanItem {
  id: number;
  planId: number;
  entity: ItemEntity;
  /** The 1C id: agentId, departmentId or positionId. */
  externalId: string;
  action: ItemAction;
  /** What a person recognises: "Иванов Иван Иванович (223-16)" or a department name. */
  label: string;
  tabN: string | null;
  departmentId: string | null;
  departmentName: string | null;
  area: string | null;
  changes: FieldChange[];
  /** For invalid records: why. */
  reasons: string[];
  excluded: boolean;
  applied: boolean;
}

export interface PlanItemFilter {
  action?: ItemAction | ItemAction[];
  entity?: ItemEntity;
  departmentId?: string;
  area?: string;
  /** Matches label, tab number and external id, case-insensitive. */
  search?: string;
  excluded?: boolean;
  offset?: number;
  limit?: number;
}

export interface ApplyResult {
  planId: number;
  alreadyApplied: boolean;
  created: number;
  updated: number;
  deactivated: number;
  skippedExcluded: number;
  message: string;
}

export interface ApplyProgress {
  planId: number;
  done: number;
  total: number;
}
