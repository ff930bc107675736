// Long work runs on while the operator is elsewhere: when a plan finishes applying (here or in
// another console), say so wherever the operator is, with a link to the plan.
import { Anchor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useContractEvent } from '../../client/index.ts';
import { hrefFor } from '../../app/router.ts';

export function PlanAnnouncer() {
  const { t } = useTranslation();
  useContractEvent('plan.changed', ({ planId, status }) => {
    if (status !== 'applied' && status !== 'failed') return;
    notifications.show({
      id: `plan-${planId}-${status}`,
      color: status === 'applied' ? 'green' : 'red',
      autoClose: status === 'applied' ? 5000 : false,
      message: (
        <Anchor href={hrefFor({ section: 'plans', planId })} size="sm" c="inherit">
          {t(`plans.announce.${status}`, { id: planId })}
        </Anchor>
      ),
    });
  });
  return null;
}
