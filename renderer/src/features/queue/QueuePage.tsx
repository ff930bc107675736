// Queue: counts per status, filters and search, the live operations table (arrows move, Enter
// opens, "/" searches), the detail drawer, retry all failed, pause per type, and a form to
// enqueue. Live updates never move the rows under the cursor: new operations are announced
// and come in on request (see useOperationPages).
import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { operationStatusSchema, type QueueOperation } from '../../../../core/contract/index.ts';
import { useContractQuery } from '../../client/index.ts';
import { formatNumber } from '../../components/format.ts';
import { IconPlus } from '../../components/Icons.tsx';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { usePrefs } from '../../app/prefs.ts';
import { hashParam, useHash } from '../../app/router.ts';
import { useOperationColumns } from './columns.tsx';
import { EnqueueDialog } from './EnqueueDialog.tsx';
import { emptyFilters, hasAnyFilter, toContractFilter, toggled, type QueueFilterState } from './filters.ts';
import { OperationDrawer } from './OperationDrawer.tsx';
import { PauseControls, PausedBanner } from './PauseControls.tsx';
import { QueueFilters } from './QueueFilters.tsx';
import { useSlashToSearch } from '../../components/useSlashToSearch.ts';
import { RetryFailedButton } from './RetryFailed.tsx';
import { StatusCounts } from './StatusCounts.tsx';
import { BACKSTOP_MS, useOperationPages } from './useOperationPages.ts';
import './queue.css';

const gridTestId = 'queue-grid';
const rowHeight = 34;
/** Fewer rows than this: the table is as tall as its rows, not the viewport. */
const compactRows = 12;

