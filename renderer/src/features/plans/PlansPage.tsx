// Sync plans: generate, then review what waits for approval.
import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { GeneratePlanForm } from './GeneratePlanForm.tsx';
import { PlanList } from './PlanList.tsx';

export function PlansPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <div>
        <Title order={2} size="h3">{t('plans.title')}</Title>
        <Text size="sm" c="dimmed">{t('plans.subtitle')}</Text>
      </div>
      <GeneratePlanForm />
      <PlanList />
    </Stack>
  );
}
