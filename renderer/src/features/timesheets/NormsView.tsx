// Hours norms from 1C: per employee the norm of each month, quarter or the year (1C's period
// clipped to hire and termination), the weekly norm it was computed from (with its history, as
// personnel sync recorded it), fetched from 1C as a job with progress, and exported.
import { Alert, Button, Group, NativeSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { NormMode, NormPeriod, Output } from '../../../../core/contract/index.ts';
import { useConsoleClient, useContractMutation, useContractQuery } from '../../client/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmployeeFilters, employeeScope, noEmployeeFilter, type EmployeeFilter } from '../../components/EmployeeFilters.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { formatCivilDate, formatNumber } from '../../components/format.ts';
import { IconAlert, IconDownload } from '../../components/Icons.tsx';
import { JobProgress, useWatchedJobs } from '../../components/JobProgress.tsx';
import { formatHours, monthShortLabel } from '../../components/month.ts';
import type { SaveFile } from '../../components/saveFile.ts';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { usePagedRows } from '../../components/usePagedRows.ts';
import { useSlashToSearch } from '../../components/useSlashToSearch.ts';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { PagesError } from '../schedules/PagesError.tsx';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable.tsx';

type NormRow = Output<'norms.list'>['rows'][number];
const rowsOf = (o: Output<'norms.list'>) => o.rows;
export const normsGridTestId = 'norms-grid';

export function periodLabel(p: NormPeriod, mode: NormMode, t: TFunction, locale: string): string {
  if (mode === 'month') return monthShortLabel(p.start.slice(0, 7), locale);
  if (mode === 'quarter') return t('timesheets.norms.quarter', { q: Math.floor((Number(p.start.slice(5, 7)) - 1) / 3) + 1, year: p.start.slice(0, 4) });
  return p.start.slice(0, 4);
}

export function NormsView({ year, onYearChange, save }: { year: number; onYearChange(y: number): void; save?: SaveFile }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const client = useConsoleClient();
  const [mode, setMode] = useState<NormMode>('month');
  const [filter, setFilter] = useState<EmployeeFilter>(noEmployeeFilter);
  const [search] = useDebouncedValue(filter.search, 250);
  const input = useMemo(() => ({ year, mode, ...employeeScope({ ...filter, search }) }), [year, mode, filter.departmentId, filter.area, search]);
  const pages = usePagedRows('norms.list', input, 100, rowsOf, `${year}|${mode}`);
  const periods = pages.first?.periods ?? [];
  const total = pages.total ?? 0;
  const [active, setActive] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useSlashToSearch(searchRef);
  const h = (x: number | null) => (x === null ? t('common.none') : formatHours(x, locale));

  const scope = { ...(filter.departmentId ? { departmentId: filter.departmentId } : {}), ...(filter.area ? { area: filter.area } : {}) };
  // What the fetch covers (department and site; a search does not narrow it): its own count.
  const scopeCount = useContractQuery('norms.list', { year, mode, ...scope, limit: 1 }, { enabled: confirming });
  const { shown, watch } = useWatchedJobs('norm_fetch', 3);
  const fetchNorms = useContractMutation('norms.fetch', {
    onSuccess: (job) => {
      setConfirming(false);
      watch(job.id);
      notifications.show({ color: 'blue', message: t('timesheets.norms.started', { id: job.id }) });
    },
  });

  const columns = useMemo<Array<VirtualColumn<NormRow>>>(
    () => [
      {
        id: 'employee', header: t('schedules.grid.col.employee'), width: 'minmax(220px, 2fr)',
        render: (r) => (
          <div className="emp-cell">
            <span className="emp-name" title={r.employee.fullName}>{r.employee.fullName}</span>
            <span className="emp-sub"><span className="mono">{r.employee.tabN}</span>{r.employee.area && <span className="emp-area">{r.employee.area}</span>}</span>
          </div>
        ),
      },
      { id: 'rate', header: t('timesheets.norms.col.rate'), width: '60px', align: 'right', render: (r) => (r.employee.rate === null ? '' : formatNumber(r.employee.rate, locale)) },
      {
        id: 'week', header: t('timesheets.norms.col.week'), width: '84px', align: 'right',
        render: (r) => {
          const last = r.history[r.history.length - 1];
          const title = r.history.map((c) => t('timesheets.norms.historyItem', { hours: formatHours(c.normWeek, locale), date: formatCivilDate(c.changeDate, locale) })).join('\n');
          return last ? <span title={title}>{formatHours(last.normWeek, locale)}{r.history.length > 1 && <sup>{r.history.length}</sup>}</span> : <span className="dim">—</span>;
        },
      },
      ...periods.map<VirtualColumn<NormRow>>((p, i) => ({
        id: p.start, header: periodLabel(p, mode, t, locale), width: mode === 'month' ? '74px' : '96px', align: 'right',
        render: (r) => <span className={r.hours[i] ? undefined : 'dim'}>{h(r.hours[i]?.hours ?? null)}</span>,
      })),
      { id: 'total', header: t('timesheets.norms.col.total'), width: '80px', align: 'right', render: (r) => <b>{h(r.totalHours)}</b> },
      { id: 'fetched', header: t('timesheets.norms.col.fetched'), width: '150px', render: (r) => (r.fetchedAt ? <TimeWithZone value={r.fetchedAt} size="xs" compact past /> : <span className="dim">{t('timesheets.norms.notFetched')}</span>) },
    ],
    [t, locale, periods, mode],
  );
  const onOpen = useCallback(() => {}, []);

  let body;
  if (pages.isPending) body = <LoadingState />;
  else if (pages.error && pages.total === null) body = <ErrorView error={pages.error} onRetry={pages.refetch} />;
  else if (total === 0) body = <EmptyView>{t('timesheets.norms.empty', { year })}</EmptyView>;
  else
    body = (
      <VirtualTable<NormRow>
        label={t('timesheets.norms.label', { year })}
        rowCount={total}
        getRow={pages.getRow}
        columns={columns}
        rowHeight={40}
        height={total < 10 ? (total + 1) * 40 + 2 : 'max(320px, calc(100vh - 420px))'}
        activeIndex={Math.min(active, total - 1)}
        onActiveIndexChange={setActive}
        onOpen={onOpen}
        onRangeChange={pages.onRangeChange}
        placeholder={t('schedules.grid.loadingRow')}
        scrollTestId={normsGridTestId}
      />
    );

  const years = [year - 1, year, year + 1];
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <NativeSelect aria-label={t('timesheets.norms.year')} value={String(year)} onChange={(e) => onYearChange(Number(e.currentTarget.value))} data={years.map(String)} w={100} />
          <SegmentedControl aria-label={t('timesheets.norms.mode')} value={mode} onChange={(v) => setMode(v as NormMode)} data={(['month', 'quarter', 'year'] as const).map((m) => ({ value: m, label: t(`timesheets.norms.modes.${m}`) }))} />
        </Group>
        <Group gap="xs">
          <ExportMenu
            save={save}
            choices={(['xlsx', 'csv'] as const).map((format) => ({ id: format, label: t(`timesheets.norms.export.${format}`, { year }), make: () => client.call('norms.export', { year, mode, ...scope, format }) }))}
          />
          <Button leftSection={<IconDownload size={14} />} onClick={() => setConfirming(true)}>{t('timesheets.norms.fetch', { year })}</Button>
        </Group>
      </Group>
      {shown.map((j) => <JobProgress key={j.id} job={j} title={t('timesheets.norms.jobTitle')} />)}
      <EmployeeFilters value={filter} onChange={setFilter} facets={pages.first?.facets ?? null} searchRef={searchRef} onLeaveSearch={() => (document.querySelector(`[data-testid="${normsGridTestId}"]`) as HTMLElement | null)?.focus()} />
      <Text size="sm" className="tnum">{pages.total !== null ? t('schedules.grid.total', { count: total, formatted: formatNumber(total, locale) }) : ''}</Text>
      {pages.error && pages.total !== null && <PagesError error={pages.error} onRetry={pages.refetch} />}
      <div>{body}</div>
      <Text size="xs" c="dimmed">{t('timesheets.norms.hint')}</Text>
      <ConfirmDialog
        opened={confirming}
        title={t('timesheets.norms.confirmTitle', { year })}
        confirmLabel={t('timesheets.norms.confirm')}
        busy={fetchNorms.isPending}
        confirmDisabled={!scopeCount.data || scopeCount.data.total === 0}
        onClose={() => { setConfirming(false); fetchNorms.reset(); }}
        onConfirm={() => fetchNorms.mutate({ year, mode, ...scope })}
      >
        {scopeCount.isError ? (
          <GatewayErrorText error={scopeCount.error} />
        ) : (
          <Text size="sm" data-testid="norms-confirm">
            {scopeCount.data ? t('timesheets.norms.confirmBody', { year, mode: t(`timesheets.norms.modes.${mode}`), count: scopeCount.data.total, n: formatNumber(scopeCount.data.total, locale) }) : t('schedules.upload.counting')}
          </Text>
        )}
        {filter.search.trim() !== '' && <Text size="xs" c="dimmed" mt={4}>{t('timesheets.norms.searchIgnored')}</Text>}
        {/* In the dialog, where the operator is looking, until they retry or close it (a toast would vanish in seconds). */}
        {fetchNorms.isError && (
          <Alert color="red" variant="light" mt="sm" icon={<IconAlert size={16} />} title={t('timesheets.norms.failed')} role="alert">
            <GatewayErrorText error={fetchNorms.error} />
          </Alert>
        )}
      </ConfirmDialog>
    </Stack>
  );
}
