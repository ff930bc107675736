// The audit log's verification at the top of the screen: green "verified: N entries" or red with
// what is wrong (the first bad entry, entries missing at the end, a head that does not match);
// where the keyed part begins; the sealed head's state; when, and by whom, it was checked; and
// "verify again". The walk reads the whole log, so it runs when the screen opens and on request;
// meanwhile the last verification any process recorded (gatewayctl from cron, another console)
// is shown, marked as the previous one.
import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditHeadStatus, AuditVerifyResult } from '../../../../core/contract/index.ts';
import { useContractQuery } from '../../client/index.ts';
import { formatNumber } from '../../components/format.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconAlert, IconRefresh, IconShield } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';

const badHead = new Set<AuditHeadStatus['state']>(['truncated', 'diverged', 'tampered']);
const doubtfulHead = new Set<AuditHeadStatus['state']>(['behind', 'missing', 'unreadable', 'unchecked']);

/** The head's state as a sentence in the console's language. */
export function HeadText({ v }: { v: Pick<AuditVerifyResult, 'head' | 'lastId' | 'keyedFrom'> }) {
  const { t, i18n } = useTranslation();
  const h = v.head;
  const id = h.lastId ?? 0;
  let text: string;
  switch (h.state) {
    case 'missing':
      text = v.keyedFrom === null ? t('audit.chain.head.missingNoKeyed') : t('audit.chain.head.missing');
      break;
    case 'truncated': {
      const count = id - v.lastId;
      text = t('audit.chain.head.truncated', { id, last: v.lastId, count, formatted: formatNumber(count, i18n.language) });
      break;
    }
    default:
      text = t(`audit.chain.head.${h.state}`, { id, last: v.lastId });
  }
  const color = badHead.has(h.state) ? 'red' : doubtfulHead.has(h.state) ? 'orange.8' : undefined;
  return (
    <Text size="sm" c={color} data-testid="audit-head">
      <Text span size="sm" fw={600}>{t('audit.chain.headLabel')}</Text>: {text}
    </Text>
  );
}

function KeyedText({ keyedFrom }: { keyedFrom: number | null }) {
  const { t } = useTranslation();
  const text = keyedFrom === null ? t('audit.chain.keyedNone') : keyedFrom === 1 ? t('audit.chain.keyedAll') : t('audit.chain.keyedFrom', { id: keyedFrom, last: keyedFrom - 1 });
  return <Text size="sm" data-testid="audit-keyed">{text}</Text>;
}

function title(v: AuditVerifyResult, t: TFunction, language: string): string {
  if (v.ok) return t('audit.chain.ok', { count: v.rows, formatted: formatNumber(v.rows, language) });
  if (v.firstBadId !== undefined) return t('audit.chain.broken', { id: v.firstBadId });
  if (v.head.state === 'truncated') return t('audit.chain.brokenTail');
  if (badHead.has(v.head.state)) return t('audit.chain.brokenHead');
  return t('audit.chain.unchecked');
}

export function ChainStatus({ onShowEntry }: { onShowEntry(id: number): void }) {
  const { t, i18n } = useTranslation();
  const q = useContractQuery('audit.verify', {}, { staleTime: 0, refetchOnMount: 'always' });
  // The anchor query carries the last recorded verification; refreshed once a new one is recorded.
  const recorded = useContractQuery('audit.anchor', {}, { staleTime: 0 });
  const { refetch: refetchRecorded } = recorded;
  useEffect(() => {
    if (q.dataUpdatedAt) void refetchRecorded();
  }, [q.dataUpdatedAt, refetchRecorded]);

  const again = (
    <Button size="compact-sm" variant="default" leftSection={<IconRefresh size={14} />} loading={q.isFetching} onClick={() => void q.refetch()}>
      {t('audit.chain.again')}
    </Button>
  );
  if (q.isError) {
    return (
      <Alert color="orange" variant="light" py={8} icon={<IconAlert size={18} />} data-testid="audit-chain" role="alert" title={t('audit.chain.failedToCheck')}>
        <Group justify="space-between" wrap="nowrap"><Text size="sm"><GatewayErrorText error={q.error} /></Text>{again}</Group>
      </Alert>
    );
  }
  const previous = q.isPending ? recorded.data?.lastVerification : null;
  const v = q.data ?? previous;
  if (!v) {
    return (
      <Alert color="gray" variant="light" py={8} data-testid="audit-chain" role="status">
        <Group gap="xs"><Loader size="xs" /><Text size="sm">{t('audit.chain.checking')}</Text></Group>
      </Alert>
    );
  }
  const ok = v.ok;
  return (
    <Alert
      color={ok ? 'green' : 'red'}
      variant="light"
      py={8}
      icon={ok ? <IconShield size={18} /> : <IconAlert size={18} />}
      data-testid="audit-chain"
      role={ok ? 'status' : 'alert'}
      title={title(v, t, i18n.language)}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Stack gap={2}>
          {previous && (
            <Group gap="xs">
              <Loader size="xs" />
              <Text size="xs" c="dimmed">{t('audit.chain.verifying')}</Text>
            </Group>
          )}
          {!ok && v.firstBadId !== undefined && (
            <>
              <Text size="sm">{v.problem ?? v.message}</Text>
              <Text size="xs" c="dimmed">{t('audit.chain.brokenHint', { count: v.rows, formatted: formatNumber(v.rows, i18n.language) })}</Text>
            </>
          )}
          <KeyedText keyedFrom={v.keyedFrom} />
          <HeadText v={v} />
          <Text span size="xs" c="dimmed">
            {t('audit.chain.checkedAt')} <TimeWithZone value={v.checkedAt} size="xs" compact past /> · {t('audit.chain.checkedBy', { who: v.checkedBy })}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          {!ok && v.firstBadId !== undefined && (
            <Button size="compact-sm" variant="light" color="red" onClick={() => onShowEntry(v.firstBadId!)}>{t('audit.chain.showEntry')}</Button>
          )}
          {again}
        </Group>
      </Group>
    </Alert>
  );
}
