// Agents per state on top of the live table; each chip toggles that state in the filter
// (aria-pressed). States MCE sends that we do not know get a chip of their own, as they are.
import { Group, Text, UnstyledButton } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../components/format.ts';
import { toneColor } from '../../components/StatusBadge.tsx';
import { orderedStates } from './rows.ts';
import { stateLook, useStateLabel } from './states.tsx';

export interface StateCountsProps {
  /** A snapshot of the tally: a new object when counts changed. */
  counts: Readonly<Record<string, number>>;
  selected: readonly string[];
  onToggle(state: string): void;
}

export const StateCounts = memo(function StateCounts({ counts, selected, onToggle }: StateCountsProps) {
  const { t, i18n } = useTranslation();
  const label = useStateLabel();
  return (
    <Group gap={6} wrap="wrap" role="group" aria-label={t('agents.counts.label')}>
      {orderedStates(Object.keys(counts)).map((s) => {
        const n = counts[s] ?? 0;
        const look = stateLook(s);
        const color = toneColor[look.tone];
        const pressed = selected.includes(s);
        const value = formatNumber(n, i18n.language);
        return (
          <UnstyledButton
            key={s}
            onClick={() => onToggle(s)}
            aria-pressed={pressed}
            aria-label={`${label(s)}: ${value}`}
            className={`state-chip${pressed ? ' is-pressed' : ''}${n === 0 ? ' is-zero' : ''}`}
            style={{ ['--chip-color' as string]: `var(--mantine-color-${color}-6)` }}
          >
            <Text span c={`${color}.8`} className="state-chip-icon">{look.icon}</Text>
            <Text span size="xs" fw={500} className="nowrap">{label(s)}</Text>
            <Text span size="sm" fw={700} className="tnum">{value}</Text>
          </UnstyledButton>
        );
      })}
    </Group>
  );
});
