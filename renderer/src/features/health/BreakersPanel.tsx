// Circuit breakers, one row per external system: state (colour, icon and word), consecutive
// failures, when it opened and when the next probe may go.
import { Paper, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BreakerSnapshot } from '../../../../core/contract/index.ts';
import { IconAlert, IconCheck, IconX } from '../../components/Icons.tsx';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { EmptyView } from '../../components/ViewStates.tsx';

type BreakerState = BreakerSnapshot['state'];

const breakerLook: Record<BreakerState, { tone: StatusTone; icon: ReactNode }> = {
  closed: { tone: 'ok', icon: <IconCheck size={12} /> },
  half_open: { tone: 'warn', icon: <IconAlert size={12} /> },
  open: { tone: 'error', icon: <IconX size={12} /> },
};

export function BreakerBadge({ state }: { state: BreakerState }) {
  const { t } = useTranslation();
  const l = breakerLook[state];
  return <StatusBadge tone={l.tone} icon={l.icon} label={t(`health.breakers.states.${state}`)} />;
}

export function BreakersPanel({ breakers }: { breakers: BreakerSnapshot[] }) {
  const { t } = useTranslation();
  const title = t('health.breakers.title');
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title}>
      <Title order={3} size="h5" mb={4}>{title}</Title>
      <Text size="xs" c="dimmed" mb="xs">{t('health.breakers.hint')}</Text>
      {breakers.length === 0 ? (
        <EmptyView>{t('health.breakers.empty')}</EmptyView>
      ) : (
        <Table striped aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('health.breakers.system')}</Table.Th>
              <Table.Th>{t('health.state')}</Table.Th>
              <Table.Th className="num-cell">{t('health.breakers.failures')}</Table.Th>
              <Table.Th>{t('health.breakers.openedAt')}</Table.Th>
              <Table.Th>{t('health.breakers.nextProbe')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {breakers.map((b) => (
              <Table.Tr key={b.system}>
                <Table.Td>{t(`health.check.${b.system}`, { defaultValue: b.system })}</Table.Td>
                <Table.Td><BreakerBadge state={b.state} /></Table.Td>
                <Table.Td className="num-cell tnum">{b.consecutiveFailures}</Table.Td>
                <Table.Td><TimeWithZone value={b.openedAt} relative="beside" compact /></Table.Td>
                <Table.Td>
                  {b.probeInFlight ? (
                    <Text span size="sm">{t('health.breakers.probing')}</Text>
                  ) : (
                    <TimeWithZone value={b.nextProbeAt} relative="beside" compact />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
