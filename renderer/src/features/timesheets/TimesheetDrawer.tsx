// One employee's timesheet of the month (Enter opens it): who, when 1C's timesheet was fetched,
// the half-month and month totals, norm / scheduled / worked side by side, each day with its codes,
// the schedule it is compared with and any contradiction, and the absences as 1C wrote them.
import { Alert, Badge, Drawer, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useContractQuery } from '../../client/index.ts';
import { Fact } from '../../components/Fact.tsx';
import { formatNumber } from '../../components/format.ts';
import { IconAlert } from '../../components/Icons.tsx';
import { dayWithWeekday, formatHours, monthLabel } from '../../components/month.ts';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { contradictionMark, entryText, familyOf } from './codes.ts';

export function TimesheetDrawer({ employeeId, month, date, onClose }: { employeeId: string | null; month: string; date?: string | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const open = employeeId !== null;
  const q = useContractQuery('timesheets.grid', { month, employeeIds: [employeeId ?? '-'], limit: 1 }, { enabled: open });
  const row = q.data?.rows[0] ?? null;
  const e = row?.employee;
  const h = (x: number | null) => (x === null ? t('common.none') : formatHours(x, locale));
  const meaning = (code: string) => t(`timesheets.code.${code}`, { defaultValue: '' });

  return (
    <Drawer
      opened={open}
      onClose={onClose}
      position="right"
      size={640}
      title={e ? <Group gap="xs" wrap="nowrap"><Text fw={600}>{e.fullName}</Text><Text size="sm" c="dimmed" className="mono">{e.tabN}</Text></Group> : <Text fw={600}>{t('timesheets.drawer.title')}</Text>}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {q.isPending && open && <LoadingState />}
      {q.isError && <ErrorView error={q.error} onRetry={() => void q.refetch()} />}
      {q.isSuccess && !row && <Text size="sm">{t('timesheets.drawer.notFound', { month: monthLabel(month, locale) })}</Text>}
      {row && e && (
        <Stack gap="md">
          <SimpleGrid cols={3} spacing="sm" verticalSpacing="xs">
            <Fact label={t('schedules.drawer.department')}><Text size="sm">{e.departmentName ?? t('common.none')}</Text></Fact>
            <Fact label={t('schedules.drawer.position')}><Text size="sm">{e.positionName ?? t('common.none')}</Text></Fact>
            <Fact label={t('schedules.drawer.site')}><Text size="sm">{e.area ?? t('common.none')}</Text></Fact>
            <Fact label={t('timesheets.drawer.fetched')}>{row.fetchedAt ? <TimeWithZone value={row.fetchedAt} size="sm" compact past /> : <Text size="sm" c="dimmed">{t('timesheets.grid.notFetched')}</Text>}</Fact>
            <Fact label={t('schedules.drawer.rate')}><Text size="sm" className="tnum">{e.rate === null ? t('common.none') : formatNumber(e.rate, locale)}</Text></Fact>
            <Fact label={t('timesheets.drawer.basis')}><Text size="sm">{t(`timesheets.grid.basis.${row.scheduleBasis}`)}</Text></Fact>
          </SimpleGrid>

          <Table withTableBorder verticalSpacing={3} fz="sm" className="tnum" aria-label={t('timesheets.drawer.totals')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th title={t('timesheets.grid.col.half1Label')}>{t('timesheets.grid.col.half1')}</Table.Th>
                <Table.Th title={t('timesheets.grid.col.half2Label')}>{t('timesheets.grid.col.half2')}</Table.Th>
                <Table.Th title={t('timesheets.grid.col.monthLabel')}>{t('timesheets.grid.col.month')}</Table.Th>
                <Table.Th ta="right">{t('timesheets.grid.col.norm')}</Table.Th>
                <Table.Th ta="right">{t('timesheets.grid.col.scheduled')}</Table.Th>
                <Table.Th ta="right">{t('timesheets.grid.col.worked')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                {[row.half1, row.half2, row.month].map((v, i) => (
                  <Table.Td key={i} className="nowrap">{v ? t('timesheets.drawer.daysHours', { days: h(v.days), hours: h(v.hours) }) : t('common.none')}</Table.Td>
                ))}
                <Table.Td ta="right">{h(row.norm.limitHours)}</Table.Td>
                <Table.Td ta="right">{h(row.scheduledHours)}</Table.Td>
                <Table.Td ta="right" fw={700}>{h(row.workedHours)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>

          {row.contradictions > 0 && (
            <Alert color="red" variant="light" icon={<IconAlert size={16} />} title={t('timesheets.drawer.contradictions', { count: row.contradictions })}>
              <Text size="sm">{t('timesheets.drawer.contradictionsHint')}</Text>
            </Alert>
          )}

          {row.absences.length > 0 && (
            <div>
              <Title order={3} size="h6" mb={4}>{t('timesheets.drawer.absences')}</Title>
              <Group gap={6}>
                {row.absences.map((a) => (
                  <Badge key={a.code} variant="light" color={a.known ? 'gray' : 'dark'} tt="none" title={meaning(a.code)}>
                    {a.code}: {a.text}
                  </Badge>
                ))}
              </Group>
            </div>
          )}

          <div>
            <Title order={3} size="h6" mb={4}>{t('timesheets.drawer.days')}</Title>
            {row.fetchedAt === null ? (
              <Text size="sm" c="dimmed">{t('timesheets.drawer.notFetchedHint')}</Text>
            ) : (
              <Table verticalSpacing={2} fz="xs" className="tnum" aria-label={t('timesheets.drawer.days')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={110}>{t('schedules.drawer.col.date')}</Table.Th>
                    <Table.Th w={150}>{t('timesheets.drawer.col.codes')}</Table.Th>
                    <Table.Th ta="right" w={70}>{t('timesheets.grid.col.worked')}</Table.Th>
                    <Table.Th ta="right" w={80}>{t('timesheets.grid.col.scheduled')}</Table.Th>
                    <Table.Th>{t('timesheets.drawer.col.contradiction')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {row.days.map((d) => (
                    <Table.Tr key={d.date} bg={d.contradiction ? 'var(--mantine-color-red-0)' : d.date === date ? 'var(--vt-active)' : undefined}>
                      <Table.Td className="nowrap">{dayWithWeekday(d.date, locale)}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {d.entries.map((en, i) => (
                            <span key={i} className={`tc tc-${familyOf(en.code, en.known)}`} title={en.known ? meaning(en.code) : t('timesheets.cell.unknownCode')}>
                              {entryText(en, (x) => formatHours(x, locale))}
                            </span>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">{d.workedHours > 0 ? h(d.workedHours) : ''}</Table.Td>
                      <Table.Td ta="right">{d.scheduled ? h(d.scheduled.paidHours) : ''}</Table.Td>
                      <Table.Td>
                        {d.contradiction && (
                          <Text size="xs" c="red.8">
                            <b>{contradictionMark[d.contradiction.kind]} {t(`timesheets.contradiction.${d.contradiction.kind}`)}</b>
                            <span className="dim"> — {d.contradiction.message}</span>
                          </Text>
                        )}
                      </Table.Td>
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
