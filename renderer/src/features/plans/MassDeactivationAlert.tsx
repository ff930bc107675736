// The mass-deactivation warning: red, on top, with the counts and the threshold. Unmissable.
import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../../../../core/contract/index.ts';
import { formatNumber } from '../../components/format.ts';
import { IconAlert } from '../../components/Icons.tsx';
import { deactivationPct } from './decisionRules.ts';

export function MassDeactivationAlert({ plan }: { plan: PlanSummary }) {
  const { t, i18n } = useTranslation();
  const m = plan.massDeactivation;
  if (!m.flagged) return null;
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Alert
      color="red"
      variant="filled"
      icon={<IconAlert size={22} />}
      role="alert"
      title={<Text fw={700} size="md">{t('plans.mass.title', { deactivations: n(m.deactivations), active: n(m.activeEmployees), pct: n(deactivationPct(m)) })}</Text>}
    >
      <Text size="sm">{m.emptyResponse ? t('plans.mass.empty') : t('plans.mass.body', { threshold: n(m.thresholdPct) })}</Text>
    </Alert>
  );
}
