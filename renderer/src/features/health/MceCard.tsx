// The MCE/Oktell link on Health (mce.status, every few seconds): mode since when, endpoint (or
// the built-in simulator), last event, agents, events per second, the listener's counters, and
// the last error verbatim with its time and whether it needs someone to act.
import { Alert, Anchor, Badge, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MceCounters, MceStatus } from '../../../../core/contract/index.ts';
import { hrefFor } from '../../app/router.ts';
import { useContractQuery } from '../../client/index.ts';
import { Fact } from '../../components/Fact.tsx';
import { formatNumber } from '../../components/format.ts';
import { IconAlert, IconSettings } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { LastEventAge, MceModeBadge } from '../agents/states.tsx';

export const MCE_STATUS_REFRESH_MS = 5000;

const counterOrder: Array<keyof MceCounters> = ['events', 'snapshots', 'seqGaps', 'resyncs', 'reconnects', 'tokenRefreshes', 'badFrames', 'polls'];
/** Counters that, when not zero, say something went wrong at least once. */
const troubleCounters = new Set<keyof MceCounters>(['seqGaps', 'badFrames']);

function Counters({ counters }: { counters: MceCounters }) {
  const { t, i18n } = useTranslation();
  const label = t('health.mce.counters');
  return (
    <div role="table" aria-label={label}>
      <Text size="xs" c="dimmed" fw={500} mb={2}>{label}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing={0}>
        {counterOrder.map((k) => (
          <Group key={k} role="row" justify="space-between" wrap="nowrap" className="counter-row">
            <Text role="rowheader" size="sm" c="dimmed">{t(`health.mce.counter.${k}`)}</Text>
            <Text role="cell" size="sm" className="tnum" fw={500} c={troubleCounters.has(k) && counters[k] > 0 ? 'yellow.9' : undefined}>{formatNumber(counters[k], i18n.language)}</Text>
          </Group>
        ))}
      </SimpleGrid>
    </div>
  );
}

function LastError({ error }: { error: NonNullable<MceStatus['lastError']> }) {
  const { t } = useTranslation();
  return (
    <Alert
      color={error.permanent ? 'red' : 'yellow'}
      variant="light"
      icon={<IconAlert size={16} />}
      title={
        <Group gap="xs">
          <span>{t('health.mce.lastError')}</span>
          <Badge size="sm" color={error.permanent ? 'red' : 'yellow'} variant={error.permanent ? 'filled' : 'light'} tt="none">
            {error.permanent ? t('health.mce.needsAction') : t('health.mce.retrying')}
          </Badge>
        </Group>
      }
      data-testid="mce-last-error"
    >
      <Stack gap={4}>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{error.message}</Text>
        <Group gap="xs">
          <TimeWithZone value={error.at} size="xs" relative="beside" past />
          <Text span size="xs" c="dimmed" className="mono">{error.code}</Text>
        </Group>
      </Stack>
    </Alert>
  );
}

export function MceCard() {
  const { t, i18n } = useTranslation();
  const q = useContractQuery('mce.status', {}, { refetchInterval: MCE_STATUS_REFRESH_MS });
  const title = t('health.check.mce');
  let body: ReactNode;
  if (q.isPending) body = <LoadingState />;
  else if (q.isError) body = <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  else if (q.data.mode === 'not_configured' && !q.data.simulated)
    body = (
      <Text size="sm" c="dimmed" data-testid="mce-not-configured">
        {t('health.mce.notConfigured')} <Code>gatewayctl config set mce.url …</Code> {t('health.mce.and')} <Code>gatewayctl credentials set mce …</Code>.{' '}
        <Anchor size="sm" href={hrefFor({ section: 'settings' })}><IconSettings size={12} /> {t('health.mce.openSettings')}</Anchor>
      </Text>
    );
  else {
    const s = q.data;
    const fmt = (n: number) => formatNumber(n, i18n.language);
    body = (
      <Stack gap="sm">
        {s.stale && (
          <Text size="sm" c="yellow.9" role="note">
            {t('health.mce.stale')} <TimeWithZone value={s.writtenAt} size="sm" relative="beside" past />
          </Text>
        )}
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm" verticalSpacing="xs">
          <div style={{ gridColumn: 'span 2' }}>
            <Fact label={t('health.mce.endpoint')}>
              {s.simulated ? <Text size="sm">{t('health.mce.simulated')}</Text> : <Text size="sm" className="mono" style={{ overflowWrap: 'anywhere' }}>{s.endpoint ?? t('common.none')}</Text>}
            </Fact>
          </div>
          <Fact label={t('health.mce.lastEvent')}>
            {s.lastEventAt === null ? (
              <Text size="sm" c="dimmed">{t('health.mce.noEvents')}</Text>
            ) : (
              <Stack gap={0}>
                <LastEventAge at={s.lastEventAt} gatewayNow={Date.now()} bare />
                <TimeWithZone value={s.lastEventAt} size="xs" compact past />
              </Stack>
            )}
          </Fact>
          <Fact label={t('health.mce.agents')}><Text size="sm" className="tnum">{fmt(s.agents)}</Text></Fact>
          <Fact label={t('health.mce.eventsPerSec')}><Text size="sm" className="tnum">{fmt(Math.round(s.eventsPerSec * 10) / 10)}</Text></Fact>
        </SimpleGrid>
        <Counters counters={s.counters} />
        {s.lastError ? <LastError error={s.lastError} /> : <Text size="xs" c="dimmed">{t('health.mce.noError')}</Text>}
      </Stack>
    );
  }
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Title order={3} size="h5">{title}</Title>
          {q.data && <MceModeBadge mode={q.data.mode} />}
        </Group>
        {q.data?.modeSince && q.data.mode !== 'not_configured' && (
          <Text size="xs" c="dimmed">
            {t('health.mce.modeSince')} <TimeWithZone value={q.data.modeSince} size="xs" relative="beside" compact past />
          </Text>
        )}
      </Group>
      {body}
    </Paper>
  );
}
