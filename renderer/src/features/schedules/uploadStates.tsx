// The state of an employee's month in 1C: colour, icon and word (colour is never alone), and 1C's
// message beside it verbatim, said whose words they are.
import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadCell, UploadState } from '../../../../core/contract/index.ts';
import { IconAlert, IconBan, IconCheck, IconHourglass, IconMinusCircle, IconRefresh, IconSend, IconX } from '../../components/Icons.tsx';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge.tsx';

export const uploadStateOrder: UploadState[] = ['rejected', 'failed', 'retrying', 'sending', 'queued', 'sent', 'cancelled', 'skipped', 'not_sent'];

const look: Record<UploadState, { tone: StatusTone; icon: (size: number) => ReactNode }> = {
  not_sent: { tone: 'pending', icon: (s) => <IconMinusCircle size={s} /> },
  queued: { tone: 'pending', icon: (s) => <IconHourglass size={s} /> },
  sending: { tone: 'processing', icon: (s) => <IconSend size={s} /> },
  sent: { tone: 'ok', icon: (s) => <IconCheck size={s} /> },
  rejected: { tone: 'error', icon: (s) => <IconX size={s} /> },
  retrying: { tone: 'warn', icon: (s) => <IconRefresh size={s} /> },
  failed: { tone: 'error', icon: (s) => <IconAlert size={s} /> },
  cancelled: { tone: 'muted', icon: (s) => <IconBan size={s} /> },
  skipped: { tone: 'muted', icon: (s) => <IconMinusCircle size={s} /> },
};

export function UploadStateBadge({ state, size = 'sm', changed = false }: { state: UploadState; size?: 'xs' | 'sm' | 'md'; changed?: boolean }) {
  const { t } = useTranslation();
  const l = look[state];
  return (
    <span className="upload-state" data-upload-state={state}>
      <StatusBadge tone={l.tone} icon={l.icon(size === 'md' ? 14 : 12)} label={t(`schedules.state.${state}`)} size={size} />
      {changed && <span className="sb sb-outline sb-orange sb-xs" title={t('schedules.state.changedHint')}>{t('schedules.state.changed')}</span>}
    </span>
  );
}

/** 1C's words (or the gateway's note), verbatim, with whose they are. */
export function UploadMessage({ cell, lines }: { cell: Pick<UploadCell, 'message' | 'messageFrom' | 'httpStatus'>; lines?: number }) {
  const { t } = useTranslation();
  if (!cell.message) return <Text span size="xs" c="dimmed">{t('common.none')}</Text>;
  const from = cell.messageFrom === 'onec' ? t('schedules.state.from1c') : t('schedules.state.fromGateway');
  return (
    <Text size="xs" lineClamp={lines} style={{ whiteSpace: lines ? undefined : 'pre-wrap' }} title={cell.message} component="div">
      <Text span size="xs" c="dimmed">{cell.httpStatus && cell.httpStatus !== 200 ? `${from} (HTTP ${cell.httpStatus}): ` : `${from}: `}</Text>
      <span data-testid="onec-message">{cell.message}</span>
    </Text>
  );
}
