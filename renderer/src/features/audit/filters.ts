// The Audit screen's filters as the operator sets them, and the contract filter they become
// (the table and the CSV export share it, so the file holds exactly what the table shows).
import type { AuditFilterInput } from '../../../../core/contract/index.ts';
import { resolveTimeRange, timePresets, type TimePreset, type TimeRangeProblem } from '../../components/timeRange.ts';

export const auditTimePresets = timePresets;
export type AuditTimePreset = TimePreset;

export interface AuditFilterState {
  search: string;
  action: string;
  entityType: string;
  actor: string;
  time: AuditTimePreset;
  /** Wall time "YYYY-MM-DDTHH:MM" in the display zone; either end may be blank. */
  customFrom: string;
  customTo: string;
}

export const emptyAuditFilters: AuditFilterState = { search: '', action: '', entityType: '', actor: '', time: 'any', customFrom: '', customTo: '' };

export function hasAnyAuditFilter(s: AuditFilterState): boolean {
  return s.search.trim() !== '' || s.action !== '' || s.entityType !== '' || s.actor !== '' || s.time !== 'any';
}

export type AuditFilterProblem = TimeRangeProblem;

/** `now` fixes a preset's start when the filter is chosen; `zone` reads the custom range. */
export function toAuditFilter(s: AuditFilterState, now: number, zone: string): { filter: AuditFilterInput; problem: AuditFilterProblem | null } {
  const filter: AuditFilterInput = {};
  const search = s.search.trim();
  if (search) filter.search = search;
  if (s.action) filter.action = s.action;
  if (s.entityType) filter.entityType = s.entityType;
  if (s.actor) filter.actor = s.actor;
  const range = resolveTimeRange(s.time, s.customFrom, s.customTo, now, zone);
  if (range.from) filter.from = range.from;
  if (range.to) filter.to = range.to;
  const problem = range.problem;
  return { filter, problem };
}
