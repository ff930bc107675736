// Queue health in the header, on every screen: pending, processing, failed, the age of the
// oldest pending operation, paused types. A link to the Queue screen.
import { Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useContractQuery } from '../../client/index.ts';
import { IconAlert, IconClock, IconHourglass, IconRefresh, IconX } from '../../components/Icons.tsx';
import { formatNumber } from '../../components/format.ts';
import { useNow } from '../../components/useNow.ts';
import { hrefFor } from '../../app/router.ts';
import { formatAge } from '../../components/duration.ts';

/** An oldest pending operation older than this is worth a look (amber). */
export const STALE_PENDING_MS = 5 * 60_000;

function Stat({ icon, value, color, label }: { icon: ReactNode; value: string; color?: string; label: string }) {
  return (
    <Group gap={4} wrap="nowrap" c={color} title={label}>
      {icon}
      <Text span size="xs" fw={600} className="tnum">{value}</Text>
    </Group>
  );
}

export function QueueHealthIndicator() {
  const { t, i18n } = useTranslation();
  const now = useNow();
  // queue.changed refreshes it; the interval catches work done by other processes.
  const q = useContractQuery('queue.health', {}, { refetchInterval: 15_000 });
  if (!q.data) return null;
  const h = q.data;
  const lng = i18n.language;
  const age = h.oldestPendingSince ? Math.max(h.oldestPendingAgeMs ?? 0, now - Date.parse(h.oldestPendingSince)) : null;
  const ageText = age === null ? t('common.none') : formatAge(age, lng);
  const summary = t(age === null ? 'queue.health.summaryNoWait' : 'queue.health.summary', {
    pending: formatNumber(h.pending, lng),
    processing: formatNumber(h.processing, lng),
    failed: formatNumber(h.failed, lng),
    age: ageText,
  });
  const paused = h.pausedTypes.length;
  const label = paused > 0 ? `${summary}. ${t('queue.health.paused', { count: paused })}` : summary;
  return (
    <Tooltip label={label} openDelay={300} withinPortal>
      <UnstyledButton component="a" href={hrefFor({ section: 'queue' })} aria-label={label} className="queue-health" visibleFrom="md">
        <Group gap={10} wrap="nowrap">
          <Text span size="xs" c="dimmed" fw={500}>{t('queue.health.title')}</Text>
          <Stat icon={<IconHourglass size={12} />} value={formatNumber(h.pending, lng)} label={t('queue.health.pending')} />
          <Stat icon={<IconRefresh size={12} />} value={formatNumber(h.processing, lng)} color={h.processing > 0 ? 'blue.7' : undefined} label={t('queue.health.processing')} />
          <Stat icon={<IconX size={12} />} value={formatNumber(h.failed, lng)} color={h.failed > 0 ? 'red.7' : undefined} label={t('queue.health.failed')} />
          <Stat icon={<IconClock size={12} />} value={ageText} color={age !== null && age > STALE_PENDING_MS ? 'yellow.8' : undefined} label={t('queue.health.oldest')} />
          {paused > 0 && <Stat icon={<IconAlert size={12} />} value={t('queue.health.pausedShort', { count: paused })} color="yellow.8" label={t('queue.health.paused', { count: paused })} />}
        </Group>
      </UnstyledButton>
    </Tooltip>
  );
}
