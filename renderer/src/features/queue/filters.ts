// The Queue screen's filters as the operator sets them, and what they become in the
// contract: the table, the counts, "retry all failed" and its confirmation all share one filter.
import type { OperationStatusName, OperationTypeName, QueueFilter } from '../../../../core/contract/index.ts';
import { resolveTimeRange, type TimePreset, type TimeRangeProblem } from '../../components/timeRange.ts';

export { timePresets, type TimePreset } from '../../components/timeRange.ts';

export interface QueueFilterState {
  status: OperationStatusName[];
  type: OperationTypeName[];
  priority: number[];
  time: TimePreset;
  /** Custom range: wall time "YYYY-MM-DDTHH:MM" in the display zone; either end may be blank. */
  customFrom: string;
  customTo: string;
  search: string;
}

export const emptyFilters: QueueFilterState = { status: [], type: [], priority: [], time: 'any', customFrom: '', customTo: '', search: '' };

export type FilterProblem = TimeRangeProblem;

export interface ResolvedFilter {
  filter: QueueFilter;
  /** Why the time range was left out, for the operator to fix. */
  problem: FilterProblem | null;
}

/**
 * The contract filter of the screen's state. `now` fixes a preset's start when the
 * filter is chosen (not on every render), `zone` reads the custom range.
 */
export function toContractFilter(s: QueueFilterState, now: number, zone: string): ResolvedFilter {
  const filter: QueueFilter = {};
  if (s.status.length > 0) filter.status = [...s.status];
  if (s.type.length > 0) filter.type = [...s.type];
  if (s.priority.length > 0) filter.priority = [...s.priority].sort((a, b) => a - b);
  const search = s.search.trim();
  if (search) filter.search = search;
  const range = resolveTimeRange(s.time, s.customFrom, s.customTo, now, zone);
  if (range.from) filter.from = range.from;
  if (range.to) filter.to = range.to;
  const problem = range.problem;
  return { filter, problem };
}

/**
 * The filter with the table's snapshot bound: rows created after `snapshot` stay out until
 * the operator asks for them, so new work never pushes the rows under the cursor down.
 */
export function boundBySnapshot(filter: QueueFilter, snapshot: string | null): QueueFilter {
  if (!snapshot) return filter;
  const s = Date.parse(snapshot);
  if (filter.to !== undefined && Date.parse(filter.to) <= s) return filter;
  if (filter.from !== undefined && Date.parse(filter.from) >= s) return filter;
  return { ...filter, to: snapshot };
}

/** Operations created since `snapshot` that match the filter (its "new rows" banner), as a filter. */
export function newSinceSnapshot(filter: QueueFilter, snapshot: string): QueueFilter | null {
  const s = Date.parse(snapshot);
  if (filter.to !== undefined && Date.parse(filter.to) <= s) return null;
  const from = filter.from !== undefined && Date.parse(filter.from) > s ? filter.from : snapshot;
  return { ...filter, from };
}

/** How many of `counts` the status part of a filter selects (counts ignore it). */
export function selectedTotal(counts: Record<OperationStatusName, number>, status: readonly OperationStatusName[] | undefined): number {
  const keys = status && status.length > 0 ? status : (Object.keys(counts) as OperationStatusName[]);
  return keys.reduce((n, k) => n + (counts[k] ?? 0), 0);
}

export function hasAnyFilter(s: QueueFilterState): boolean {
  return s.status.length > 0 || s.type.length > 0 || s.priority.length > 0 || s.time !== 'any' || s.search.trim() !== '';
}

/** A toggle in a multi-choice filter. */
export function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}
