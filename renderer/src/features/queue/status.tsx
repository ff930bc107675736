// Operation status: completed green, retrying amber, failed red, pending grey, processing blue,
// cancelled muted — always with an icon and a word (CONSOLE-UX.md).
import { Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationStatusName, QueueOperationRow } from '../../../../core/contract/index.ts';
import { IconBan, IconCheck, IconClock, IconRefresh, IconX } from '../../components/Icons.tsx';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge.tsx';

/** What the operator sees: a pending operation that already failed at least once is "retrying". */
export type DisplayStatus = OperationStatusName | 'retrying';

export const statusOrder: OperationStatusName[] = ['pending', 'processing', 'completed', 'failed', 'cancelled'];

export const statusLook: Record<DisplayStatus, { tone: StatusTone; icon: ReactNode }> = {
  pending: { tone: 'pending', icon: <IconClock size={12} /> },
  retrying: { tone: 'warn', icon: <IconRefresh size={12} /> },
  processing: { tone: 'processing', icon: <Loader size={10} color="currentColor" /> },
  completed: { tone: 'ok', icon: <IconCheck size={12} /> },
  failed: { tone: 'error', icon: <IconX size={12} /> },
  cancelled: { tone: 'muted', icon: <IconBan size={12} /> },
};

export function displayStatus(op: Pick<QueueOperationRow, 'status' | 'retryCount'>): DisplayStatus {
  return op.status === 'pending' && op.retryCount > 0 ? 'retrying' : op.status;
}

export function OperationStatusBadge({ op, size = 'xs' }: { op: Pick<QueueOperationRow, 'status' | 'retryCount'>; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  const s = displayStatus(op);
  const l = statusLook[s];
  return <StatusBadge tone={l.tone} icon={l.icon} label={t(`queue.status.${s}`)} size={size} />;
}
