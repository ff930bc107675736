// The month grid of schedules: employees × days, paged from the gateway as it scrolls (100 000
// employees usable), filters by department and site and a search, a note when the month has no
// shifts at all, a legend, and the employee's drawer (Enter, double-click, or a click on the name).
import { Alert, Button, Checkbox, Code, Group, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridFacets, ScheduleGridRow } from '../../../../core/contract/index.ts';
import { hrefFor } from '../../app/router.ts';
import { useContractQuery } from '../../client/index.ts';
import { EmployeeFilters, employeeScope, hasEmployeeFilter, type EmployeeFilter } from '../../components/EmployeeFilters.tsx';
import { formatNumber } from '../../components/format.ts';
import { IconAlert, IconFile } from '../../components/Icons.tsx';
import { MonthGrid, type CellPosition } from '../../components/MonthGrid.tsx';
import { datesOf, monthLabel } from '../../components/month.ts';
import { usePagedRows } from '../../components/usePagedRows.ts';
import { useSlashToSearch } from '../../components/useSlashToSearch.ts';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { LeadCell, leadWidth, useScheduleColumns } from './columns.tsx';
import { EmployeeDrawer } from './EmployeeDrawer.tsx';
import { PagesError } from './PagesError.tsx';

export const scheduleGridTestId = 'schedule-grid';
export const schedulePageSize = 100;
const rowHeight = 40;

export interface ScheduleGridViewProps {
  month: string;
  today: string;
  filter: EmployeeFilter;
  onFilterChange(f: EmployeeFilter): void;
  onlyWithShifts: boolean;
  onOnlyWithShiftsChange(v: boolean): void;
  /** A link to one employee's row (from the import report): that row alone, its day active. */
  focus: { employeeId: string; date: string | null } | null;
  onClearFocus(): void;
  onImport(): void;
  /** The total and facets for the controls above (the upload's scope). */
  onSummary?(summary: { total: number | null; facets: GridFacets | null }): void;
  tableHeight?: number | string;
}

const rowsOf = (o: { rows: ScheduleGridRow[] }) => o.rows;
const rowAttribute = { name: 'data-employee-id', value: (r: ScheduleGridRow) => r.employee.externalId } as const;