export function QueuePage({ tableHeight = 'max(320px, calc(100vh - 360px))' }: { tableHeight?: number | string }) {
  const { t, i18n } = useTranslation();
  const zone = usePrefs((s) => s.zone);
  const [state, setState] = useState<QueueFilterState>(emptyFilters);
  // #/queue?status=failed (a desktop notification, a link) opens the screen on that status.
  const askedStatus = hashParam(useHash(), 'status');
  useEffect(() => {
    const s = operationStatusSchema.safeParse(askedStatus);
    if (s.success) setState({ ...emptyFilters, status: [s.data] });
  }, [askedStatus]);
  const [debouncedSearch] = useDebouncedValue(state.search, 250);
  const searchRef = useRef<HTMLInputElement>(null);
  useSlashToSearch(searchRef);

  // A preset's start is fixed when the filter is chosen, so the query stays put between renders.
  const settled = useMemo(() => ({ ...state, search: debouncedSearch }), [state, debouncedSearch]);
  const settledKey = JSON.stringify(settled);
  const { filter, problem } = useMemo(() => toContractFilter(settled, Date.now(), zone), [settledKey, zone]);

  const counts = useContractQuery('queue.counts', { filter }, { refetchInterval: BACKSTOP_MS });
  const health = useContractQuery('queue.health', {}, { refetchInterval: BACKSTOP_MS });
  const pages = useOperationPages(filter);
  const total = pages.total ?? 0;
  const columns = useOperationColumns();

  const [active, setActive] = useState(0);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [enqueueOpen, setEnqueueOpen] = useState(false);
  const [selectAfterLoad, setSelectAfterLoad] = useState<string | null>(null);

  // A new filter starts at the top.
  useEffect(() => {
    setActive(0);
    setActiveId(null);
  }, [pages.shownKey]);

  // Rows that leave the filter (a failed one retried under "failed") must not move the cursor
  // to another operation: follow the active operation by id among the loaded rows.
  const row0 = pages.getRow(active);
  useEffect(() => {
    if (activeId === null || row0?.id === activeId) return;
    const i = pages.indexOf(activeId);
    if (i >= 0) setActive(i);
  });

  // After "show new" or an own enqueue, select the operation asked for once it is loaded.
  useEffect(() => {
    if (selectAfterLoad === null) return;
    const i = pages.indexOf(selectAfterLoad);
    if (i >= 0) {
      setActive(i);
      setActiveId(selectAfterLoad);
      setSelectAfterLoad(null);
    }
  });

  const onActive = useCallback(
    (i: number) => {
      setActive(i);
      setActiveId(pages.getRow(i)?.id ?? null);
    },
    [pages],
  );

  const focusGrid = () => (document.querySelector(`[data-testid="${gridTestId}"]`) as HTMLElement | null)?.focus();

  function onEnqueued(op: QueueOperation, created: boolean) {
    setEnqueueOpen(false);
    notifications.show({ color: created ? 'green' : 'blue', message: created ? t('queue.enqueue.done', { type: t(`queue.type.${op.type}`) }) : t('queue.enqueue.existing') });
    setSelectAfterLoad(op.id);
    pages.showNew();
  }

  let body: ReactNode;
  if (pages.isPending) body = <LoadingState />;
  else if (pages.error && pages.total === null) body = <ErrorView error={pages.error} onRetry={pages.refetch} />;
  else if (total === 0)
    body = (
      <EmptyView
        title={hasAnyFilter(state) ? t('queue.emptyFilteredTitle') : t('queue.emptyTitle')}
        action={
          hasAnyFilter(state) ? (
            <Button variant="default" onClick={() => setState(emptyFilters)}>{t('queue.filters.clear')}</Button>
          ) : (
            <Button leftSection={<IconPlus size={14} />} onClick={() => setEnqueueOpen(true)}>{t('queue.enqueue.open')}</Button>
          )
        }
      >
        {hasAnyFilter(state) ? t('queue.emptyFiltered') : t('queue.empty')}
      </EmptyView>
    );
  else
    body = (
      <VirtualTable
        key={pages.shownKey ?? ''}
        label={t('queue.tableLabel')}
        rowCount={total}
        getRow={pages.getRow}
        columns={columns}
        height={total < compactRows ? (total + 1) * rowHeight + 2 : tableHeight}
        rowHeight={rowHeight}
        activeIndex={Math.min(active, total - 1)}
        onActiveIndexChange={onActive}
        onOpen={(op) => setOpenId(op.id)}
        onRangeChange={pages.onRangeChange}
        placeholder={t('queue.loadingRow')}
        rowClassName={(op) => (op.status === 'failed' ? 'is-failed' : undefined)}
        scrollTestId={gridTestId}
      />
    );

  const paused = health.data?.pausedTypes ?? [];

  return (
    <Stack gap="sm">
      <div>
        <Group justify="space-between" align="center" wrap="wrap" gap="sm">
          <Title order={2} size="h3">{t('queue.title')}</Title>
          <Group gap="xs" wrap="wrap">
            <RetryFailedButton filter={filter} />
            <PauseControls paused={paused} />
            <Button leftSection={<IconPlus size={14} />} onClick={() => setEnqueueOpen(true)}>{t('queue.enqueue.open')}</Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">{t('queue.subtitle')}</Text>
      </div>
      <PausedBanner paused={paused} />
      <StatusCounts counts={counts.data?.counts} selected={state.status} onToggle={(s) => setState((old) => ({ ...old, status: toggled(old.status, s) }))} />
      <QueueFilters value={state} onChange={setState} problem={problem} searchRef={searchRef} onLeaveSearch={focusGrid} />
      <Group gap="sm" justify="space-between" wrap="nowrap" mih={26}>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" c="dimmed" className="nowrap">
            {pages.total !== null ? t('queue.total', { count: total, formatted: formatNumber(total, i18n.language) }) : ''}
          </Text>
          {pages.isSwitching && <Loader size="xs" aria-label={t('common.loading')} />}
        </Group>
        <div aria-live="polite">
          {pages.newCount > 0 && (
            <Button size="compact-sm" variant="light" className="new-rows" onClick={() => pages.showNew()}>
              {t('queue.newRows', { count: pages.newCount, formatted: formatNumber(pages.newCount, i18n.language) })}
            </Button>
          )}
        </div>
      </Group>
      <div>{body}</div>
      {total > 0 && <Text size="xs" c="dimmed">{t('queue.keyboardHint')}</Text>}
      <OperationDrawer id={openId} onClose={() => setOpenId(null)} />
      <EnqueueDialog opened={enqueueOpen} onClose={() => setEnqueueOpen(false)} onEnqueued={onEnqueued} />
    </Stack>
  );
}
