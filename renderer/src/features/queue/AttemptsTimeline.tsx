// Every attempt of an operation, oldest first: start, end, outcome, HTTP status, duration, error.
import { Loader, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueAttempt } from '../../../../core/contract/index.ts';
import { IconAlert, IconBan, IconCheck, IconClock, IconRefresh, IconX } from '../../components/Icons.tsx';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { formatDuration } from '../../components/duration.ts';

type Outcome = NonNullable<QueueAttempt['outcome']> | 'running';

const outcomeLook: Record<Outcome, { tone: StatusTone; icon: ReactNode }> = {
  completed: { tone: 'ok', icon: <IconCheck size={12} /> },
  retryable: { tone: 'warn', icon: <IconRefresh size={12} /> },
  permanent: { tone: 'error', icon: <IconX size={12} /> },
  unknown_outcome: { tone: 'error', icon: <IconAlert size={12} /> },
  lease_expired: { tone: 'warn', icon: <IconClock size={12} /> },
  released: { tone: 'muted', icon: <IconBan size={12} /> },
  running: { tone: 'processing', icon: <Loader size={10} color="currentColor" /> },
};

export function AttemptOutcomeBadge({ outcome }: { outcome: QueueAttempt['outcome'] }) {
  const { t } = useTranslation();
  const o: Outcome = outcome ?? 'running';
  return <StatusBadge tone={outcomeLook[o].tone} icon={outcomeLook[o].icon} label={t(`queue.outcome.${o}`)} size="xs" />;
}

export function AttemptsTimeline({ attempts }: { attempts: readonly QueueAttempt[] }) {
  const { t, i18n } = useTranslation();
  if (attempts.length === 0) return <Text size="sm" c="dimmed">{t('queue.detail.noAttempts')}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label={t('queue.detail.attempts')} withTableBorder verticalSpacing={4} fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={28} ta="right">#</Table.Th>
            <Table.Th>{t('queue.attempt.start')}</Table.Th>
            <Table.Th>{t('queue.attempt.end')}</Table.Th>
            <Table.Th>{t('queue.attempt.outcome')}</Table.Th>
            <Table.Th ta="right">{t('queue.attempt.http')}</Table.Th>
            <Table.Th ta="right">{t('queue.attempt.duration')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attempts.map((a) => (
            <AttemptRows key={a.attemptNo} a={a} lng={i18n.language} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AttemptRows({ a, lng }: { a: QueueAttempt; lng: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Table.Tr>
        <Table.Td ta="right" className="tnum">{a.attemptNo}</Table.Td>
        <Table.Td><TimeWithZone value={a.startedAt} size="xs" compact /></Table.Td>
        <Table.Td>{a.endedAt ? <TimeWithZone value={a.endedAt} size="xs" compact /> : <Text span size="xs" c="blue.7">{t('queue.outcome.running')}</Text>}</Table.Td>
        <Table.Td><AttemptOutcomeBadge outcome={a.outcome} /></Table.Td>
        <Table.Td ta="right" className="tnum">{a.httpStatus ?? t('common.none')}</Table.Td>
        <Table.Td ta="right" className="tnum">{a.durationMs === null ? t('common.none') : formatDuration(a.durationMs, lng)}</Table.Td>
      </Table.Tr>
      {a.error && (
        <Table.Tr>
          <Table.Td />
          <Table.Td colSpan={5}>
            <Text size="xs" c="red.8" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{a.error}</Text>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