export function ScheduleGridView({ month, today, filter, onFilterChange, onlyWithShifts, onOnlyWithShiftsChange, focus, onClearFocus, onImport, onSummary, tableHeight = 'max(360px, calc(100vh - 380px))' }: ScheduleGridViewProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  // The search is debounced, so typing never refetches on every key.
  const [search] = useDebouncedValue(filter.search, 250);
  const query = useMemo(
    () => ({
      month,
      ...(focus ? { employeeIds: [focus.employeeId] } : employeeScope({ ...filter, search })),
      ...(onlyWithShifts && !focus ? { onlyWithShifts: true } : {}),
    }),
    [month, focus, filter.departmentId, filter.area, search, onlyWithShifts],
  );
  const pages = usePagedRows('schedules.list', query, schedulePageSize, rowsOf, focus ? `${month}|focus` : month);
  const withShifts = useContractQuery('schedules.list', { month, onlyWithShifts: true, limit: 1 });
  const noShiftsAtAll = withShifts.data?.total === 0;
  // "N employees · with shifts: M" reads as M of those N: counted under the same filters.
  const { onlyWithShifts: _only, ...scoped } = query;
  const withShiftsShown = useContractQuery('schedules.list', { ...scoped, onlyWithShifts: true, limit: 1 }, { enabled: !focus });
  const total = pages.total ?? 0;
  const facets = pages.first?.facets ?? null;
  const summaryTotal = focus || pages.isPlaceholder ? null : pages.total;
  useEffect(() => onSummary?.({ total: summaryTotal, facets }), [summaryTotal, facets, onSummary]);

  const days = useMemo(() => datesOf(month), [month]);
  const columns = useScheduleColumns(days, today);
  const lead = useMemo(
    () => ({ header: <span>{t('schedules.grid.col.employee')}</span>, width: leadWidth, render: (r: ScheduleGridRow) => <LeadCell row={r} /> }),
    [t],
  );

  const focusCol = focus?.date ? days.indexOf(focus.date) + 1 : 0;
  const [active, setActive] = useState<CellPosition>({ row: 0, col: focusCol });
  const queryKey = JSON.stringify(query);
  useEffect(() => setActive({ row: 0, col: focusCol }), [queryKey, focusCol]);

  const [open, setOpen] = useState<{ id: string; date: string | null } | null>(null);
  const onOpen = useCallback((r: ScheduleGridRow, _i: number, col: number) => setOpen({ id: r.employee.externalId, date: days[col - 1] ?? null }), [days]);

  const searchRef = useRef<HTMLInputElement>(null);
  useSlashToSearch(searchRef);
  const focusGrid = useCallback(() => (document.querySelector(`[data-testid="${scheduleGridTestId}"]`) as HTMLElement | null)?.focus(), []);

  const filtered = hasEmployeeFilter(filter) || onlyWithShifts;
  let body;
  if (pages.isPending) body = <LoadingState label={t('schedules.grid.loading')} />;
  else if (pages.error && pages.total === null) body = <ErrorView error={pages.error} title={t('schedules.grid.loadError')} onRetry={pages.refetch} />;
  else if (total === 0 && focus) body = <EmptyView title={t('schedules.grid.focusGoneTitle')}>{t('schedules.grid.focusGone', { month: monthLabel(month, locale) })}</EmptyView>;
  else if (total === 0 && filtered)
    body = (
      <EmptyView title={t('schedules.grid.emptyFilteredTitle')} action={<Button variant="default" onClick={() => { onFilterChange({ search: '', departmentId: '', area: '' }); onOnlyWithShiftsChange(false); }}>{t('exchange.filters.clear')}</Button>}>
        {t('schedules.grid.emptyFiltered')}
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
      <MonthGrid<ScheduleGridRow>
        label={t('schedules.grid.label', { month: monthLabel(month, locale) })}
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
        testId={scheduleGridTestId}
        revealKey={focus ? `${focus.employeeId}|${focus.date ?? ''}` : undefined}
      />
    );

  return (
    <Stack gap="xs">
      {focus ? (
        <Alert color="blue" variant="light" py={6} role="note" aria-label={t('schedules.grid.focusLabel')}>
          <Group gap="sm" justify="space-between" wrap="nowrap">
            <Text size="sm">{t('schedules.grid.focus', { name: pages.getRow(0)?.employee.fullName ?? focus.employeeId })}</Text>
            <Button size="xs" variant="default" onClick={onClearFocus}>{t('schedules.grid.showAll')}</Button>
          </Group>
        </Alert>
      ) : (
        <EmployeeFilters value={filter} onChange={onFilterChange} facets={pages.first?.facets ?? null} searchRef={searchRef} onLeaveSearch={focusGrid}>
          <Checkbox label={t('schedules.grid.onlyWithShifts')} checked={onlyWithShifts} onChange={(e) => onOnlyWithShiftsChange(e.currentTarget.checked)} />
        </EmployeeFilters>
      )}
      <Group gap="sm" mih={22}>
        {pages.total !== null && (
          <Text size="sm" className="tnum" data-testid="schedule-total">
            {t('schedules.grid.total', { count: total, formatted: formatNumber(total, locale) })}
            {withShiftsShown.data && !focus && (
              <Text span size="sm" c="dimmed">{` · ${t('schedules.grid.withShifts', { n: formatNumber(withShiftsShown.data.total, locale) })}`}</Text>
            )}
          </Text>
        )}
        {(pages.isPlaceholder || (pages.isFetching && !pages.isPending)) && <Loader size="xs" aria-label={t('common.loading')} />}
      </Group>
      {noShiftsAtAll && !focus && total > 0 && (
        <Alert color="gray" variant="light" icon={<IconFile size={16} />} title={t('schedules.grid.noShiftsTitle', { month: monthLabel(month, locale) })} role="note" aria-label={t('schedules.grid.noShiftsTitle', { month: monthLabel(month, locale) })}>
          <Group gap="sm" justify="space-between" align="center">
            <Text size="sm" component="div">
              {t('schedules.grid.noShifts')} <Code>{t('schedules.grid.noShiftsCommand')}</Code>
            </Text>
            <Button size="xs" variant="light" onClick={onImport}>{t('schedules.import.button')}</Button>
          </Group>
        </Alert>
      )}
      {pages.error && pages.total !== null && <PagesError error={pages.error} onRetry={pages.refetch} />}
      <div>{body}</div>
      {total > 0 && <Legend />}
      <EmployeeDrawer employeeId={open?.id ?? null} date={open?.date} month={month} onClose={() => { setOpen(null); focusGrid(); }} />
    </Stack>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Group gap="md" wrap="wrap" className="grid-legend" aria-label={t('schedules.legend.label')} role="note">
      <span className="legend-item"><span className="shift-bar legend-bar"><span className="seg-day" style={{ flexGrow: 8 }} /><span className="shift-hours">8</span></span>{t('schedules.legend.day')}</span>
      <span className="legend-item"><span className="shift-bar legend-bar is-night"><span className="seg-day" style={{ flexGrow: 4 }} /><span className="seg-night" style={{ flexGrow: 7 }} /><span className="shift-hours">4 ☾7</span></span>{t('schedules.legend.night')}</span>
      <span className="legend-item"><span className="legend-swatch is-weekend" />{t('schedules.legend.weekend')}</span>
      <span className="legend-item"><span className="legend-swatch is-outside" />{t('schedules.legend.outside')}</span>
      <span className="legend-item"><span className="emp-errors"><IconAlert size={11} /> 2</span>{t('schedules.legend.errors')}</span>
      <Text span size="xs" c="dimmed">{t('schedules.legend.keys')}</Text>
    </Group>
  );
}
