// The three states every view has: loading, empty (what to do), error (what happened, how to fix it).
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconInbox } from './Icons.tsx';
import { GatewayErrorText } from './GatewayErrorText.tsx';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  const text = label ?? t('common.loading');
  return (
    <Center py="xl" role="status" aria-live="polite" aria-label={text}>
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">{text}</Text>
      </Stack>
    </Center>
  );
}

export function EmptyView({ title, children, action }: { title?: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="xs" maw={560} ta="center">
        <IconInbox size={28} color="var(--mantine-color-dimmed)" />
        {title && <Text fw={600}>{title}</Text>}
        {/* A div: some empty views explain with a command block or a list, which a <p> cannot hold. */}
        <Text size="sm" c="dimmed" component="div">{children}</Text>
        {action}
      </Stack>
    </Center>
  );
}

export function ErrorView({ error, title, hint, onRetry }: { error: unknown; title?: string; hint?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlert size={18} />} title={title ?? t('common.errorTitle')} role="alert">
      <Stack gap="xs">
        <GatewayErrorText error={error} />
        <Text size="sm">{hint ?? t('common.errorHint')}</Text>
        {onRetry && (
          <div>
            <Button size="xs" variant="default" onClick={onRetry}>{t('common.retry')}</Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}
