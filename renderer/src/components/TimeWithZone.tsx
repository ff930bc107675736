// An instant as wall time in the display zone, the zone named, the relative age beside or on hover.
import { Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatInstant, relativeAge, zoneAbbreviation } from './format.ts';
import { useNow } from './useNow.ts';
import { usePrefs } from '../app/prefs.ts';

export interface TimeWithZoneProps {
  value: string | number | null | undefined;
  /** Overrides the display zone, e.g. a site's own zone. */
  zone?: string;
  /** 'beside' prints "(3 min ago)" after the time; 'hover' puts it in a tooltip only. */
  relative?: 'beside' | 'hover';
  size?: 'xs' | 'sm' | 'md';
  /** Dense tables: the zone's abbreviation only ("MSK"); the full name stays in the tooltip. */
  compact?: boolean;
  /** A moment that has passed (a check, a call): never reads as "in 24 s" while the clock catches up. */
  past?: boolean;
}

export function TimeWithZone({ value, zone, relative = 'hover', size = 'sm', compact = false, past = false }: TimeWithZoneProps) {
  const { t, i18n } = useTranslation();
  const displayZone = usePrefs((s) => s.zone);
  const now = useNow();
  if (value === null || value === undefined || value === '') {
    return <Text span size={size} c="dimmed">{t('common.none')}</Text>;
  }
  const z = zone ?? displayZone;
  const f = formatInstant(value, z, i18n.language);
  if (!f) return <Text span size={size} c="red">{t('time.invalid')}</Text>;
  const age = relativeAge(value, new Date(now), i18n.language, { past });
  return (
    <Tooltip label={`${age} · ${f.full}`} openDelay={300} withinPortal>
      <Text span size={size} className="nowrap tnum">
        <time dateTime={f.iso} title={undefined}>
          {f.local} <Text span size="xs" c="dimmed">{compact ? zoneAbbreviation(z, new Date(f.iso)) : f.zone}</Text>
        </time>
        {relative === 'beside' && (
          <Text span size="xs" c="dimmed"> · {age}</Text>
        )}
      </Text>
    </Tooltip>
  );
}
