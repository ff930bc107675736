// Settings: in the desktop app its own section first (notifications, start at login, the gateway
// it works with), then the 1C:ZUP and MCE/Oktell connections (endpoint, timeouts or intervals,
// credentials, test) and the personnel sync schedule with its next runs. Sites are still set with
// gatewayctl; the page says so.
import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConnectionSection, mceConnection, onecConnection } from './ConnectionSection.tsx';
import { DesktopSection } from './DesktopSection.tsx';
import { ScheduleSection } from './ScheduleEditor.tsx';

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <div>
        <Title order={2} size="h3">{t('settings.title')}</Title>
        <Text size="sm" c="dimmed">{t('settings.subtitle')}</Text>
      </div>
      <DesktopSection />
      <ConnectionSection spec={onecConnection} />
      <ConnectionSection spec={mceConnection} />
      <ScheduleSection />
    </Stack>
  );
}
