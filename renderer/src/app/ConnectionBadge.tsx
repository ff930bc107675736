// The connection state in the header: word, icon and colour.
import { Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useConnectionState, type ConnectionState } from '../client/index.ts';
import { StatusBadge, type StatusTone } from '../components/StatusBadge.tsx';
import { IconBan, IconCheck, IconPlug, IconX } from '../components/Icons.tsx';

const look: Record<ConnectionState, { tone: StatusTone; key: string }> = {
  connecting: { tone: 'processing', key: 'connecting' },
  open: { tone: 'ok', key: 'online' },
  reconnecting: { tone: 'warn', key: 'reconnecting' },
  refused: { tone: 'error', key: 'refused' },
  closed: { tone: 'muted', key: 'offline' },
};

export function ConnectionBadge() {
  const { t } = useTranslation();
  const state = useConnectionState();
  const { tone, key } = look[state];
  const icon =
    state === 'open' ? <IconCheck size={12} /> :
    state === 'refused' ? <IconBan size={12} /> :
    state === 'closed' ? <IconX size={12} /> :
    state === 'connecting' || state === 'reconnecting' ? <Loader size={10} color="currentColor" /> : <IconPlug size={12} />;
  return (
    <span role="status" aria-label={`${t('app.connection.label')}: ${t(`app.connection.${key}`)}`}>
      <StatusBadge tone={tone} icon={icon} label={t(`app.connection.${key}`)} />
    </span>
  );
}
