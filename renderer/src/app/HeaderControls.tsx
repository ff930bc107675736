// Language and display-zone pickers in the header.
import { Group, NativeSelect, SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../i18n/index.ts';
import { zoneLabel } from '../components/format.ts';
import { usePrefs, zoneChoices } from './prefs.ts';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = usePrefs((s) => s.language);
  const setLanguage = usePrefs((s) => s.setLanguage);
  return (
    <SegmentedControl
      aria-label={t('app.language')}
      value={language}
      onChange={(v) => isLanguage(v) && setLanguage(v)}
      data={[
        { value: 'ru', label: 'RU' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}

export function ZoneSelect() {
  const { t } = useTranslation();
  const zone = usePrefs((s) => s.zone);
  const setZone = usePrefs((s) => s.setZone);
  const options = zoneChoices.includes(zone) ? zoneChoices : [zone, ...zoneChoices];
  return (
    <NativeSelect
      aria-label={t('app.zone')}
      value={zone}
      onChange={(e) => setZone(e.currentTarget.value)}
      data={options.map((z) => ({ value: z, label: zoneLabel(z) }))}
      w={220}
    />
  );
}

export function HeaderControls() {
  return (
    <Group gap="xs" wrap="nowrap">
      <ZoneSelect />
      <LanguageSwitch />
    </Group>
  );
}
