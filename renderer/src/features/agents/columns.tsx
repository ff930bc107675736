// Columns of the live agents table: name, login (monospace), employee and tab number (or a
// "not linked" marker that leads to the identity tab), site, groups, state (colour, icon, word),
// reason, and the time in state ticking on the screen's throttled clock.
import { Anchor, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentView } from '../../../../core/contract/index.ts';
import { IconLink } from '../../components/Icons.tsx';
import type { VirtualColumn } from '../../components/VirtualTable.tsx';
import { identityHref } from './links.ts';
import { AgentStateBadge, useReasonText } from './states.tsx';

const pad = (n: number) => String(n).padStart(2, '0');

/** "04:07" under an hour, "1:04:07" from an hour on (hours keep counting past a day). */
export function formatInState(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

export function inStateMs(a: Pick<AgentView, 'since'>, gatewayNow: number): number {
  const since = Date.parse(a.since);
  return Number.isFinite(since) ? gatewayNow - since : 0;
}

export function EmployeeCell({ a }: { a: AgentView }) {
  const { t } = useTranslation();
  const e = a.employee;
  if (e === null) {
    return (
      <Anchor href={identityHref(a.login)} size="xs" c="orange.8" className="not-linked" title={t('agents.notLinkedHint')}>
        <IconLink size={12} /> {t('agents.notLinked')}
      </Anchor>
    );
  }
  // Most agents are named as their employee: the name is not said twice, the tab number and department are.
  const sameName = e.name.trim().toLowerCase() === a.name.trim().toLowerCase();
  return (
    <span className="employee-cell" title={[e.name, e.tabN, e.departmentName].filter(Boolean).join(' · ')}>
      <Text span size="xs" c="dimmed" className="mono">{e.tabN}</Text>
      <span className="vt-label">{sameName ? (e.departmentName ?? e.name) : e.name}</span>
      {!e.active && <Text span size="xs" c="red.8" fw={600}>{t('agents.inactive')}</Text>}
    </span>
  );
}

/** `gatewayNow`: the frame's time on the gateway's clock; a new value re-renders the visible rows. */
export function useAgentColumns(gatewayNow: number): Array<VirtualColumn<AgentView>> {
  const { t } = useTranslation();
  const reason = useReasonText();
  const cols = useMemo<Array<VirtualColumn<AgentView>>>(
    () => [
      { id: 'name', header: t('agents.col.name'), width: 'minmax(190px, 1.8fr)', render: (a) => <span className="vt-label" title={a.name}>{a.name}</span> },
      { id: 'login', header: t('agents.col.login'), width: 'minmax(110px, 0.8fr)', render: (a) => <span className="mono" title={a.login}>{a.login}</span> },
      { id: 'employee', header: t('agents.col.employee'), width: 'minmax(170px, 1.3fr)', render: (a) => <EmployeeCell a={a} /> },
      { id: 'site', header: t('agents.col.site'), width: 'minmax(90px, 0.7fr)', render: (a) => a.site ?? <Text span size="xs" c="dimmed">{t('common.none')}</Text> },
      { id: 'groups', header: t('agents.col.groups'), width: 'minmax(110px, 0.9fr)', render: (a) => <span title={a.groups.join(', ')}>{a.groups.join(', ')}</span> },
      { id: 'state', header: t('agents.col.state'), width: '132px', render: (a) => <AgentStateBadge state={a.state} since={a.since} /> },
      { id: 'reason', header: t('agents.col.reason'), width: 'minmax(90px, 0.6fr)', render: (a) => <span title={a.reason ?? undefined}>{reason(a.reason)}</span> },
      { id: 'inState', header: t('agents.col.inState'), width: '84px', align: 'right', render: () => null },
    ],
    [t, reason],
  );
  // Only the ticking column is new each frame; the others keep their render functions.
  return useMemo(
    () => cols.map((c) => (c.id === 'inState' ? { ...c, render: (a: AgentView) => <span className="tnum">{formatInState(inStateMs(a, gatewayNow))}</span> } : c)),
    [cols, gatewayNow],
  );
}
