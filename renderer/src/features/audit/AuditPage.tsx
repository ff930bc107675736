// Audit: the hash chain's verification state and the anchor to keep elsewhere, search and filters, a dense virtualized table
// of entries (newest first; Enter or a click opens one with its before/after/details) and
// CSV export of what the filters select, with progress and cancel.
import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryView } from '../../../../core/contract/index.ts';
import { useConsoleClient } from '../../client/index.ts';
import { formatNumber } from '../../components/format.ts';
import { IconRefresh } from '../../components/Icons.tsx';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { usePrefs } from '../../app/prefs.ts';
import { AnchorPanel } from './AnchorPanel.tsx';
import { AuditDrawer } from './AuditDrawer.tsx';
import { AuditFilters } from './AuditFilters.tsx';
import { ChainStatus } from './ChainStatus.tsx';
import { useAuditColumns } from './columns.tsx';
import { ExportButton } from './ExportButton.tsx';
import { emptyAuditFilters, hasAnyAuditFilter, toAuditFilter, type AuditFilterState } from './filters.ts';
import { useAuditPages } from './useAuditPages.ts';
import './audit.css';

const rowHeight = 32;
const compactRows = 12;

export function AuditPage({ tableHeight = 'max(320px, calc(100vh - 330px))', save }: { tableHeight?: number | string; save?: (blob: Blob, name: string) => void }) {
  const { t, i18n } = useTranslation();
  const client = useConsoleClient();
  const zone = usePrefs((s) => s.zone);
  const [state, setState] = useState<AuditFilterState>(emptyAuditFilters);
  const [search] = useDebouncedValue(state.search, 250);
  const settledKey = JSON.stringify({ ...state, search });
  // A preset's start is fixed when the filter is chosen, so the query stays put between renders.
  const { filter, problem } = useMemo(() => toAuditFilter({ ...state, search }, Date.now(), zone), [settledKey, zone]);
  const pages = useAuditPages(filter);
  const total = pages.total ?? 0;
  const columns = useAuditColumns();
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<AuditEntryView | null>(null);

  async function showEntry(id: number) {
    // The first bad entry of a broken chain, whatever the filters: ids run 1…N, newest first,
    // so it sits near offset N − id (a window allows for rows removed or inserted).
    const { total: all } = await client.call('audit.list', { offset: 0, limit: 1 });
    const r = await client.call('audit.list', { offset: Math.max(0, all - id - 50), limit: 100 });
    setOpen(r.entries.find((e) => e.id === id) ?? null);
  }

  let body: ReactNode;
  if (pages.isPending) body = <LoadingState />;
  else if (pages.error && pages.total === null) body = <ErrorView error={pages.error} onRetry={pages.refetch} />;
  else if (total === 0)
    body = (
      <EmptyView
        title={hasAnyAuditFilter(state) ? t('audit.emptyFilteredTitle') : t('audit.emptyTitle')}
        action={hasAnyAuditFilter(state) ? <Button variant="default" onClick={() => setState(emptyAuditFilters)}>{t('audit.filters.clear')}</Button> : undefined}
      >
        {hasAnyAuditFilter(state) ? t('audit.emptyFiltered') : t('audit.empty')}
      </EmptyView>
    );
  else
    body = (
      <VirtualTable
        key={settledKey}
        label={t('audit.tableLabel')}
        rowCount={total}
        getRow={pages.getRow}
        getRowKey={(i, row) => row?.id ?? `i${i}`}
        columns={columns}
        height={total < compactRows ? (total + 1) * rowHeight + 2 : tableHeight}
        rowHeight={rowHeight}
        activeIndex={Math.min(active, total - 1)}
        onActiveIndexChange={setActive}
        onOpen={(e) => setOpen(e)}
        onRangeChange={pages.onRangeChange}
        placeholder={t('audit.loadingRow')}
        scrollTestId="audit-grid"
      />
    );

  return (
    <Stack gap="sm">
      <div>
        <Group justify="space-between" align="center" wrap="wrap" gap="sm">
          <Title order={2} size="h3">{t('audit.title')}</Title>
          <Group gap="xs" wrap="nowrap">
            <Button variant="subtle" leftSection={<IconRefresh size={14} />} onClick={pages.refetch}>{t('audit.refresh')}</Button>
            <ExportButton filter={filter} disabled={total === 0} save={save} />
          </Group>
        </Group>
        <Text size="sm" c="dimmed">{t('audit.subtitle')}</Text>
      </div>
      <ChainStatus onShowEntry={(id) => void showEntry(id)} />
      <AnchorPanel />
      <AuditFilters value={state} onChange={setState} problem={problem} />
      <Group gap="xs" wrap="nowrap" mih={22}>
        <Text size="sm" c="dimmed" className="nowrap">
          {pages.total !== null ? t('audit.total', { count: total, formatted: formatNumber(total, i18n.language) }) : ''}
        </Text>
        {pages.isFetching && !pages.isPending && <Loader size="xs" aria-label={t('common.loading')} />}
      </Group>
      <div>{body}</div>
      {total > 0 && <Text size="xs" c="dimmed">{t('audit.keyboardHint')}</Text>}
      <AuditDrawer entry={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
