// Settings: the personnel sync schedule with its next runs. Endpoints, credentials and sites
// are still set with gatewayctl; the page says so.
import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ScheduleSection } from './ScheduleEditor.tsx';

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <div>
        <Title order={2} size="h3">{t('settings.title')}</Title>
        <Text size="sm" c="dimmed">{t('settings.subtitle')}</Text>
      </div>
      <ScheduleSection />
    </Stack>
  );
}
