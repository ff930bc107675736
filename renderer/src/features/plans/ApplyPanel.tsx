// Apply: confirm with the exact consequence, then a determinate progress bar from
// plan.applyProgress events and a result summary; refusals (stale plan…) shown verbatim.
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../../../../core/contract/index.ts';
import { useContractMutation, useLatestEvent } from '../../client/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { errorCode, GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { formatNumber } from '../../components/format.ts';
import { IconAlert, IconCheckDouble } from '../../components/Icons.tsx';
import { RegenerateButton } from './RegenerateButton.tsx';

export function canApply(plan: Pick<PlanSummary, 'status'>): boolean {
  return plan.status === 'approved' || plan.status === 'failed';
}

export function ApplyPanel({ plan }: { plan: PlanSummary }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const apply = useContractMutation('plans.apply');
  const progress = useLatestEvent('plan.applyProgress', (p) => p.planId === plan.id);
  const n = (v: number) => formatNumber(v, i18n.language);

  const running = apply.isPending || plan.status === 'applying';
  // A stale, expired or rejected plan stays so: offer the way out, not the same button again.
  const dead = ['plan_stale', 'plan_expired', 'plan_rejected'].includes(errorCode(apply.error) ?? '');
  const showProgress = running || (progress !== null && progress.done < progress.total && !apply.isSuccess && !apply.isError);
  const pct = progress && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0;

  return (
    <Stack gap="xs">
      {canApply(plan) && !dead && (
        <Group>
          <Button color="blue" onClick={() => setConfirming(true)} loading={running}>{t('plans.apply.button')}</Button>
        </Group>
      )}
      {showProgress && (
        <Stack gap={4}>
          <Progress
            value={progress ? pct : 100}
            animated={!progress}
            striped={!progress}
            size="lg"
            aria-label={t('plans.apply.progressLabel')}
            aria-valuetext={progress ? t('plans.apply.progress', { done: n(progress.done), total: n(progress.total) }) : undefined}
          />
          <Text size="xs" c="dimmed" className="tnum" aria-live="polite">
            {progress ? t('plans.apply.progress', { done: n(progress.done), total: n(progress.total) }) : t('common.loading')}
          </Text>
        </Stack>
      )}
      {apply.isSuccess && (
        <Alert color="green" variant="light" icon={<IconCheckDouble size={16} />} title={t('plans.apply.resultTitle')} role="status">
          <Stack gap={2}>
            <Text size="sm" className="tnum">{t('plans.apply.result', { created: n(apply.data.created), updated: n(apply.data.updated), deactivated: n(apply.data.deactivated), skippedExcluded: n(apply.data.skippedExcluded) })}</Text>
            {apply.data.alreadyApplied && <Text size="sm">{apply.data.message}</Text>}
          </Stack>
        </Alert>
      )}
      {apply.isError && (
        <Alert color="red" variant="light" icon={<IconAlert size={16} />} title={t('plans.apply.failedTitle')} role="alert">
          <Stack gap="xs" align="flex-start">
            <GatewayErrorText error={apply.error} />
            {dead && <RegenerateButton plan={plan} />}
          </Stack>
        </Alert>
      )}
      <ConfirmDialog
        opened={confirming}
        title={t('plans.apply.confirmTitle', { id: plan.id })}
        confirmLabel={t('plans.apply.confirm')}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          apply.reset();
          apply.mutate({ planId: plan.id });
        }}
      >
        <Text size="sm">
          {t('plans.apply.confirmBody', { create: n(plan.counts.create), update: n(plan.counts.update), deactivate: n(plan.counts.deactivate), excluded: n(plan.excludedCount) })}
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}
