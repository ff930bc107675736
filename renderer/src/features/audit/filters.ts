// The Audit screen's filters as the operator sets them, and the contract filter they become
// (the table and the CSV export share it, so the file holds exactly what the table shows).
import type { AuditFilterInput } from '../../../../core/contract/index.ts';
import { zonedLocalToInstant } from '../queue/zoned.ts';

export const auditTimePresets = ['any', '1h', '24h', '7d', '30d', 'custom'] as const;
export type AuditTimePreset = (typeof auditTimePresets)[number];

const presetMs: Record<Exclude<AuditTimePreset, 'any' | 'custom'>, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

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

export type AuditFilterProblem = 'customRangeOrder' | 'customRangeInvalid';

/** `now` fixes a preset's start when the filter is chosen; `zone` reads the custom range. */
export function toAuditFilter(s: AuditFilterState, now: number, zone: string): { filter: AuditFilterInput; problem: AuditFilterProblem | null } {
  const filter: AuditFilterInput = {};
  const search = s.search.trim();
  if (search) filter.search = search;
  if (s.action) filter.action = s.action;
  if (s.entityType) filter.entityType = s.entityType;
  if (s.actor) filter.actor = s.actor;
  let problem: AuditFilterProblem | null = null;
  if (s.time === 'custom') {
    const from = s.customFrom ? zonedLocalToInstant(s.customFrom, zone) : undefined;
    const to = s.customTo ? zonedLocalToInstant(s.customTo, zone) : undefined;
    if (from === null || to === null) problem = 'customRangeInvalid';
    else if (from && to && Date.parse(from) >= Date.parse(to)) problem = 'customRangeOrder';
    else {
      if (from) filter.from = from;
      if (to) filter.to = to;
    }
  } else if (s.time !== 'any') {
    filter.from = new Date(now - presetMs[s.time]).toISOString();
  }
  return { filter, problem };
}
