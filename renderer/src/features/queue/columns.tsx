// Columns of the operations table: id (monospace), type, priority, status, created (zone and
// relative age), started, completed, retries n/max, an excerpt of the error.
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueOperationRow } from '../../../../core/contract/index.ts';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
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

export function useOperationColumns(): Array<VirtualColumn<QueueOperationRow>> {
  const { t } = useTranslation();
  return useMemo<Array<VirtualColumn<QueueOperationRow>>>(
    () => [
      {
        id: 'id',
        header: t('queue.col.id'),
        width: '112px',
        render: (op) => <span className="mono" title={op.id}>{shortId(op.id)}</span>,
      },
      {
        id: 'type',
        header: t('queue.col.type'),
        width: 'minmax(150px, 1.3fr)',
        render: (op) => <span title={op.type}>{t(`queue.type.${op.type}`)}</span>,
      },
      {
        id: 'priority',
        header: <span title={t('queue.col.priorityFull')}>{t('queue.col.priority')}</span>,
        width: '40px',
        align: 'right',
        render: (op) => <Text span size="sm" fw={op.priority === 1 ? 700 : undefined} aria-label={t('queue.priority.option', { n: op.priority })}>{op.priority}</Text>,
      },
      { id: 'status', header: t('queue.col.status'), width: '128px', render: (op) => <OperationStatusBadge op={op} /> },
      {
        id: 'created',
        header: t('queue.col.created'),
        width: 'minmax(200px, 1.4fr)',
        render: (op) => <TimeWithZone value={op.createdAt} relative="beside" size="xs" compact />,
      },
      { id: 'started', header: t('queue.col.started'), width: 'minmax(128px, 1fr)', render: (op) => <TimeWithZone value={op.startedAt} size="xs" compact /> },
      { id: 'completed', header: t('queue.col.completed'), width: 'minmax(128px, 1fr)', render: (op) => <TimeWithZone value={op.completedAt} size="xs" compact /> },
      {
        id: 'retries',
        header: <span title={t('queue.col.retriesFull')}>{t('queue.col.retries')}</span>,
        width: '62px',
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
        width: 'minmax(180px, 2fr)',
        render: (op) => (op.errorMessage ? <span className="error-excerpt" title={op.errorMessage}>{errorExcerpt(op.errorMessage)}</span> : null),
      },
    ],
    [t],
  );
}
