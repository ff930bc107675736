// The T-13 grid of a month, paged from the gateway as it scrolls: filters (department, site,
// search, only contradictions, only fetched), the legend of code families and contradiction marks,
// the codes met on screen with their meaning, and the employee's drawer.
import { Alert, Button, Checkbox, Group, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridFacets, TimesheetCode, TimesheetGridRow } from '../../../../core/contract/index.ts';
import { hrefFor } from '../../app/router.ts';
import { useContractQuery } from '../../client/index.ts';
import { EmployeeFilters, employeeScope, hasEmployeeFilter, noEmployeeFilter, type EmployeeFilter } from '../../components/EmployeeFilters.tsx';
import { formatNumber } from '../../components/format.ts';
import { IconSheet } from '../../components/Icons.tsx';
import { MonthGrid, type CellPosition } from '../../components/MonthGrid.tsx';
import { monthLabel } from '../../components/month.ts';
import { usePagedRows } from '../../components/usePagedRows.ts';
import { useSlashToSearch } from '../../components/useSlashToSearch.ts';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { PagesError } from '../schedules/PagesError.tsx';
import { contradictionMark, familyCodes, familyOf, familyOrder } from './codes.ts';
import { LeadCell, leadWidth, useTimesheetColumns } from './columns.tsx';
import { TimesheetDrawer } from './TimesheetDrawer.tsx';

export const timesheetGridTestId = 'timesheet-grid';
const pageSize = 100;
const rowHeight = 42;
const rowsOf = (o: { rows: TimesheetGridRow[] }) => o.rows;
const rowAttribute = { name: 'data-employee-id', value: (r: TimesheetGridRow) => r.employee.externalId } as const;

export interface TimesheetFlags {
  onlyContradictions: boolean;
  onlyFetched: boolean;
}

export interface TimesheetGridViewProps {
  month: string;
  today: string;
  filter: EmployeeFilter;
  onFilterChange(f: EmployeeFilter): void;
  flags: TimesheetFlags;
  onFlagsChange(f: TimesheetFlags): void;
  onFetch(): void;
  onSummary?(s: { total: number | null; facets: GridFacets | null; fetched: number | null }): void;
  tableHeight?: number | string;
}

