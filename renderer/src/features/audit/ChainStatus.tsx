// The hash chain's state at the top of the screen: green "verified: N entries" or red with the
// first bad entry and the engine's message, and "verify again". The walk reads the whole log, so it
// runs when the screen opens and on request, not on window focus.
import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useContractQuery } from '../../client/index.ts';
import { formatNumber } from '../../components/format.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconAlert, IconRefresh, IconShield } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';

export function ChainStatus({ onShowEntry }: { onShowEntry(id: number): void }) {
  const { t, i18n } = useTranslation();
  const q = useContractQuery('audit.verify', {}, { staleTime: 0, refetchOnMount: 'always' });
  const again = (
    <Button size="compact-sm" variant="default" leftSection={<IconRefresh size={14} />} loading={q.isFetching} onClick={() => void q.refetch()}>
      {t('audit.chain.again')}
    </Button>
  );
  if (q.isPending) {
    return (
      <Alert color="gray" variant="light" py={8} data-testid="audit-chain" role="status">
        <Group gap="xs"><Loader size="xs" /><Text size="sm">{t('audit.chain.checking')}</Text></Group>
      </Alert>
    );
  }
  if (q.isError) {
    return (
      <Alert color="orange" variant="light" py={8} icon={<IconAlert size={18} />} data-testid="audit-chain" role="alert" title={t('audit.chain.failedToCheck')}>
        <Group justify="space-between" wrap="nowrap"><Text size="sm"><GatewayErrorText error={q.error} /></Text>{again}</Group>
      </Alert>
    );
  }
  const v = q.data;
  const checked = (
    <Text span size="xs" c="dimmed">
      {t('audit.chain.checkedAt')} <TimeWithZone value={v.checkedAt} size="xs" compact past />
    </Text>
  );
  if (v.ok) {
    return (
      <Alert color="green" variant="light" py={8} icon={<IconShield size={18} />} data-testid="audit-chain" role="status">
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <div>
            <Text size="sm" fw={600}>{t('audit.chain.ok', { count: v.rows, formatted: formatNumber(v.rows, i18n.language) })}</Text>
            {checked}
          </div>
          {again}
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" py={8} icon={<IconAlert size={18} />} data-testid="audit-chain" role="alert" title={t('audit.chain.broken', { id: v.firstBadId ?? '?' })}>
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <div>
          <Text size="sm">{v.message}</Text>
          <Text size="xs" c="dimmed">{t('audit.chain.brokenHint', { count: v.rows, formatted: formatNumber(v.rows, i18n.language) })}</Text>
          {checked}
        </div>
        <Group gap="xs" wrap="nowrap">
          {v.firstBadId !== undefined && (
            <Button size="compact-sm" variant="light" color="red" onClick={() => onShowEntry(v.firstBadId!)}>{t('audit.chain.showEntry')}</Button>
          )}
          {again}
        </Group>
      </Group>
    </Alert>
  );
}
