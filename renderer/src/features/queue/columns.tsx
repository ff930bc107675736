// Columns of the operations table: id (monospace), type, priority, status, created (zone and
// relative age), started, completed, retries n/max, an excerpt of the error.
import { Text, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueOperationRow } from '../../../../core/contract/index.ts';
import { formatInstant, relativeAge } from '../../components/format.ts';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { useNow } from '../../components/useNow.ts';
import { usePrefs } from '../../app/prefs.ts';
import type { VirtualColumn } from '../../components/VirtualTable.tsx';
import { OperationStatusBadge } from './status.tsx';

/** The end of a UUIDv7 is its random part: the start is a timestamp shared by neighbours. */
export function shortId(id: string): string {
  return id.length > 13 ? `…${id.slice(-12)}` : id;
}

/** One line of an error, cut for a table cell (the drawer has it all). */
export function errorExcerpt(message: string | null, max = 140): string {
  if (!message) return '';
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Start and end of work happen the day the operation was created, nearly always: then only
 * the time is shown (the created column carries date and zone); the tooltip has it all.
 */
export function SameDayTime({ value, day }: { value: string | null; day: string }) {
  const { t, i18n } = useTranslation();
  const zone = usePrefs((s) => s.zone);
  const now = useNow();
  if (!value) return <Text span size="xs" c="dimmed">{t('common.none')}</Text>;
  const f = formatInstant(value, zone, i18n.language);
  const d = formatInstant(day, zone, i18n.language);
  if (!f) return <Text span size="xs" c="red">{t('time.invalid')}</Text>;
  const [date, time] = [f.local.slice(0, f.local.lastIndexOf(' ')), f.local.slice(f.local.lastIndexOf(' ') + 1)];
  const same = d !== null && d.local.startsWith(`${date} `);
  return (
    <Tooltip label={`${relativeAge(value, new Date(now), i18n.language)} · ${f.full}`} openDelay={300} withinPortal>
      <Text span size="xs" className="nowrap tnum">
        <time dateTime={f.iso}>{same ? time : `${date.replace(/[ .]\d{4}$/, '')} ${time}`}</time>
      </Text>
    </Tooltip>
  );
}

export function useOperationColumns(): Array<VirtualColumn<QueueOperationRow>> {
  const { t } = useTranslation();
  return useMemo<Array<VirtualColumn<QueueOperationRow>>>(
    () => [
      {
        id: 'id',
        header: t('queue.col.id'),
        width: '104px',
        render: (op) => <span className="mono" title={op.id}>{shortId(op.id)}</span>,
      },
      {
        id: 'type',
        header: t('queue.col.type'),
        width: 'minmax(160px, 1.2fr)',
        render: (op) => <span title={op.type}>{t(`queue.type.${op.type}`)}</span>,
      },
      {
        id: 'priority',
        header: <span title={t('queue.col.priorityFull')}>{t('queue.col.priority')}</span>,
        width: '24px',
        align: 'right',
        render: (op) => <Text span size="sm" fw={op.priority === 1 ? 700 : undefined} aria-label={t('queue.priority.option', { n: op.priority })}>{op.priority}</Text>,
      },
      { id: 'status', header: t('queue.col.status'), width: '116px', render: (op) => <OperationStatusBadge op={op} /> },
      {
        id: 'created',
        header: t('queue.col.created'),
        width: 'minmax(206px, 1.2fr)',
        render: (op) => <TimeWithZone value={op.createdAt} relative="beside" size="xs" compact />,
      },
      { id: 'started', header: t('queue.col.started'), width: '80px', render: (op) => <SameDayTime value={op.startedAt} day={op.createdAt} /> },
      { id: 'completed', header: t('queue.col.completed'), width: '84px', render: (op) => <SameDayTime value={op.completedAt} day={op.createdAt} /> },
      {
        id: 'retries',
        header: <span title={t('queue.col.retriesFull')}>{t('queue.col.retries')}</span>,
        width: '48px',
        align: 'right',
        render: (op) => (
          <Text span size="sm" c={op.retryCount > 0 ? 'yellow.9' : 'dimmed'} className="tnum" aria-label={t('queue.retriesOf', { n: op.retryCount, max: op.maxRetries })}>
            {op.retryCount}/{op.maxRetries}
          </Text>
        ),
      },
      {
        id: 'error',
        header: t('queue.col.error'),
        width: 'minmax(200px, 2.4fr)',
        render: (op) => (op.errorMessage ? <Text span size="xs" className="error-excerpt" title={op.errorMessage}>{errorExcerpt(op.errorMessage)}</Text> : null),
      },
    ],
    [t],
  );
}
