// A page of rows that failed after the first one loaded: the grid stays, its missing rows would
// read "loading…" for ever, so the error is said above it (in the operator's language, then the
// gateway's words) with a retry.
import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconAlert } from '../../components/Icons.tsx';

export function PagesError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" py={6} icon={<IconAlert size={16} />} title={t('schedules.grid.pageError')} role="alert">
      <Group gap="sm" justify="space-between" wrap="nowrap" align="flex-start">
        <GatewayErrorText error={error} />
        <Button size="xs" variant="default" onClick={onRetry}>{t('common.retry')}</Button>
      </Group>
    </Alert>
  );
}
