// One plan: what it is and who decided, the mass-deactivation warning, the decision and
// apply controls, and the diff. Everything refreshes from plan.changed events.
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../../../../core/contract/index.ts';
import { usePrefs } from '../../app/prefs.ts';
import { useContractMutation, useContractQuery } from '../../client/index.ts';
import { formatInstant, formatPeriod } from '../../components/format.ts';
import { IconArrowLeft } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { ApplyPanel } from './ApplyPanel.tsx';
import { ApproveDialog } from './ApproveDialog.tsx';
import { ItemsView } from './ItemsView.tsx';
import { MassDeactivationAlert } from './MassDeactivationAlert.tsx';
import { RejectDialog } from './RejectDialog.tsx';
import { PlanStatusBadge } from './status.tsx';
import { useOperatorName } from './useOperatorName.ts';
import { Fact } from '../../components/Fact.tsx';

function PlanFacts({ plan }: { plan: PlanSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="sm">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
        <Fact label={t('plans.detail.period')}>
          <Text size="sm" className="tnum">{formatPeriod(plan.periodFrom, plan.periodTo, i18n.language)}</Text>
        </Fact>
        <Fact label={t('plans.detail.created')}>
          <TimeWithZone value={plan.createdAt} relative="beside" />
          <Text size="xs" c="dimmed">{plan.createdBy}</Text>
        </Fact>
        <Fact label={t('plans.detail.expires')}>
          <TimeWithZone value={plan.expiresAt} relative="beside" />
        </Fact>
        <Fact label={t('plans.detail.fingerprint')}>
          <Text size="xs" className="mono" truncate title={plan.fingerprint}>{plan.fingerprint}</Text>
        </Fact>
        {plan.approvedBy && (
          <Fact label={t('plans.detail.approval')}>
            <Text size="sm">{t('plans.approvedBy', { name: plan.approvedBy })}</Text>
            <TimeWithZone value={plan.approvedAt} relative="beside" size="xs" />
            {plan.approvalComment && <Text size="xs" c="dimmed">{t('plans.detail.comment')}: {plan.approvalComment}</Text>}
          </Fact>
        )}
        {plan.rejectedBy && (
          <Fact label={t('plans.detail.rejection')}>
            <Text size="sm">{t('plans.rejectedBy', { name: plan.rejectedBy })}</Text>
            <TimeWithZone value={plan.rejectedAt} relative="beside" size="xs" />
            {plan.rejectionReason && <Text size="xs">{plan.rejectionReason}</Text>}
          </Fact>
        )}
        {plan.appliedAt && (
          <Fact label={t('plans.detail.appliedAt')}>
            <TimeWithZone value={plan.appliedAt} relative="beside" />
          </Fact>
        )}
      </SimpleGrid>
    </Paper>
  );
}

/** Instead of the items grid: the retention policy removed the items, the plan is not empty. */
function PrunedItemsNotice({ at }: { at: string }) {
  const { t, i18n } = useTranslation();
  const zone = usePrefs((s) => s.zone);
  const date = formatInstant(at, zone, i18n.language)?.full ?? at;
  return (
    <Alert color="gray" variant="light" role="status">
      <Text size="sm">{t('plans.detail.itemsPruned', { date })}</Text>
    </Alert>
  );
}

function Decision({ plan }: { plan: PlanSummary }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'approve' | 'reject' | null>(null);
  const [operator, rememberOperator] = useOperatorName();
  const approve = useContractMutation('plans.approve', {
    onSuccess: (p) => {
      setDialog(null);
      notifications.show({ color: 'green', message: t('plans.approve.done', { id: p.id }) });
    },
  });
  const reject = useContractMutation('plans.reject', {
    onSuccess: (p) => {
      setDialog(null);
      notifications.show({ color: 'gray', message: t('plans.reject.done', { id: p.id }) });
    },
  });
  // An approved plan not yet applied can still be rejected (e.g. once it is stale).
  if (plan.status !== 'awaiting_approval' && plan.status !== 'approved') return null;
  return (
    <>
      <Group gap="xs">
        {plan.status === 'awaiting_approval' && <Button color="green" onClick={() => { approve.reset(); setDialog('approve'); }}>{t('plans.approve.button')}</Button>}
        <Button color="red" variant="outline" onClick={() => { reject.reset(); setDialog('reject'); }}>{t('plans.reject.button')}</Button>
      </Group>
      <ApproveDialog
        plan={plan}
        opened={dialog === 'approve'}
        busy={approve.isPending}
        error={approve.error}
        defaultName={operator}
        onClose={() => setDialog(null)}
        onSubmit={(input) => {
          rememberOperator(input.by);
          approve.mutate(input);
        }}
      />
      <RejectDialog
        plan={plan}
        opened={dialog === 'reject'}
        busy={reject.isPending}
        error={reject.error}
        defaultName={operator}
        onClose={() => setDialog(null)}
        onSubmit={(input) => {
          rememberOperator(input.by);
          reject.mutate(input);
        }}
      />
    </>
  );
}

export function PlanDetailPage({ planId }: { planId: number }) {
  const { t } = useTranslation();
  const q = useContractQuery('plans.get', { planId });

  const back = (
    <Anchor href="#/plans" size="sm">
      <Group gap={4} component="span" display="inline-flex"><IconArrowLeft size={14} />{t('plans.detail.back')}</Group>
    </Anchor>
  );

  if (q.isPending) return <Stack gap="sm">{back}<LoadingState /></Stack>;
  if (q.isError) {
    const notFound = q.error.code === 'plan_not_found';
    return (
      <Stack gap="sm">
        {back}
        <ErrorView error={q.error} hint={notFound ? t('plans.detail.notFound', { id: planId }) : undefined} onRetry={notFound ? undefined : () => void q.refetch()} />
      </Stack>
    );
  }
  const plan = q.data;
  const readOnly = plan.status !== 'awaiting_approval';

  return (
    <Stack gap="sm">
      {back}
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Group gap="sm">
          <Title order={2} size="h3">{t('plans.detail.title', { id: plan.id })}</Title>
          <PlanStatusBadge status={plan.status} size="md" />
        </Group>
        <Group gap="xs" align="flex-start">
          <Decision plan={plan} />
        </Group>
      </Group>
      <MassDeactivationAlert plan={plan} />
      <PlanFacts plan={plan} />
      {plan.applyError && (
        <Alert color="red" variant="light" title={t('plans.detail.applyError')} role="alert">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{plan.applyError}</Text>
        </Alert>
      )}
      <ApplyPanel plan={plan} />
      {readOnly && <Text size="xs" c="dimmed">{t('plans.detail.readOnly', { status: t(`plans.status.${plan.status}`) })}</Text>}
      {plan.itemsPrunedAt ? <PrunedItemsNotice at={plan.itemsPrunedAt} /> : <ItemsView plan={plan} />}
    </Stack>
  );
}
