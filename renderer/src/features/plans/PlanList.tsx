// The list of plans: awaiting approval first; status, period, counts per action, excluded,
// who created and decided, when. Arrows move, Enter opens.
import { Anchor, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemAction, PlanSummary } from '../../../../core/contract/index.ts';
import { useContractQuery } from '../../client/index.ts';
import { formatPeriod } from '../../components/format.ts';
import { Num } from '../../components/Num.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { EmptyView, ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { actionLook, actionOrder, PlanStatusBadge, sortPlansForReview } from './status.tsx';

const rowHeight = 46;

function Decision({ plan }: { plan: PlanSummary }) {
  const { t } = useTranslation();
  if (plan.approvedBy) {
    return (
      <Stack gap={0}>
        <Text span size="xs" fw={500} truncate>{t('plans.approvedBy', { name: plan.approvedBy })}</Text>
        <TimeWithZone value={plan.approvedAt} relative="beside" size="xs" compact />
      </Stack>
    );
  }
  if (plan.rejectedBy) {
    return (
      <Stack gap={0}>
        <Text span size="xs" fw={500} truncate>{t('plans.rejectedBy', { name: plan.rejectedBy })}</Text>
        <TimeWithZone value={plan.rejectedAt} relative="beside" size="xs" compact />
      </Stack>
    );
  }
  return <Text span size="xs" c="dimmed">{t('plans.notDecided')}</Text>;
}

function countColumn(action: ItemAction, header: string, full: string): VirtualColumn<PlanSummary> {
  return {
    id: `count-${action}`,
    header: <span title={full}>{header}</span>,
    width: 'minmax(46px, 0.4fr)',
    align: 'right',
    render: (p) => (
      <Text span size="sm" c={p.counts[action] > 0 ? `${actionLook[action].color}.8` : 'dimmed'} aria-label={`${full}: ${p.counts[action]}`}>
        <Num value={p.counts[action]} />
      </Text>
    ),
  };
}

export function PlanList() {
  const { t, i18n } = useTranslation();
  const q = useContractQuery('plans.list', { limit: 200 });
  const [active, setActive] = useState(0);
  const plans = useMemo(() => sortPlansForReview(q.data?.plans ?? []), [q.data]);

  const columns = useMemo<Array<VirtualColumn<PlanSummary>>>(
    () => [
      {
        id: 'id',
        header: t('plans.col.id'),
        width: '44px',
        align: 'right',
        render: (p) => (
          <Anchor href={hrefFor({ section: 'plans', planId: p.id })} aria-label={t('plans.open', { id: p.id })} className="mono" tabIndex={-1}>
            {p.id}
          </Anchor>
        ),
      },
      { id: 'status', header: t('plans.col.status'), width: '150px', render: (p) => <PlanStatusBadge status={p.status} /> },
      { id: 'period', header: t('plans.col.period'), width: 'minmax(160px, 1fr)', render: (p) => <span className="tnum">{formatPeriod(p.periodFrom, p.periodTo, i18n.language)}</span> },
      ...actionOrder.map((a) => countColumn(a, t(`plans.actionShort.${a}`), t(`plans.action.${a}`))),
      { id: 'excluded', header: t('plans.col.excluded'), width: 'minmax(66px, 0.5fr)', align: 'right', render: (p) => <Num value={p.excludedCount} dim /> },
      {
        id: 'created',
        header: t('plans.col.created'),
        width: 'minmax(186px, 1.4fr)',
        render: (p) => (
          <Stack gap={0}>
            <TimeWithZone value={p.createdAt} relative="beside" size="xs" compact />
            <Text span size="xs" c="dimmed" truncate>{p.createdBy}</Text>
          </Stack>
        ),
      },
      { id: 'decided', header: t('plans.col.decided'), width: 'minmax(186px, 1.4fr)', render: (p) => <Decision plan={p} /> },
    ],
    [t, i18n.language],
  );

  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  if (plans.length === 0) return <EmptyView>{t('plans.empty')}</EmptyView>;

  const height = Math.min(plans.length, 12) * rowHeight + rowHeight + 2;
  return (
    <VirtualTable
      label={t('plans.listLabel')}
      rowCount={plans.length}
      getRow={(i) => plans[i]}
      columns={columns}
      rowHeight={rowHeight}
      height={height}
      activeIndex={Math.min(active, plans.length - 1)}
      onActiveIndexChange={setActive}
      onOpen={(p) => navigate(hrefFor({ section: 'plans', planId: p.id }))}
      rowClassName={(p) => (p.status === 'awaiting_approval' ? 'is-awaiting' : undefined)}
    />
  );
}
