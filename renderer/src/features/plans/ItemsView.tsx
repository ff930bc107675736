// The diff of a plan: grouped by action (segmented control with counts), searchable and
// filterable by department and site, a virtualized keyboard-friendly table, selection for
// bulk exclude/include, and a drawer with the field-level change of one item.
import { Button, Checkbox, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemAction, PlanItem, PlanSummary } from '../../../../core/contract/index.ts';
import { useContractMutation } from '../../client/index.ts';
import { errorMessage } from '../../components/errors.ts';
import { IconSearch } from '../../components/Icons.tsx';
import { EmptyView } from '../../components/ViewStates.tsx';
import { useSlashToSearch } from '../../components/useSlashToSearch.ts';
import type { VirtualColumn } from '../../components/VirtualTable.tsx';
import { formatNumber } from '../../components/format.ts';
import { DepartmentNames, renderInlineDiff, type DiffContext } from './Diff.tsx';
import { ItemDrawer } from './ItemDrawer.tsx';
import { actionOrder, renderActionBadge } from './status.tsx';
import { ItemsGrid, itemsGridTestId, type GridSummary } from './ItemsGrid.tsx';
import type { ItemsFilter } from './useItemPages.ts';

type ActionTab = ItemAction | 'all';

/** The first action a reviewer should look at: what changes, before what stays the same. */
export function defaultActionTab(counts: PlanSummary['counts']): ActionTab {
  for (const a of ['create', 'update', 'deactivate', 'invalid'] as const) if (counts[a] > 0) return a;
  return counts.unchanged > 0 ? 'unchanged' : 'all';
}

function totalOf(counts: PlanSummary['counts']): number {
  return actionOrder.reduce((n, a) => n + counts[a], 0);
}

export interface ItemsViewProps {
  plan: PlanSummary;
  /** Height of the table's scroll area. */
  tableHeight?: number | string;
}

