// One employee's month (Enter on a row opens it, Esc closes): who and where, the shifts with their
// times in the site's zone (the zone named), day and night hours, the 1C norm, what validation
// finds now, and the state in 1C of this month and those around it, with 1C's message verbatim.
import { Alert, Drawer, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useContractQuery } from '../../client/index.ts';
import { Fact } from '../../components/Fact.tsx';
import { formatCivilDate, formatNumber, zoneLabel } from '../../components/format.ts';
import { IconAlert } from '../../components/Icons.tsx';
import { addMonths, dayWithWeekday, formatHours, lastDayOf, monthLabel, monthTitle, msToHours } from '../../components/month.ts';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { issueName } from './ImportReport.tsx';
import { UploadMessage, UploadStateBadge } from './uploadStates.tsx';

export interface EmployeeDrawerProps {
  /** Null closes the drawer. */
  employeeId: string | null;
  month: string;
  /** The day the operator was on (highlighted in the list). */
  date?: string | null;
  onClose(): void;
}

export function EmployeeDrawer({ employeeId, month, date, onClose }: EmployeeDrawerProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const open = employeeId !== null;
  const ids = employeeId ? [employeeId] : ['-'];
  const list = useContractQuery('schedules.list', { month, employeeIds: ids, limit: 1 }, { enabled: open });
  const states = useContractQuery('schedules.uploadState', { from: addMonths(month, -2), to: addMonths(month, 2), employeeIds: ids, limit: 1 }, { enabled: open });
  const row = list.data?.rows[0] ?? null;
  const check = useContractQuery('schedules.validate', { from: `${month}-01`, to: lastDayOf(month), employeeIds: ids, maxIssues: 200 }, { enabled: open && (row?.errors ?? 0) > 0 });
  const e = row?.employee;
  const h = (ms: number) => formatHours(msToHours(ms), locale);

  return (
    <Drawer
      opened={open}
      onClose={onClose}
      position="right"
      size={640}
      title={e ? <Group gap="xs" wrap="nowrap"><Text fw={600}>{e.fullName}</Text><Text size="sm" c="dimmed" className="mono">{e.tabN}</Text></Group> : <Text fw={600}>{t('schedules.drawer.title')}</Text>}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {list.isPending && open && <LoadingState />}
      {list.isError && <ErrorView error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && !row && <Text size="sm">{t('schedules.drawer.notFound', { month: monthLabel(month, locale) })}</Text>}
      {row && e && (
        <Stack gap="md">
          <SimpleGrid cols={3} spacing="sm" verticalSpacing="xs">
            <Fact label={t('schedules.drawer.department')}><Text size="sm">{e.departmentName ?? e.departmentId ?? t('common.none')}</Text></Fact>
            <Fact label={t('schedules.drawer.position')}><Text size="sm">{e.positionName ?? t('common.none')}</Text></Fact>
            <Fact label={t('schedules.drawer.site')}><Text size="sm">{e.area ?? t('common.none')}</Text></Fact>
            <Fact label={t('schedules.drawer.zone')}><Text size="sm">{zoneLabel(e.zone)}</Text></Fact>
            <Fact label={t('schedules.drawer.rate')}><Text size="sm" className="tnum">{e.rate === null ? t('common.none') : formatNumber(e.rate, locale)}</Text></Fact>
            <Fact label={t('schedules.drawer.employed')}>
              <Text size="sm" className="tnum">
                {formatCivilDate(e.hireDate, locale)} – {e.terminationDate ? formatCivilDate(e.terminationDate, locale) : t('schedules.drawer.now')}
              </Text>
            </Fact>
          </SimpleGrid>

          <div>
            <Title order={3} size="h6" mb={4}>{t('schedules.drawer.monthTitle', { month: monthTitle(month, locale) })}</Title>
            <Text size="sm" className="tnum">
              {t('schedules.drawer.totals', { count: row.totals.shifts, shifts: formatNumber(row.totals.shifts, locale), paid: h(row.totals.paidMs), day: h(row.totals.dayMs), night: h(row.totals.nightMs) })}
            </Text>
            <Text size="sm" className="tnum" c={row.norm.over ? 'orange.8' : undefined}>
              {row.norm.hours === null
                ? t('schedules.grid.noNorm')
                : t('schedules.grid.normTitle', { hours: formatHours(row.norm.hours, locale), rate: formatHours(row.norm.rate, locale), limit: formatHours(row.norm.limitHours ?? 0, locale), scheduled: formatHours(row.norm.scheduledHours, locale) }) +
                  (row.norm.over ? ` — ${t('schedules.grid.overNorm')}` : '')}
            </Text>
          </div>

          {row.errors > 0 && (
            <Alert color="red" variant="light" icon={<IconAlert size={16} />} title={t('schedules.drawer.errorsTitle', { count: row.errors })}>
              <Stack gap={4}>
                <Text size="sm">{t('schedules.drawer.errorsHint')}</Text>
                {check.data && (
                  <List size="sm" spacing={2}>
                    {check.data.issues.filter((i) => i.severity === 'error').map((i, n) => (
                      <List.Item key={n}>
                        <b>{i.date ? formatCivilDate(i.date, locale) : ''}</b> {issueName(t, i.code)}: <span className="dim">{i.message}</span>
                      </List.Item>
                    ))}
                  </List>
                )}
              </Stack>
            </Alert>
          )}

          <div>
            <Title order={3} size="h6" mb={4}>{t('schedules.drawer.inOnec')}</Title>
            {states.isPending && <LoadingState />}
            {states.isError && <ErrorView error={states.error} onRetry={() => void states.refetch()} />}
            {states.data?.rows[0] && (
              <Table verticalSpacing={4} fz="xs" aria-label={t('schedules.drawer.inOnec')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={110}>{t('schedules.drawer.col.month')}</Table.Th>
                    <Table.Th w={150}>{t('schedules.drawer.col.state')}</Table.Th>
                    <Table.Th>{t('schedules.drawer.col.message')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {states.data.rows[0].months.map((c) => (
                    <Table.Tr key={c.month} fw={c.month === month ? 600 : undefined} data-month={c.month}>
                      <Table.Td className="nowrap">{monthTitle(c.month, locale)}</Table.Td>
                      <Table.Td><UploadStateBadge state={c.state} size="xs" changed={c.changedSinceSent} /></Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          <UploadMessage cell={c} />
                          {c.updatedAt && (
                            <Text size="xs" c="dimmed">
                              {c.shifts !== null && c.periodFrom && c.periodTo ? `${t('schedules.drawer.sentPart', { count: c.shifts, shifts: c.shifts, from: formatCivilDate(c.periodFrom, locale), to: formatCivilDate(c.periodTo, locale) })} · ` : ''}
                              <TimeWithZone value={c.updatedAt} size="xs" compact past />
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
          <div>
            <Group justify="space-between" mb={4}>
              <Title order={3} size="h6">{t('schedules.drawer.shifts')}</Title>
              <Text size="xs" c="dimmed">{t('schedules.drawer.timesIn', { zone: zoneLabel(e.zone) })}</Text>
            </Group>
            {row.shifts.length === 0 ? (
              <Text size="sm" c="dimmed">{t('schedules.drawer.noShifts')}</Text>
            ) : (
              <Table withTableBorder verticalSpacing={3} fz="xs" className="tnum" aria-label={t('schedules.drawer.shifts')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('schedules.drawer.col.date')}</Table.Th>
                    <Table.Th>{t('schedules.drawer.col.time')}</Table.Th>
                    <Table.Th>{t('schedules.drawer.col.break')}</Table.Th>
                    <Table.Th ta="right">{t('schedules.drawer.col.day')}</Table.Th>
                    <Table.Th ta="right">☾ {t('schedules.drawer.col.night')}</Table.Th>
                    <Table.Th>{t('schedules.drawer.col.type')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {row.shifts.map((s) => (
                    <Table.Tr key={s.id} bg={s.date === date ? 'var(--vt-active)' : undefined}>
                      <Table.Td className="nowrap">{dayWithWeekday(s.date, locale)}</Table.Td>
                      <Table.Td className="nowrap">
                        {s.startLocal}–{s.endLocal}
                        {s.endsNextDay && <Text span size="xs" c="dimmed"> {t('schedules.cell.nextDay')}</Text>}
                      </Table.Td>
                      <Table.Td className="nowrap">{s.breakMinutes > 0 ? t('schedules.cell.breakShort', { minutes: s.breakMinutes, start: s.breakStartLocal ?? '' }) : t('common.none')}</Table.Td>
                      <Table.Td ta="right">{h(s.dayMs)}</Table.Td>
                      <Table.Td ta="right">{h(s.nightMs)}</Table.Td>
                      <Table.Td>{[s.type, s.location].filter(Boolean).join(' · ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>

        </Stack>
      )}
    </Drawer>
  );
}
