// Schedules: work schedules from Argus WFM on their way to 1C:ZUP. The month is in the URL
// (#/schedules/2026-12) so a link can be shared; the grid of employees × days, the uploads with
// 1C's answers (…/upload) and the imports (…/imports). Import a file, upload a period; an upload
// runs on the gateway and its progress follows here, whichever tab is open, or after coming back.
import { Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeJob, GridFacets } from '../../../../core/contract/index.ts';
import { usePrefs } from '../../app/prefs.ts';
import { hashParam, hrefFor, navigate, useHash, type SchedulesTab } from '../../app/router.ts';
import { useConsoleClient } from '../../client/index.ts';
import { employeeScope, noEmployeeFilter, type EmployeeFilter } from '../../components/EmployeeFilters.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { civilToday } from '../../components/format.ts';
import { IconSend, IconUpload } from '../../components/Icons.tsx';
import { JobProgress, useWatchedJobs } from '../../components/JobProgress.tsx';
import { lastDayOf, monthLabel } from '../../components/month.ts';
import { MonthSwitcher } from '../../components/MonthSwitcher.tsx';
import type { SaveFile } from '../../components/saveFile.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { ImportsTab } from './ImportsTab.tsx';
import { ScheduleGridView } from './ScheduleGridView.tsx';
import { UploadDialog } from './UploadDialog.tsx';
import { UploadTab } from './UploadTab.tsx';
import './schedules.css';

/** Where a link to one employee's day goes: the month's grid with that row alone. */
export function scheduleRowHref(employeeId: string, date: string | null, fallbackMonth: string): string {
  const month = date ? date.slice(0, 7) : fallbackMonth;
  const q = new URLSearchParams({ employee: employeeId, ...(date ? { date } : {}) });
  return `${hrefFor({ section: 'schedules', month })}?${q.toString()}`;
}

export interface SchedulesPageProps {
  month: string | null;
  tab: SchedulesTab;
  tableHeight?: number | string;
  save?: SaveFile;
}

export function SchedulesPage({ month: routeMonth, tab, tableHeight, save }: SchedulesPageProps) {
  const { t, i18n } = useTranslation();
  const client = useConsoleClient();
  const zone = usePrefs((s) => s.zone);
  const today = civilToday(zone);
  const current = today.slice(0, 7);
  const month = routeMonth ?? current;
  const hash = useHash();
  const focusId = hashParam(hash, 'employee');
  const focusDate = hashParam(hash, 'date');
  const focus = useMemo(() => (focusId ? { employeeId: focusId, date: focusDate && focusDate.startsWith(month) ? focusDate : null } : null), [focusId, focusDate, month]);

  const [filter, setFilter] = useState<EmployeeFilter>(noEmployeeFilter);
  const [onlyWithShifts, setOnlyWithShifts] = useState(false);
  const [summary, setSummary] = useState<{ total: number | null; facets: GridFacets | null }>({ total: null, facets: null });
  const [importing, setImporting] = useState(false);
  const [uploading, setUploading] = useState(false);

  const go = useCallback((m: string, tb: SchedulesTab = tab) => navigate(hrefFor({ section: 'schedules', month: m, tab: tb })), [tab]);

  // Jobs followed on this screen: the running ones, and those started or seen running here until dismissed.
  const { shown, watch, dismiss } = useWatchedJobs('schedule_upload', 5);

  function onStarted(job: ExchangeJob) {
    setUploading(false);
    watch(job.id);
    notifications.show({ color: 'blue', message: t('schedules.upload.started', { id: job.id }) });
  }

  const exportScope = { from: `${month}-01`, to: lastDayOf(month), ...(focus ? { employeeIds: [focus.employeeId] } : (({ search: _s, ...rest }) => rest)(employeeScope(filter))) };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3">{t('schedules.title')}</Title>
          <Text size="sm" c="dimmed">{t('schedules.subtitle')}</Text>
        </div>
        <Group gap="xs" wrap="wrap">
          <Button variant="default" leftSection={<IconUpload size={14} />} onClick={() => setImporting(true)}>{t('schedules.import.button')}</Button>
          <ExportMenu
            save={save}
            choices={[
              { id: 'csv', label: t('schedules.export.csv', { month: monthLabel(month, i18n.language) }), make: () => client.call('schedules.export', { ...exportScope, format: 'csv' }) },
              { id: 'xlsx', label: t('schedules.export.xlsx', { month: monthLabel(month, i18n.language) }), make: () => client.call('schedules.export', { ...exportScope, format: 'xlsx' }) },
            ]}
          />
          <Button leftSection={<IconSend size={14} />} onClick={() => setUploading(true)}>{t('schedules.upload.button')}</Button>
        </Group>
      </Group>
      {tab !== 'imports' && <MonthSwitcher month={month} current={current} onChange={(m) => go(m)} />}
      {shown.map((j) => (
        <JobProgress key={j.id} job={j} title={t('schedules.uploads.jobTitle')}>
          <Group gap="xs">
            {tab !== 'upload' && <Button size="compact-xs" variant="subtle" onClick={() => go(month, 'upload')}>{t('schedules.uploads.results')}</Button>}
            {j.finished && (
              <Button size="compact-xs" variant="subtle" color="gray" onClick={() => dismiss(j.id)}>
                {t('schedules.uploads.dismiss')}
              </Button>
            )}
          </Group>
        </JobProgress>
      ))}
      <Tabs value={tab} onChange={(v) => v && go(month, v as SchedulesTab)} keepMounted={false}>
        <Tabs.List aria-label={t('schedules.tabs.label')}>
          <Tabs.Tab value="grid">{t('schedules.tabs.grid')}</Tabs.Tab>
          <Tabs.Tab value="upload">{t('schedules.tabs.upload')}</Tabs.Tab>
          <Tabs.Tab value="imports">{t('schedules.tabs.imports')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="grid" pt="sm">
          <ScheduleGridView
            month={month}
            today={today}
            filter={filter}
            onFilterChange={setFilter}
            onlyWithShifts={onlyWithShifts}
            onOnlyWithShiftsChange={setOnlyWithShifts}
            focus={focus}
            onClearFocus={() => go(month, 'grid')}
            onImport={() => setImporting(true)}
            onSummary={setSummary}
            tableHeight={tableHeight}
          />
        </Tabs.Panel>
        <Tabs.Panel value="upload" pt="sm">
          <UploadTab month={month} />
        </Tabs.Panel>
        <Tabs.Panel value="imports" pt="sm">
          <ImportsTab onImport={() => setImporting(true)} />
        </Tabs.Panel>
      </Tabs>
      <ImportDialog
        opened={importing}
        onClose={() => setImporting(false)}
        month={month}
        onGoToRow={(link) => navigate(scheduleRowHref(link.employeeId, link.date, month))}
        onOpenMonth={(m) => go(m, 'grid')}
      />
      <UploadDialog
        opened={uploading}
        onClose={() => setUploading(false)}
        month={month}
        filter={filter}
        facets={summary.facets}
        filteredTotal={summary.total}
        onStarted={onStarted}
      />
    </Stack>
  );
}
