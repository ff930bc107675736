// Uploads to 1C: the recent upload jobs (the running one with its progress), and per employee and
// month the state in 1C with 1C's message verbatim, for a job or for the month on screen,
// filtered by state ("what failed and why?"), paged as it scrolls.
import { Group, SegmentedControl, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeJob, Output, UploadState } from '../../../../core/contract/index.ts';
import { formatNumber, formatPeriod } from '../../components/format.ts';
import { jobProgressText, JobStateBadge, useExchangeJobs } from '../../components/JobProgress.tsx';
import { monthLabel, monthShortLabel, monthsBetween } from '../../components/month.ts';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { usePagedRows } from '../../components/usePagedRows.ts';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable.tsx';
import { EmployeeDrawer } from './EmployeeDrawer.tsx';
import { PagesError } from './PagesError.tsx';
import { UploadMessage, UploadStateBadge } from './uploadStates.tsx';

type StateRow = Output<'schedules.uploadState'>['rows'][number];
const stateFilters: Array<UploadState | 'all'> = ['all', 'rejected', 'failed', 'retrying', 'queued', 'sent', 'cancelled'];
const rowsOf = (o: Output<'schedules.uploadState'>) => o.rows;

export const uploadStateTestId = 'upload-state-grid';

function JobsTable({ jobs, selected, onSelect }: { jobs: ExchangeJob[]; selected: number | null; onSelect(id: number | null): void }) {
  const { t, i18n } = useTranslation();
  return (
    <Table highlightOnHover verticalSpacing={4} fz="xs" aria-label={t('schedules.uploads.jobsLabel')} className="tnum">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={60}>{t('schedules.uploads.col.id')}</Table.Th>
          <Table.Th w={190}>{t('schedules.uploads.col.period')}</Table.Th>
          <Table.Th w={150}>{t('schedules.uploads.col.state')}</Table.Th>
          <Table.Th>{t('schedules.uploads.col.progress')}</Table.Th>
          <Table.Th w={170}>{t('schedules.uploads.col.by')}</Table.Th>
          <Table.Th w={170}>{t('schedules.uploads.col.created')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {jobs.map((j) => (
          <Table.Tr key={j.id} bg={j.id === selected ? 'var(--vt-active)' : undefined} aria-selected={j.id === selected}>
            <Table.Td>
              <UnstyledButton onClick={() => onSelect(j.id === selected ? null : j.id)} aria-label={t('schedules.uploads.showJob', { id: j.id })} className="link-button">
                {t('exchange.job.title', { title: '', id: j.id }).trim()}
              </UnstyledButton>
            </Table.Td>
            <Table.Td className="nowrap">{formatPeriod(j.from, j.to, i18n.language)}</Table.Td>
            <Table.Td><JobStateBadge job={j} /></Table.Td>
            <Table.Td>{jobProgressText(j, t, i18n.language)}</Table.Td>
            <Table.Td><Text size="xs" truncate>{j.createdBy}</Text></Table.Td>
            <Table.Td><TimeWithZone value={j.createdAt} size="xs" compact past /></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function UploadTab({ month, tableHeight = 'max(300px, calc(100vh - 470px))' }: { month: string; tableHeight?: number | string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { jobs, isPending, error } = useExchangeJobs('schedule_upload', 10);
  const [selected, setSelected] = useState<number | null>(null);
  const [state, setState] = useState<UploadState | 'all'>('all');
  const job = jobs.find((j) => j.id === selected) ?? null;

  const months = useMemo(() => (job ? monthsBetween(job.from.slice(0, 7), job.to.slice(0, 7)).slice(0, 24) : [month]), [job, month]);
  const input = useMemo(
    () => ({ from: months[0]!, to: months[months.length - 1]!, ...(job ? { jobId: job.id } : {}), ...(state !== 'all' ? { states: [state] } : {}) }),
    [months, job, state],
  );
  const pages = usePagedRows('schedules.uploadState', input, 100, rowsOf, `${input.from}|${input.to}`);
  const total = pages.total ?? 0;
  const counts = pages.first?.counts ?? {};
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<string | null>(null);

  const columns = useMemo<Array<VirtualColumn<StateRow>>>(
    () => [
      {
        id: 'employee', header: t('schedules.uploads.col.employee'), width: 'minmax(200px, 1.2fr)',
        render: (r) => (
          <div className="emp-cell">
            <span className="emp-name" title={r.employee.fullName}>{r.employee.fullName}</span>
            <span className="emp-sub"><span className="mono">{r.employee.tabN}</span>{r.employee.area && <span className="emp-area">{r.employee.area}</span>}</span>
          </div>
        ),
      },
      ...months.map<VirtualColumn<StateRow>>((m, i) => ({
        id: m,
        header: months.length > 1 ? monthShortLabel(m, locale) : t('schedules.uploads.col.inOnec', { month: monthLabel(m, locale) }),
        width: 'minmax(260px, 3fr)',
        render: (r) => {
          const c = r.months[i];
          if (!c) return null;
          return (
            <div className="state-cell" data-month={m}>
              <UploadStateBadge state={c.state} size="xs" changed={c.changedSinceSent} />
              <UploadMessage cell={c} lines={2} />
            </div>
          );
        },
      })),
    ],
    [months, t, locale],
  );
  const onOpen = useCallback((r: StateRow) => setOpen(r.employee.externalId), []);

  let body;
  if (pages.isPending) body = <LoadingState />;
  else if (pages.error && pages.total === null) body = <ErrorView error={pages.error} onRetry={pages.refetch} />;
  else if (total === 0) body = <EmptyView>{state === 'all' ? t('schedules.uploads.empty', { month: monthLabel(month, locale) }) : t('schedules.uploads.emptyState', { state: t(`schedules.state.${state}`) })}</EmptyView>;
  else
    body = (
      <VirtualTable<StateRow>
        label={t('schedules.uploads.tableLabel')}
        rowCount={total}
        getRow={pages.getRow}
        columns={columns}
        rowHeight={52}
        height={total < 8 ? (total + 1) * 52 + 2 : tableHeight}
        activeIndex={Math.min(active, total - 1)}
        onActiveIndexChange={setActive}
        onOpen={onOpen}
        onRangeChange={pages.onRangeChange}
        placeholder={t('schedules.grid.loadingRow')}
        rowAttribute={{ name: 'data-employee-id', value: (r) => r.employee.externalId }}
        scrollTestId={uploadStateTestId}
      />
    );

  return (
    <Stack gap="sm">
      <div>
        <Title order={3} size="h6" mb={4}>{t('schedules.uploads.jobsTitle')}</Title>
        {isPending ? <LoadingState /> : error ? <ErrorView error={error} /> : jobs.length === 0 ? <Text size="sm" c="dimmed">{t('schedules.uploads.noJobs')}</Text> : <JobsTable jobs={jobs} selected={selected} onSelect={setSelected} />}
      </div>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
        <Title order={3} size="h6">
          {job ? t('schedules.uploads.ofJob', { id: job.id, period: formatPeriod(job.from, job.to, locale) }) : t('schedules.uploads.ofMonth', { month: monthLabel(month, locale) })}
        </Title>
        <SegmentedControl
          aria-label={t('schedules.uploads.stateFilter')}
          value={state}
          onChange={(v) => setState(v as UploadState | 'all')}
          data={stateFilters.map((s) => ({
            value: s,
            label:
              s === 'all' || job ? (
                t(s === 'all' ? 'schedules.uploads.all' : `schedules.state.${s}`)
              ) : (
                <span aria-label={`${t(`schedules.state.${s}`)}: ${counts[s] ?? 0}`}>
                  {t(`schedules.state.${s}`)} <span className="tnum seg-count">{formatNumber(counts[s] ?? 0, locale)}</span>
                </span>
              ),
          }))}
        />
      </Group>
      {pages.error && pages.total !== null && <PagesError error={pages.error} onRetry={pages.refetch} />}
      <div>{body}</div>
      <EmployeeDrawer employeeId={open} month={months[0]!} onClose={() => setOpen(null)} />
    </Stack>
  );
}
