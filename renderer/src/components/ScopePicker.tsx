// Which employees a bulk exchange with 1C covers: everyone, a department, a site, or the
// employees filtered on screen. A search on screen is resolved to the employees' ids (at most the
// contract's 20 000), so what is sent is exactly what the operator saw.
import { NativeSelect, Radio, Stack, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ExchangeJob, GridFacets } from '../../../core/contract/index.ts';
import { useConsoleClient, type ConsoleClient } from '../client/index.ts';
import { areaOptions, departmentOptions, employeeScope, hasEmployeeFilter, type EmployeeFilter } from './EmployeeFilters.tsx';

export type ScopeKind = 'all' | 'department' | 'area' | 'filtered';

export interface ScopeChoice {
  kind: ScopeKind;
  departmentId: string;
  area: string;
}

export interface ScopeFields {
  departmentId?: string;
  area?: string;
  employeeIds?: string[];
}

export const MAX_SCOPE_IDS = 20_000;

/** Too many employees match the search to name them one by one. */
export class ScopeTooLarge extends Error {
  readonly total: number;
  constructor(total: number) {
    super(`${total} employees match the search; at most ${MAX_SCOPE_IDS} can be named`);
    this.name = 'ScopeTooLarge';
    this.total = total;
  }
}

/** The external ids of every employee the screen's search shows in a month (pages of 1 000). */
export async function resolveSearch(client: Pick<ConsoleClient, 'call'>, month: string, filter: EmployeeFilter): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await client.call('schedules.uploadState', { from: month, to: month, ...employeeScope(filter), offset, limit: 1000 });
    if (page.total > MAX_SCOPE_IDS) throw new ScopeTooLarge(page.total);
    for (const r of page.rows) ids.push(r.employee.externalId);
    if (page.rows.length === 0 || ids.length >= page.total) return ids;
  }
}

/**
 * The contract fields of a choice; `pending` while a search is being resolved to ids.
 * An empty search result names nobody, and says so.
 */
export function useScopeFields(choice: ScopeChoice, filter: EmployeeFilter, month: string, enabled: boolean): { fields: ScopeFields | null; pending: boolean; error: unknown; empty: boolean } {
  const client = useConsoleClient();
  const needsIds = choice.kind === 'filtered' && filter.search.trim() !== '';
  const ids = useQuery({
    queryKey: ['scope.resolveSearch', month, employeeScope(filter)],
    queryFn: () => resolveSearch(client, month, filter),
    enabled: enabled && needsIds,
    staleTime: 30_000,
    retry: false,
  });
  if (choice.kind === 'all') return { fields: {}, pending: false, error: null, empty: false };
  if (choice.kind === 'department') return { fields: choice.departmentId ? { departmentId: choice.departmentId } : null, pending: false, error: null, empty: false };
  if (choice.kind === 'area') return { fields: choice.area ? { area: choice.area } : null, pending: false, error: null, empty: false };
  const base: ScopeFields = { ...(filter.departmentId ? { departmentId: filter.departmentId } : {}), ...(filter.area ? { area: filter.area } : {}) };
  if (!needsIds) return { fields: base, pending: false, error: null, empty: false };
  if (ids.isPending) return { fields: null, pending: true, error: null, empty: false };
  if (ids.error) return { fields: null, pending: false, error: ids.error, empty: false };
  if (ids.data.length === 0) return { fields: null, pending: false, error: null, empty: true };
  return { fields: { ...base, employeeIds: ids.data }, pending: false, error: null, empty: false };
}

export function initialScope(filter: EmployeeFilter): ScopeChoice {
  return { kind: hasEmployeeFilter(filter) ? 'filtered' : 'all', departmentId: filter.departmentId, area: filter.area };
}

export function ScopePicker({ value, onChange, facets, filter, filteredTotal }: { value: ScopeChoice; onChange(v: ScopeChoice): void; facets: GridFacets | null; filter: EmployeeFilter; filteredTotal: number | null }) {
  const { t, i18n } = useTranslation();
  const describe = [filter.search.trim() && `«${filter.search.trim()}»`, filter.departmentId && (facets?.departments.find((d) => d.id === filter.departmentId)?.name ?? filter.departmentId), filter.area].filter(Boolean).join(', ');
  return (
    <Radio.Group label={t('exchange.scope.label')} value={value.kind} onChange={(v) => onChange({ ...value, kind: v as ScopeKind })}>
      <Stack gap={6} mt={6}>
        <Radio value="all" label={t('exchange.scope.all')} />
        <Group gap="xs" wrap="nowrap">
          <Radio value="department" label={t('exchange.scope.department')} w={150} />
          <NativeSelect
            aria-label={t('exchange.scope.departmentPick')}
            value={value.departmentId}
            onChange={(e) => onChange({ ...value, kind: 'department', departmentId: e.currentTarget.value })}
            data={departmentOptions(facets, value.departmentId, t('exchange.scope.pick'), i18n.language)}
            w={300}
          />
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Radio value="area" label={t('exchange.scope.area')} w={150} />
          <NativeSelect
            aria-label={t('exchange.scope.areaPick')}
            value={value.area}
            onChange={(e) => onChange({ ...value, kind: 'area', area: e.currentTarget.value })}
            data={areaOptions(facets, value.area, t('exchange.scope.pick'), i18n.language)}
            w={300}
          />
        </Group>
        <Radio
          value="filtered"
          disabled={!hasEmployeeFilter(filter)}
          label={hasEmployeeFilter(filter) ? t('exchange.scope.filtered', { what: describe, count: filteredTotal ?? 0, n: filteredTotal ?? '…' }) : t('exchange.scope.filteredNone')}
        />
      </Stack>
    </Radio.Group>
  );
}

/** A dialog that starts a job over a period and a scope of employees (an upload, a fetch), opened from a month's screen. */
export interface PeriodJobDialogProps {
  opened: boolean;
  onClose(): void;
  month: string;
  filter: EmployeeFilter;
  facets: GridFacets | null;
  filteredTotal: number | null;
  onStarted(job: ExchangeJob): void;
}