export function TimesheetGridView({ month, today, filter, onFilterChange, flags, onFlagsChange, onFetch, onSummary, tableHeight = 'max(360px, calc(100vh - 420px))' }: TimesheetGridViewProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [search] = useDebouncedValue(filter.search, 250);
  const query = useMemo(
    () => ({
      month,
      ...employeeScope({ ...filter, search }),
      ...(flags.onlyContradictions ? { onlyContradictions: true } : {}),
      ...(flags.onlyFetched ? { onlyFetched: true } : {}),
    }),
    [month, filter.departmentId, filter.area, search, flags.onlyContradictions, flags.onlyFetched],
  );
  const pages = usePagedRows('timesheets.grid', query, pageSize, rowsOf, month);
  const fetchedQ = useContractQuery('timesheets.grid', { month, onlyFetched: true, limit: 1 });
  const fetched = { total: fetchedQ.data?.total ?? null };
  // "N employees · fetched: M" reads as M of those N: counted under the same filters.
  const { onlyFetched: _only, ...scoped } = query;
  const fetchedShown = useContractQuery('timesheets.grid', { ...scoped, onlyFetched: true, limit: 1 });
  const total = pages.total ?? 0;
  const facets = pages.first?.facets ?? null;
  const summaryTotal = pages.isPlaceholder ? null : pages.total;
  useEffect(() => onSummary?.({ total: summaryTotal, facets, fetched: fetched.total }), [summaryTotal, facets, fetched.total, onSummary]);

  const days = pages.first && pages.first.month === month ? pages.first.days : null;
  const columns = useTimesheetColumns(days ?? [], today);
  const lead = useMemo(() => ({ header: <span>{t('schedules.grid.col.employee')}</span>, width: leadWidth, render: (r: TimesheetGridRow) => <LeadCell row={r} /> }), [t]);

  const [active, setActive] = useState<CellPosition>({ row: 0, col: 0 });
  const queryKey = JSON.stringify(query);
  useEffect(() => setActive({ row: 0, col: 0 }), [queryKey]);
  const [open, setOpen] = useState<{ id: string; date: string | null } | null>(null);
  const onOpen = useCallback((r: TimesheetGridRow, _i: number, col: number) => setOpen({ id: r.employee.externalId, date: typeof columns[col - 1]?.id === 'string' && /^\d{4}-/.test(columns[col - 1]!.id) ? columns[col - 1]!.id : null }), [columns]);

  const searchRef = useRef<HTMLInputElement>(null);
  useSlashToSearch(searchRef);
  const focusGrid = useCallback(() => (document.querySelector(`[data-testid="${timesheetGridTestId}"]`) as HTMLElement | null)?.focus(), []);

  const filtered = hasEmployeeFilter(filter) || flags.onlyContradictions || flags.onlyFetched;
  const noneFetched = fetched.total === 0;
  let body;
  if (pages.isPending || (days === null && !pages.error)) body = <LoadingState label={t('timesheets.grid.loading')} />;
  else if (pages.error && pages.total === null) body = <ErrorView error={pages.error} title={t('timesheets.grid.loadError')} onRetry={pages.refetch} />;
  else if (total === 0 && filtered)
    body = (
      <EmptyView
        title={t('schedules.grid.emptyFilteredTitle')}
        action={<Button variant="default" onClick={() => { onFilterChange(noEmployeeFilter); onFlagsChange({ onlyContradictions: false, onlyFetched: false }); }}>{t('exchange.filters.clear')}</Button>}
      >
        {flags.onlyContradictions ? t('timesheets.grid.noContradictions') : t('schedules.grid.emptyFiltered')}
      </EmptyView>
    );
  else if (total === 0)
    body = (
      <EmptyView title={t('schedules.grid.noEmployeesTitle', { month: monthLabel(month, locale) })} action={<Button component="a" href={hrefFor({ section: 'plans' })} variant="light">{t('schedules.grid.openPlans')}</Button>}>
        {t('schedules.grid.noEmployees')}
      </EmptyView>
    );
  else
    body = (
      <MonthGrid<TimesheetGridRow>
        label={t('timesheets.grid.label', { month: monthLabel(month, locale) })}
        rowCount={total}
        getRow={pages.getRow}
        lead={lead}
        columns={columns}
        rowHeight={rowHeight}
        height={total < 10 ? (total + 1) * rowHeight + 18 : tableHeight}
        active={{ row: Math.min(active.row, total - 1), col: active.col }}
        onActiveChange={setActive}
        onOpen={onOpen}
        onRangeChange={pages.onRangeChange}
        placeholder={t('schedules.grid.loadingRow')}
        rowAttribute={rowAttribute}
        testId={timesheetGridTestId}
      />
    );

  return (
    <Stack gap="xs">
      <EmployeeFilters value={filter} onChange={onFilterChange} facets={facets} searchRef={searchRef} onLeaveSearch={focusGrid}>
        <Checkbox label={t('timesheets.grid.onlyContradictions')} checked={flags.onlyContradictions} onChange={(e) => onFlagsChange({ ...flags, onlyContradictions: e.currentTarget.checked })} />
        <Checkbox label={t('timesheets.grid.onlyFetched')} checked={flags.onlyFetched} onChange={(e) => onFlagsChange({ ...flags, onlyFetched: e.currentTarget.checked })} />
      </EmployeeFilters>
      <Group gap="sm" mih={22}>
        {pages.total !== null && (
          <Text size="sm" className="tnum" data-testid="timesheet-total">
            {t('schedules.grid.total', { count: total, formatted: formatNumber(total, locale) })}
            {fetchedShown.data && <Text span size="sm" c="dimmed">{` · ${t('timesheets.grid.fetchedCount', { n: formatNumber(fetchedShown.data.total, locale) })}`}</Text>}
          </Text>
        )}
        {(pages.isPlaceholder || (pages.isFetching && !pages.isPending)) && <Loader size="xs" aria-label={t('common.loading')} />}
      </Group>
      {noneFetched && total > 0 && !flags.onlyFetched && (
        <Alert color="gray" variant="light" icon={<IconSheet size={16} />} title={t('timesheets.grid.noneFetchedTitle', { month: monthLabel(month, locale) })} role="note" aria-label={t('timesheets.grid.noneFetchedTitle', { month: monthLabel(month, locale) })}>
          <Group gap="sm" justify="space-between">
            <Text size="sm">{t('timesheets.grid.noneFetched')}</Text>
            <Button size="xs" variant="light" onClick={onFetch}>{t('timesheets.fetch.button')}</Button>
          </Group>
        </Alert>
      )}
      {pages.error && pages.total !== null && <PagesError error={pages.error} onRetry={pages.refetch} />}
      <div>{body}</div>
      {total > 0 && <TimesheetLegend codes={pages.first?.codes ?? []} />}
      <TimesheetDrawer employeeId={open?.id ?? null} date={open?.date} month={month} onClose={() => { setOpen(null); focusGrid(); }} />
    </Stack>
  );
}

export function TimesheetLegend({ codes }: { codes: TimesheetCode[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} className="ts-legend" role="note" aria-label={t('timesheets.legend.label')}>
      <Group gap="md" wrap="wrap">
        {familyOrder.map((f) => (
          <span key={f} className="legend-item">
            <span className={`tc tc-${f}`}>{f === 'unknown' ? '?' : familyCodes[f][0]}</span>
            {t(`timesheets.family.${f}`)}
            {f !== 'unknown' && familyCodes[f].length > 1 && <span className="dim">({familyCodes[f].join(', ')})</span>}
          </span>
        ))}
      </Group>
      <Group gap="md" wrap="wrap">
        {(['worked_without_shift', 'shift_not_worked', 'absent_on_shift', 'hours_differ'] as const).map((k) => (
          <span key={k} className="legend-item">
            <span className="legend-contra"><span className="ts-mark">{contradictionMark[k]}</span></span>
            {t(`timesheets.contradiction.${k}`)}
          </span>
        ))}
        <span className="legend-item"><span className="legend-plan" />{t('timesheets.legend.scheduled')}</span>
        <span className="legend-item"><sup>*</sup>{t('timesheets.legend.storedBasis')}</span>
      </Group>
      {codes.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="codes-on-page">
          {t('timesheets.legend.codesOnPage')}{' '}
          {codes.map((c, i) => (
            <span key={c.code}>
              {i > 0 && ' · '}
              <span className={`tc tc-${familyOf(c.code, c.known)}`}>{c.code}</span> {c.known ? t(`timesheets.code.${c.code}`, { defaultValue: c.meaning ?? '' }) : t('timesheets.cell.unknownCode')}
            </span>
          ))}
        </Text>
      )}
      <Text size="xs" c="dimmed">{t('schedules.legend.keys')}</Text>
    </Stack>
  );
}
