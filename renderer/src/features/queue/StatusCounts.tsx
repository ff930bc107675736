// Counts per status on top of the Queue screen, live; each tile also toggles that status
// in the filter (aria-pressed), so "what failed?" is one click.
import { Group, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OperationStatusName, StatusCounts as Counts } from '../../../../core/contract/index.ts';
import { toneColor } from '../../components/StatusBadge.tsx';
import { formatNumber } from '../../components/format.ts';
import { IconActivity } from '../../components/Icons.tsx';
import { statusLook, statusOrder } from './status.tsx';

export interface StatusCountsProps {
  counts: Counts | undefined;
  selected: readonly OperationStatusName[];
  onToggle(status: OperationStatusName): void;
}

export function StatusCounts({ counts, selected, onToggle }: StatusCountsProps) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap="xs" wrap="wrap" role="group" aria-label={t('queue.counts.label')}>
      {statusOrder.map((s) => {
        const n = counts?.[s];
        const color = toneColor[statusLook[s].tone];
        const pressed = selected.includes(s);
        const value = n === undefined ? '…' : formatNumber(n, i18n.language);
        return (
          <UnstyledButton
            key={s}
            onClick={() => onToggle(s)}
            aria-pressed={pressed}
            aria-label={`${t(`queue.status.${s}`)}: ${value}`}
            className={`status-tile${pressed ? ' is-pressed' : ''}`}
            style={{ ['--tile-color' as string]: `var(--mantine-color-${color}-6)` }}
          >
            <Group gap={6} wrap="nowrap" c={`${color}.8`}>
              {/* A spinner on a tile would spin at zero too: the tile's icon stays still. */}
              {s === 'processing' ? <IconActivity size={12} /> : statusLook[s].icon}
              <Text span size="xs" fw={600}>{t(`queue.status.${s}`)}</Text>
            </Group>
            <Text size="xl" fw={700} className="tnum" c={n && (s === 'failed' || s === 'processing') ? `${color}.8` : undefined} lh={1.2}>
              {value}
            </Text>
          </UnstyledButton>
        );
      })}
    </Group>
  );
}
