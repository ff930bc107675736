// Search ("/" focuses it, Esc clears it, ↓ or Enter goes to the grid) and the department and site
// filters of the month grids, from the facets the gateway sends over the whole directory.
import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridFacets } from '../../../core/contract/index.ts';
import { formatNumber } from './format.ts';
import { IconSearch } from './Icons.tsx';

export interface EmployeeFilter {
  search: string;
  departmentId: string;
  area: string;
}

export const noEmployeeFilter: EmployeeFilter = { search: '', departmentId: '', area: '' };

export function hasEmployeeFilter(f: EmployeeFilter): boolean {
  return f.search.trim() !== '' || f.departmentId !== '' || f.area !== '';
}

/** The filter as contract fields (blank ones left out). */
export function employeeScope(f: EmployeeFilter): { search?: string; departmentId?: string; area?: string } {
  return {
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
    ...(f.departmentId ? { departmentId: f.departmentId } : {}),
    ...(f.area ? { area: f.area } : {}),
  };
}

export function departmentOptions(facets: GridFacets | null, chosen: string, anyLabel: string, locale: string) {
  const list = facets?.departments ?? [];
  const opts = [{ value: '', label: anyLabel }, ...list.map((d) => ({ value: d.id, label: `${d.name} (${formatNumber(d.count, locale)})` }))];
  if (chosen && !list.some((d) => d.id === chosen)) opts.push({ value: chosen, label: chosen });
  return opts;
}

export function areaOptions(facets: GridFacets | null, chosen: string, anyLabel: string, locale: string) {
  const list = facets?.areas ?? [];
  const opts = [{ value: '', label: anyLabel }, ...list.map((a) => ({ value: a.area, label: `${a.area} (${formatNumber(a.count, locale)})` }))];
  if (chosen && !list.some((a) => a.area === chosen)) opts.push({ value: chosen, label: chosen });
  return opts;
}

export interface EmployeeFiltersProps {
  value: EmployeeFilter;
  onChange(next: EmployeeFilter): void;
  facets: GridFacets | null;
  searchRef: RefObject<HTMLInputElement | null>;
  onLeaveSearch(): void;
  children?: ReactNode;
}

export function EmployeeFilters({ value, onChange, facets, searchRef, onLeaveSearch, children }: EmployeeFiltersProps) {
  const { t, i18n } = useTranslation();
  const set = (patch: Partial<EmployeeFilter>) => onChange({ ...value, ...patch });
  return (
    <Group gap="xs" wrap="wrap" align="center">
      <TextInput
        ref={searchRef}
        aria-label={t('exchange.filters.search')}
        placeholder={`${t('exchange.filters.searchPlaceholder')}  ( / )`}
        leftSection={<IconSearch size={14} />}
        value={value.search}
        onChange={(e) => set({ search: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            if (value.search !== '') set({ search: '' });
            else onLeaveSearch();
          } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
            e.preventDefault();
            onLeaveSearch();
          }
        }}
        style={{ flex: '1 1 220px' }}
        maw={380}
      />
      <NativeSelect
        aria-label={t('exchange.filters.department')}
        value={value.departmentId}
        onChange={(e) => set({ departmentId: e.currentTarget.value })}
        data={departmentOptions(facets, value.departmentId, t('exchange.filters.anyDepartment'), i18n.language)}
        w={250}
      />
      <NativeSelect
        aria-label={t('exchange.filters.site')}
        value={value.area}
        onChange={(e) => set({ area: e.currentTarget.value })}
        data={areaOptions(facets, value.area, t('exchange.filters.anySite'), i18n.language)}
        w={190}
      />
      {children}
      {hasEmployeeFilter(value) && (
        <Button variant="subtle" onClick={() => onChange(noEmployeeFilter)}>{t('exchange.filters.clear')}</Button>
      )}
    </Group>
  );
}
