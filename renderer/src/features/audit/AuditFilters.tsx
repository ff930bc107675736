// Search and filters of the Audit screen: text, action, entity type, actor (from the values
// present in the log) and a time range (presets or a custom range in the display zone).
import { Button, Group, NativeSelect, Select, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useContractQuery } from '../../client/index.ts';
import { IconSearch } from '../../components/Icons.tsx';
import { auditTimePresets, emptyAuditFilters, hasAnyAuditFilter, type AuditFilterProblem, type AuditFilterState, type AuditTimePreset } from './filters.ts';

export function AuditFilters({ value, onChange, problem }: { value: AuditFilterState; onChange(v: AuditFilterState): void; problem: AuditFilterProblem | null }) {
  const { t } = useTranslation();
  const facets = useContractQuery('audit.facets', {}, { staleTime: 0 });
  const set = (patch: Partial<AuditFilterState>) => onChange({ ...value, ...patch });
  const select = (key: 'action' | 'entityType' | 'actor', options: string[] | undefined, w: number) => (
    <Select
      aria-label={t(`audit.filters.${key}`)}
      placeholder={t(`audit.filters.any.${key}`)}
      data={options ?? []}
      value={value[key] || null}
      onChange={(v) => set({ [key]: v ?? '' })}
      searchable
      clearable
      size="xs"
      w={w}
      comboboxProps={{ withinPortal: true }}
    />
  );
  return (
    <Group gap="xs" wrap="wrap" align="flex-end">
      <TextInput
        aria-label={t('audit.filters.search')}
        placeholder={t('audit.filters.searchPlaceholder')}
        leftSection={<IconSearch size={14} />}
        value={value.search}
        onChange={(e) => set({ search: e.currentTarget.value })}
        size="xs"
        style={{ flex: '1 1 240px' }}
      />
      {select('action', facets.data?.actions, 190)}
      {select('entityType', facets.data?.entityTypes, 160)}
      {select('actor', facets.data?.actors, 200)}
      <NativeSelect
        aria-label={t('audit.filters.time')}
        value={value.time}
        onChange={(e) => set({ time: e.currentTarget.value as AuditTimePreset })}
        data={auditTimePresets.map((p) => ({ value: p, label: t(`audit.filters.timePreset.${p}`) }))}
        size="xs"
        w={160}
      />
      {value.time === 'custom' && (
        <>
          <TextInput type="datetime-local" size="xs" aria-label={t('audit.filters.from')} value={value.customFrom} onChange={(e) => set({ customFrom: e.currentTarget.value })} w={180} />
          <TextInput type="datetime-local" size="xs" aria-label={t('audit.filters.to')} value={value.customTo} onChange={(e) => set({ customTo: e.currentTarget.value })} w={180} />
        </>
      )}
      {hasAnyAuditFilter(value) && (
        <Button variant="subtle" size="xs" onClick={() => onChange(emptyAuditFilters)}>{t('audit.filters.clear')}</Button>
      )}
      {problem && <Text size="xs" c="red" role="alert" w="100%">{t(`audit.filters.problem.${problem}`)}</Text>}
    </Group>
  );
}
