// Health: the overall state, a row per link, what the gateway says about itself and the circuit
// breakers (one health.summary query feeds them), the MCE/Oktell link in detail (MceCard), and
// the calls to 1C:ZUP over the last hour, day or week from the stored history (CallCharts).
import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthStatus } from '../../../../core/contract/index.ts';
import { useContractQuery } from '../../client/index.ts';
import { IconAlert, IconCheck, IconClock, IconX } from '../../components/Icons.tsx';
import { BreakersPanel } from './BreakersPanel.tsx';
import { CallCharts } from './CallCharts.tsx';
import { MceCard } from './MceCard.tsx';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';

const healthLook: Record<HealthStatus, { tone: StatusTone; icon: ReactNode }> = {
  healthy: { tone: 'ok', icon: <IconCheck size={12} /> },
  degraded: { tone: 'warn', icon: <IconAlert size={12} /> },
  unhealthy: { tone: 'error', icon: <IconX size={12} /> },
  unknown: { tone: 'pending', icon: <IconClock size={12} /> },
};

export function HealthBadge({ status, size }: { status: HealthStatus; size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  const l = healthLook[status];
  return <StatusBadge tone={l.tone} icon={l.icon} label={t(`health.states.${status}`)} size={size} />;
}

function AppInfoCard() {
  const { t } = useTranslation();
  const q = useContractQuery('app.info', {}, { staleTime: 60_000 });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  const i = q.data;
  const rows: Array<[string, ReactNode]> = [
    [t('health.version'), <span className="mono">{i.version}</span>],
    [t('health.mode'), i.demo ? t('health.modeDemo') : t('health.modeLive')],
    [t('health.host'), i.host],
    [t('health.dataDir'), <span className="mono">{i.dataDir}</span>],
    [t('health.startedAt'), <TimeWithZone value={i.startedAt} relative="beside" />],
  ];
  return (
    <Paper withBorder p="md" radius="sm">
      <Title order={3} size="h5" mb="xs">{t('health.app')}</Title>
      <Table withRowBorders={false} verticalSpacing={4} aria-label={t('health.app')}>
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th scope="row" w={160} fw={500} c="dimmed">{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

const useHealthSummary = () => useContractQuery('health.summary', {}, { refetchInterval: 15_000 });

function ChecksCard() {
  const { t } = useTranslation();
  const q = useHealthSummary();
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  const s = q.data;
  return (
    <Paper withBorder p="md" radius="sm">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={600}>{t('health.overall')}</Text>
          <HealthBadge status={s.status} size="md" />
        </Group>
        <Text size="xs" c="dimmed">
          {t('health.lastCheck')}: <TimeWithZone value={s.checkedAt} relative="beside" size="xs" past />
        </Text>
      </Group>
      {s.checks.length === 0 ? (
        <EmptyView>{t('health.empty')}</EmptyView>
      ) : (
        <Table striped highlightOnHover aria-label={t('health.checks')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('health.checkName')}</Table.Th>
              <Table.Th>{t('health.state')}</Table.Th>
              <Table.Th>{t('health.lastCheck')}</Table.Th>
              <Table.Th className="num-cell">{t('health.latency')}</Table.Th>
              <Table.Th>{t('health.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.checks.map((c) => (
              <Table.Tr key={c.name}>
                <Table.Td>{t(`health.check.${c.name}`, { defaultValue: c.name })}</Table.Td>
                <Table.Td><HealthBadge status={c.status} /></Table.Td>
                <Table.Td><TimeWithZone value={c.checkedAt} compact past /></Table.Td>
                <Table.Td className="num-cell">{c.latencyMs == null ? t('common.none') : t('common.milliseconds', { ms: Math.round(c.latencyMs) })}</Table.Td>
                <Table.Td>{c.reason ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** Breakers below the link table; an older gateway that sends none shows nothing here. */
function Breakers() {
  const q = useHealthSummary();
  if (!q.data?.breakers) return null; // loading and errors are shown once, by the checks card
  return <BreakersPanel breakers={q.data.breakers} />;
}

export function HealthPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Title order={2} size="h3">{t('health.title')}</Title>
      <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <ChecksCard />
        <Stack gap="md">
          <MceCard />
          <AppInfoCard />
        </Stack>
      </SimpleGrid>
      <Breakers />
      <CallCharts system="onec" />
    </Stack>
  );
}
