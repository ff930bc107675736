// The way out of a stale, expired or rejected plan: a new plan for the same period.
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../../../../core/contract/index.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { useContractMutation } from '../../client/index.ts';
import { errorMessage } from '../../components/errors.ts';

export function RegenerateButton({ plan }: { plan: Pick<PlanSummary, 'periodFrom' | 'periodTo'> }) {
  const { t } = useTranslation();
  const create = useContractMutation('plans.create', {
    onSuccess: (p) => {
      notifications.show({ color: 'green', message: t('plans.generate.created', { id: p.id }) });
      navigate(hrefFor({ section: 'plans', planId: p.id }));
    },
    onError: (e) => notifications.show({ color: 'red', title: t('common.actionFailed'), message: errorMessage(e, t('common.unknownError')) }),
  });
  return (
    <Button variant="default" loading={create.isPending} onClick={() => create.mutate({ from: plan.periodFrom, to: plan.periodTo })}>
      {t('errors.regenerate')}
    </Button>
  );
}
