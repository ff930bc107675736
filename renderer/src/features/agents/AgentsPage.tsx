// Agents: live status from MCE/Oktell (#/agents) and the identity report that matches MCE logins
// to directory employees (#/agents/identity). One live stream feeds both tabs while the screen is
// open, so the identity fixes can offer the agents MCE reports.
import { Badge, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hrefFor, navigate, type AgentsTab } from '../../app/router.ts';
import { invalidateMethods, useContractEvent, useContractQuery } from '../../client/index.ts';
import { formatNumber } from '../../components/format.ts';
import { useAgentStream } from './agentFeed.ts';
import { IdentityTab } from './IdentityTab.tsx';
import { LiveAgents } from './LiveAgents.tsx';
import './agents.css';

/** Discrepancies of every kind, for the tab's badge ("what is waiting for me?"). */
function IdentityCount() {
  const { t, i18n } = useTranslation();
  const q = useContractQuery('agents.identity', { limit: 1 }, { staleTime: 30_000, retry: false });
  const n = q.data ? Object.values(q.data.counts).reduce((a, b) => a + (b ?? 0), 0) : 0;
  if (n === 0) return null;
  return (
    <Badge size="sm" color="yellow" variant="light" className="tnum" aria-label={t('agents.identity.countLabel', { count: n })}>
      {formatNumber(n, i18n.language)}
    </Badge>
  );
}

export function AgentsPage({ tab = 'live', tableHeight }: { tab?: AgentsTab; tableHeight?: number | string }) {
  const { t } = useTranslation();
  const { store, reload } = useAgentStream();
  // Who agents are changed (a sync applied or a link made anywhere, not only here): the report and
  // the tab's count follow, as the live list does.
  const queryClient = useQueryClient();
  useContractEvent('agents.changed', (d) => {
    if (d.reload) void invalidateMethods(queryClient, ['agents.identity']);
  });
  return (
    <Stack gap="sm">
      <div>
        <Title order={2} size="h3">{t('agents.title')}</Title>
        <Text size="sm" c="dimmed">{t('agents.subtitle')}</Text>
      </div>
      <Tabs value={tab} onChange={(v) => v && navigate(hrefFor({ section: 'agents', tab: v as AgentsTab }))} keepMounted={false}>
        <Tabs.List aria-label={t('agents.tabs.label')}>
          <Tabs.Tab value="live">{t('agents.tabs.live')}</Tabs.Tab>
          <Tabs.Tab value="identity" rightSection={<IdentityCount />}>{t('agents.tabs.identity')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="live" pt="sm">
          <LiveAgents store={store} reload={reload} tableHeight={tableHeight} />
        </Tabs.Panel>
        <Tabs.Panel value="identity" pt="sm">
          <IdentityTab store={store} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