export function ItemsView({ plan, tableHeight = 'max(320px, calc(100vh - 300px))' }: ItemsViewProps) {
  const { t, i18n } = useTranslation();
  const editable = plan.status === 'awaiting_approval';
  const [action, setAction] = useState<ActionTab>(() => defaultActionTab(plan.counts));
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const [departmentId, setDepartmentId] = useState('');
  const [area, setArea] = useState('');
  const [active, setActive] = useState(0);
  const [openItem, setOpenItem] = useState<PlanItem | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const searchRef = useRef<HTMLInputElement>(null);
  useSlashToSearch(searchRef);

  const filter: ItemsFilter = useMemo(
    () => ({
      planId: plan.id,
      ...(action !== 'all' ? { action } : {}),
      ...(debouncedSearch ? { search: debouncedSearch } : {}),
      ...(departmentId ? { departmentId } : {}),
      ...(area ? { area } : {}),
    }),
    [plan.id, action, debouncedSearch, departmentId, area],
  );
  const filterKey = JSON.stringify(filter);
  const [summary, setSummary] = useState<GridSummary>({ total: null, facets: null, loaded: () => [] });
  const total = summary.total ?? 0;

  // A new filter starts at the top.
  useEffect(() => setActive(0), [filterKey]);

  const exclude = useContractMutation('plans.exclude', {
    onSuccess: (_plan, input) => {
      notifications.show({
        color: input.excluded ? 'gray' : 'blue',
        message: t(input.excluded ? 'plans.items.excludedDone' : 'plans.items.includedDone', { count: input.externalIds.length }),
      });
      setSelected(new Set());
    },
    onError: (e) => notifications.show({ color: 'red', title: t('common.actionFailed'), message: errorMessage(e, t('common.unknownError')) }),
  });

  const setExcluded = useCallback(
    (externalIds: string[], excluded: boolean) => {
      if (externalIds.length > 0) exclude.mutate({ planId: plan.id, externalIds, excluded });
    },
    [exclude, plan.id],
  );

  const toggleSelected = useCallback((item: PlanItem) => {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(item.externalId)) next.delete(item.externalId);
      else next.add(item.externalId);
      return next;
    });
  }, []);

  const departments = summary.facets?.departments ?? [];
  // Names seen under any filter, so an id stays readable when a filter narrows the facets.
  const knownNames = useRef(new Map<string, string>());
  for (const d of departments) knownNames.current.set(d.id, d.name);
  const namesVersion = knownNames.current.size;
  const departmentNames = useMemo(() => new Map(knownNames.current), [namesVersion]);
  const diffCtx = useMemo<DiffContext>(
    () => ({ t, locale: i18n.language, yes: t('common.yes'), no: t('common.no'), empty: t('plans.item.empty'), departments: departmentNames }),
    [t, i18n.language, departmentNames],
  );

  const columns = useMemo<Array<VirtualColumn<PlanItem>>>(() => {
    const cols: Array<VirtualColumn<PlanItem>> = [];
    if (editable) {
      cols.push({
        id: 'select',
        header: <span className="visually-hidden">{t('plans.items.col.select')}</span>,
        width: '28px',
        align: 'center',
        render: (item) => (
          <input
            type="checkbox"
            className="grid-check"
            tabIndex={-1}
            aria-label={t('plans.items.selectRow', { label: item.label })}
            checked={selected.has(item.externalId)}
            onChange={() => toggleSelected(item)}
          />
        ),
      });
    }
    cols.push(
      {
        id: 'label',
        header: t('plans.items.col.label'),
        width: 'minmax(220px, 2fr)',
        render: (item) => (
          <div className="cell-label">
            <span className="vt-label" title={item.label}>{item.label}</span>
            {item.entity !== 'employee' && <span className="sb sb-outline sb-gray sb-xs">{t(`plans.entity.${item.entity}`)}</span>}
            {item.excluded && <span className="sb sb-filled sb-gray sb-xs">{t('plans.items.excluded')}</span>}
          </div>
        ),
      },
      { id: 'tabN', header: t('plans.items.col.tabN'), width: '84px', align: 'right', render: (item) => <span className="mono">{item.tabN ?? ''}</span> },
      { id: 'department', header: t('plans.items.col.department'), width: 'minmax(140px, 1.2fr)', render: (item) => <span title={item.departmentName ?? ''}>{item.departmentName ?? item.departmentId ?? ''}</span> },
      { id: 'area', header: t('plans.items.col.area'), width: 'minmax(100px, 0.8fr)', render: (item) => item.area ?? '' },
      { id: 'action', header: t('plans.items.col.action'), width: '132px', render: (item) => renderActionBadge(item.action, t) },
      { id: 'changes', header: t('plans.items.col.changes'), width: 'minmax(260px, 3fr)', render: (item) => renderInlineDiff(item, diffCtx) },
    );
    return cols;
  }, [t, editable, selected, toggleSelected, diffCtx]);

  const areas = summary.facets?.areas ?? [];
  const departmentOptions = [
    { value: '', label: t('plans.items.anyDepartment') },
    ...departments.map((d) => ({ value: d.id, label: `${d.name} (${formatNumber(d.count, i18n.language)})` })),
  ];
  if (departmentId && !departments.some((d) => d.id === departmentId)) departmentOptions.push({ value: departmentId, label: departmentId });
  const areaOptions = [{ value: '', label: t('plans.items.anySite') }, ...areas.map((a) => ({ value: a.area, label: `${a.area} (${formatNumber(a.count, i18n.language)})` }))];
  if (area && !areas.some((a) => a.area === area)) areaOptions.push({ value: area, label: area });

  const segments = [
    ...actionOrder.map((a) => ({
      value: a,
      label: (
        <span aria-label={`${t(`plans.action.${a}`)}: ${plan.counts[a]}`}>
          {t(`plans.action.${a}`)} <span className="tnum seg-count">{formatNumber(plan.counts[a], i18n.language)}</span>
        </span>
      ),
    })),
    {
      value: 'all',
      label: (
        <span aria-label={`${t('plans.action.all')}: ${totalOf(plan.counts)}`}>
          {t('plans.action.all')} <span className="tnum seg-count">{formatNumber(totalOf(plan.counts), i18n.language)}</span>
        </span>
      ),
    },
  ];

  const filtered = Boolean(debouncedSearch || departmentId || area);
  const selectedIds = [...selected];

  function selectAllLoaded(on: boolean) {
    setSelected(on ? new Set(summary.loaded().map((i) => i.externalId)) : new Set());
  }
  const loadedCount = summary.loaded().length;

  const emptyView = (
    <EmptyView
      action={
        filtered ? (
          <Button variant="default" onClick={() => { setSearch(''); setDepartmentId(''); setArea(''); }}>
            {t('plans.items.clearFilters')}
          </Button>
        ) : undefined
      }
    >
      {filtered || action === 'all' ? t('plans.items.empty') : t('plans.items.emptyAction', { action: t(`plans.action.${action}`) })}
    </EmptyView>
  );

  return (
    <DepartmentNames.Provider value={departmentNames}>
    <Stack gap="xs">
      <SegmentedControl
        aria-label={t('plans.items.actionFilter')}
        value={action}
        onChange={(v) => setAction(v as ActionTab)}
        data={segments}
        fullWidth
        className="action-tabs"
      />
      <Group gap="xs" wrap="wrap" align="flex-end">
        <TextInput
          ref={searchRef}
          aria-label={t('plans.items.search')}
          placeholder={`${t('plans.items.search')}  ( / )`}
          leftSection={<IconSearch size={14} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              (document.querySelector(`[data-testid="${itemsGridTestId}"]`) as HTMLElement | null)?.focus();
            } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault();
              (document.querySelector(`[data-testid="${itemsGridTestId}"]`) as HTMLElement | null)?.focus();
            }
          }}
          style={{ flex: '1 1 280px' }}
        />
        <NativeSelect aria-label={t('plans.items.department')} value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)} data={departmentOptions} w={240} />
        <NativeSelect aria-label={t('plans.items.site')} value={area} onChange={(e) => setArea(e.currentTarget.value)} data={areaOptions} w={200} />
        <Text size="sm" c="dimmed" className="nowrap" aria-live="polite">
          {summary.total !== null ? t('plans.items.total', { count: total, formatted: formatNumber(total, i18n.language) }) : ''}
        </Text>
      </Group>
      {editable && (
        <Group gap="xs" wrap="wrap" mih={30}>
          <Checkbox
            label={t('plans.items.selectAllLoaded')}
            checked={loadedCount > 0 && selected.size >= loadedCount}
            indeterminate={selected.size > 0 && selected.size < loadedCount}
            onChange={(e) => selectAllLoaded(e.currentTarget.checked)}
          />
          {selected.size > 0 && (
            <>
              <Text size="sm" fw={600} aria-live="polite">{t('plans.items.selected', { count: selected.size })}</Text>
              <Button color="gray" onClick={() => setExcluded(selectedIds, true)} loading={exclude.isPending}>
                {t('plans.items.excludeSelected', { count: selected.size })}
              </Button>
              <Button variant="default" onClick={() => setExcluded(selectedIds, false)} loading={exclude.isPending}>
                {t('plans.items.includeSelected', { count: selected.size })}
              </Button>
              <Button variant="subtle" onClick={() => setSelected(new Set())}>{t('plans.items.clearSelection')}</Button>
            </>
          )}
        </Group>
      )}
      <div>
        <ItemsGrid
          filter={filter}
          columns={columns}
          height={tableHeight}
          activeIndex={active}
          onActiveIndexChange={setActive}
          onOpen={setOpenItem}
          onToggle={editable ? toggleSelected : undefined}
          empty={emptyView}
          onSummary={setSummary}
        />
      </div>
      <Text size="xs" c="dimmed">{t('plans.items.keyboardHint')}</Text>
      <ItemDrawer
        item={openItem}
        editable={editable}
        busy={exclude.isPending}
        onClose={() => setOpenItem(null)}
        onSetExcluded={(item, excluded) => {
          setExcluded([item.externalId], excluded);
          setOpenItem(null);
        }}
      />
    </Stack>
    </DepartmentNames.Provider>
  );
}
