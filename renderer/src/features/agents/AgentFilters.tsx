// Search ("/" focuses it, Esc clears it) and the site and group filters of the live table.
// States are toggled by the chips above.
import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { memo, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { IconSearch } from '../../components/Icons.tsx';
import { emptyFilter, hasAnyFilter, type AgentFilter } from './rows.ts';

export interface AgentFiltersProps {
  value: AgentFilter;
  onChange(next: AgentFilter): void;
  sites: readonly string[];
  groups: readonly string[];
  searchRef: RefObject<HTMLInputElement | null>;
  /** Where Enter and ↓ in the search box send the focus (the table). */
  onLeaveSearch(): void;
}

const ANY = '';

export const AgentFilters = memo(function AgentFilters({ value, onChange, sites, groups, searchRef, onLeaveSearch }: AgentFiltersProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<AgentFilter>) => onChange({ ...value, ...patch });
  // A chosen site or group that is gone from MCE stays selectable until changed.
  const siteOptions = value.site !== null && !sites.includes(value.site) ? [value.site, ...sites] : sites;
  const groupOptions = value.group !== null && !groups.includes(value.group) ? [value.group, ...groups] : groups;
  return (
    <Group gap="xs" wrap="wrap" align="flex-end">
      <TextInput
        ref={searchRef}
        aria-label={t('agents.filters.search')}
        placeholder={`${t('agents.filters.searchPlaceholder')}  ( / )`}
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
        style={{ flex: '1 1 280px' }}
        maw={520}
      />
      <NativeSelect
        aria-label={t('agents.filters.site')}
        value={value.site ?? ANY}
        onChange={(e) => set({ site: e.currentTarget.value === ANY ? null : e.currentTarget.value })}
        data={[{ value: ANY, label: t('agents.filters.anySite') }, ...siteOptions.map((s) => ({ value: s, label: s }))]}
        w={190}
      />
      <NativeSelect
        aria-label={t('agents.filters.group')}
        value={value.group ?? ANY}
        onChange={(e) => set({ group: e.currentTarget.value === ANY ? null : e.currentTarget.value })}
        data={[{ value: ANY, label: t('agents.filters.anyGroup') }, ...groupOptions.map((g) => ({ value: g, label: g }))]}
        w={190}
      />
      {hasAnyFilter(value) && (
        <Button variant="subtle" onClick={() => onChange(emptyFilter)}>{t('agents.filters.clear')}</Button>
      )}
    </Group>
  );
});
