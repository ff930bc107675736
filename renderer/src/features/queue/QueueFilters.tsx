// Filters of the Queue screen: search ("/" focuses it), type, priority and time range.
// Status is toggled by the count tiles above.
import { Button, Group, MultiSelect, NativeSelect, Text, TextInput } from '@mantine/core';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { operationTypeSchema, type OperationTypeName } from '../../../../core/contract/index.ts';
import { IconSearch } from '../../components/Icons.tsx';
import { emptyFilters, hasAnyFilter, timePresets, type FilterProblem, type QueueFilterState, type TimePreset } from './filters.ts';

export interface QueueFiltersProps {
  value: QueueFilterState;
  onChange(next: QueueFilterState): void;
  problem: FilterProblem | null;
  searchRef: RefObject<HTMLInputElement | null>;
  /** Where Enter/Escape/↓ in the search box send the focus. */
  onLeaveSearch(): void;
}

export const operationTypes = operationTypeSchema.options as readonly OperationTypeName[];

export function QueueFilters({ value, onChange, problem, searchRef, onLeaveSearch }: QueueFiltersProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<QueueFilterState>) => onChange({ ...value, ...patch });
  return (
    <Group gap="xs" wrap="wrap" align="flex-end">
      <TextInput
        ref={searchRef}
        aria-label={t('queue.filters.search')}
        placeholder={`${t('queue.filters.searchPlaceholder')}  ( / )`}
        leftSection={<IconSearch size={14} />}
        value={value.search}
        onChange={(e) => set({ search: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === 'ArrowDown' || e.key === 'Enter') {
            e.preventDefault();
            onLeaveSearch();
          }
        }}
        style={{ flex: '1 1 260px' }}
      />
      <MultiSelect
        aria-label={t('queue.filters.type')}
        placeholder={value.type.length ? undefined : t('queue.filters.anyType')}
        data={operationTypes.map((ty) => ({ value: ty, label: t(`queue.type.${ty}`) }))}
        value={value.type}
        onChange={(v) => set({ type: v as OperationTypeName[] })}
        clearable
        size="xs"
        w={260}
        comboboxProps={{ withinPortal: true }}
      />
      <MultiSelect
        aria-label={t('queue.filters.priority')}
        placeholder={value.priority.length ? undefined : t('queue.filters.anyPriority')}
        data={[1, 2, 3, 4, 5].map((p) => ({ value: String(p), label: t('queue.priority.option', { n: p }) }))}
        value={value.priority.map(String)}
        onChange={(v) => set({ priority: v.map(Number) })}
        clearable
        size="xs"
        w={190}
      />
      <NativeSelect
        aria-label={t('queue.filters.time')}
        value={value.time}
        onChange={(e) => set({ time: e.currentTarget.value as TimePreset })}
        data={timePresets.map((p) => ({ value: p, label: t(`queue.filters.timePreset.${p}`) }))}
        w={170}
      />
      {value.time === 'custom' && (
        <>
          <TextInput type="datetime-local" aria-label={t('queue.filters.from')} value={value.customFrom} onChange={(e) => set({ customFrom: e.currentTarget.value })} w={190} />
          <TextInput type="datetime-local" aria-label={t('queue.filters.to')} value={value.customTo} onChange={(e) => set({ customTo: e.currentTarget.value })} w={190} />
        </>
      )}
      {hasAnyFilter(value) && (
        <Button variant="subtle" onClick={() => onChange(emptyFilters)}>{t('queue.filters.clear')}</Button>
      )}
      {problem && (
        <Text size="xs" c="red" role="alert" w="100%">{t(`queue.filters.problem.${problem}`)}</Text>
      )}
    </Group>
  );
}
