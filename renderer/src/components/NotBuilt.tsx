// A calm, plain "not built yet" for sections that come in later issues.
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconTool } from './Icons.tsx';

export function NotBuilt({ section }: { section: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" maw={720}>
      <Title order={2} size="h3">{section}</Title>
      <Paper withBorder p="lg" radius="sm">
        <Stack gap="sm" align="flex-start">
          <IconTool size={24} color="var(--mantine-color-gray-6)" />
          <Text fw={600}>{t('notBuilt.title')}</Text>
          <Text size="sm" c="dimmed">{t('notBuilt.body', { section })}</Text>
          <Button component="a" href="#/plans" variant="light">{t('notBuilt.goPlans')}</Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
