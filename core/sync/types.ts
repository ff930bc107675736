/**
 * Personnel sync shapes of core's own. Every shape the console also sees is
 * the contract's (core/contract/plans.ts: PlanSummary, PlanItem, ApplyResult,
 * PlanStatus, FieldChange, ...), imported where it is used.
 */
import type { ItemAction, ItemEntity, PlanSummary } from '../contract/index.ts';

/**
 * A plan as the store reads it: the contract's summary plus two figures of
 * resumable apply that core and the CLI read. The console is not sent them
 * (the contract's schema drops them).
 */
export type StoredPlan = PlanSummary & {
  /** Items apply will write: create, update and deactivate, not excluded. */
  applicableItems: number;
  applyStartedAt: string | null;
};

/** What the store's item listing takes (the console's plans.items input is this, validated). */
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
