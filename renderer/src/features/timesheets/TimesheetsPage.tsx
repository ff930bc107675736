// Timesheets: 1C:ZUP's timesheets in the familiar form of the T-13 (#/timesheets/2026-12) beside
// the uploaded schedule, and the hours norms (…/norms). A fetch from 1C runs on the gateway as a
// job; its progress follows here, and after coming back. Export as XLSX or CSV.
import { Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeJob, GridFacets } from '../../../../core/contract/index.ts';
import { usePrefs } from '../../app/prefs.ts';
import { hrefFor, navigate, type TimesheetsTab } from '../../app/router.ts';
import { useConsoleClient } from '../../client/index.ts';
import { noEmployeeFilter, type EmployeeFilter } from '../../components/EmployeeFilters.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { civilToday } from '../../components/format.ts';
import { IconDownload } from '../../components/Icons.tsx';
import { JobProgress, useWatchedJobs } from '../../components/JobProgress.tsx';
import { lastDayOf, monthLabel } from '../../components/month.ts';
import { MonthSwitcher } from '../../components/MonthSwitcher.tsx';
import type { SaveFile } from '../../components/saveFile.ts';
import '../schedules/schedules.css';
import { FetchDialog } from './FetchDialog.tsx';
import { NormsView } from './NormsView.tsx';
import { TimesheetGridView, type TimesheetFlags } from './TimesheetGridView.tsx';
import './timesheets.css';

export interface TimesheetsPageProps {
  month: string | null;
  tab: TimesheetsTab;
  tableHeight?: number | string;
  save?: SaveFile;
}

export function TimesheetsPage({ month: routeMonth, tab, tableHeight, save }: TimesheetsPageProps) {
  const { t, i18n } = useTranslation();
  const client = useConsoleClient();
  const zone = usePrefs((s) => s.zone);
  const today = civilToday(zone);
  const current = today.slice(0, 7);
  const month = routeMonth ?? current;
  const go = (m: string, tb: TimesheetsTab = tab) => navigate(hrefFor({ section: 'timesheets', month: m, tab: tb }));

  const [filter, setFilter] = useState<EmployeeFilter>(noEmployeeFilter);
  const [flags, setFlags] = useState<TimesheetFlags>({ onlyContradictions: false, onlyFetched: false });
  const [summary, setSummary] = useState<{ total: number | null; facets: GridFacets | null; fetched: number | null }>({ total: null, facets: null, fetched: null });
  const [fetching, setFetching] = useState(false);

  const { shown, watch, dismiss } = useWatchedJobs('timesheet_fetch', 5);

  function onStarted(job: ExchangeJob) {
    setFetching(false);
    watch(job.id);
    notifications.show({ color: 'blue', message: t('timesheets.fetch.started', { id: job.id }) });
  }

  const scope = { ...(filter.departmentId ? { departmentId: filter.departmentId } : {}), ...(filter.area ? { area: filter.area } : {}) };
  const from = `${month}-01`;
  const to = lastDayOf(month);
  const label = monthLabel(month, i18n.language);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3">{t('timesheets.title')}</Title>
          <Text size="sm" c="dimmed">{t('timesheets.subtitle')}</Text>
        </div>
        {tab === 'grid' && (
          <Group gap="xs" wrap="wrap">
            <ExportMenu
              save={save}
              disabled={summary.fetched === 0}
              choices={[
                { id: 'grid-xlsx', label: t('timesheets.export.gridXlsx', { month: label }), make: () => client.call('timesheets.export', { from, to, ...scope, format: 'xlsx', layout: 'grid' }) },
                { id: 'grid-csv', label: t('timesheets.export.gridCsv', { month: label }), make: () => client.call('timesheets.export', { from, to, ...scope, format: 'csv', layout: 'grid' }) },
                { id: 'days-xlsx', label: t('timesheets.export.daysXlsx', { month: label }), make: () => client.call('timesheets.export', { from, to, ...scope, format: 'xlsx', layout: 'days' }) },
                { id: 'days-csv', label: t('timesheets.export.daysCsv', { month: label }), make: () => client.call('timesheets.export', { from, to, ...scope, format: 'csv', layout: 'days' }) },
              ]}
            />
            <Button leftSection={<IconDownload size={14} />} onClick={() => setFetching(true)}>{t('timesheets.fetch.button')}</Button>
          </Group>
        )}
      </Group>
      {tab === 'grid' && <MonthSwitcher month={month} current={current} onChange={(m) => go(m)} />}
      {shown.map((j) => (
        <JobProgress key={j.id} job={j} title={t('timesheets.fetch.jobTitle')}>
          {j.finished && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => dismiss(j.id)}>
              {t('schedules.uploads.dismiss')}
            </Button>
          )}
        </JobProgress>
      ))}
      <Tabs value={tab} onChange={(v) => v && go(month, v as TimesheetsTab)} keepMounted={false}>
        <Tabs.List aria-label={t('timesheets.tabs.label')}>
          <Tabs.Tab value="grid">{t('timesheets.tabs.grid')}</Tabs.Tab>
          <Tabs.Tab value="norms">{t('timesheets.tabs.norms')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="grid" pt="sm">
          <TimesheetGridView
            month={month}
            today={today}
            filter={filter}
            onFilterChange={setFilter}
            flags={flags}
            onFlagsChange={setFlags}
            onFetch={() => setFetching(true)}
            onSummary={setSummary}
            tableHeight={tableHeight}
          />
        </Tabs.Panel>
        <Tabs.Panel value="norms" pt="sm">
          <NormsView year={Number(month.slice(0, 4))} onYearChange={(y) => go(`${y}${month.slice(4)}`, 'norms')} save={save} />
        </Tabs.Panel>
      </Tabs>
      <FetchDialog opened={fetching} onClose={() => setFetching(false)} month={month} filter={filter} facets={summary.facets} filteredTotal={summary.total} onStarted={onStarted} />
    </Stack>
  );
}
