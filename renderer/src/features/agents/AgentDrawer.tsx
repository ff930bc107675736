// One agent in full (Enter opens, Esc closes): ids, state and reason, since (with zone) and time
// in state, site, groups, and the employee it is linked to and how, or a way to link one. It
// follows the live stream like the table.
import { Alert, Anchor, Badge, Drawer, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentView } from '../../../../core/contract/index.ts';
import { Fact } from '../../components/Fact.tsx';
import { IconLink } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { formatInState, inStateMs } from './columns.tsx';
import { identityHref } from './links.ts';
import { AgentStateBadge, useReasonText } from './states.tsx';

export interface AgentDrawerProps {
  /** The agent as of this frame; null closes the drawer. */
  agent: AgentView | null;
  /** The agent left MCE while the drawer was open. */
  gone: boolean;
  gatewayNow: number;
  onClose(): void;
}

export function AgentDrawer({ agent, gone, gatewayNow, onClose }: AgentDrawerProps) {
  const { t } = useTranslation();
  const reason = useReasonText();
  return (
    <Drawer
      opened={agent !== null}
      onClose={onClose}
      position="right"
      size={520}
      title={agent ? <Group gap="xs" wrap="nowrap"><Text fw={600}>{agent.name}</Text><AgentStateBadge state={agent.state} size="sm" /></Group> : null}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {agent && (
        <Stack gap="md">
          {gone && (
            <Alert color="gray" variant="light" py="xs">
              <Text size="sm">{t('agents.detail.gone')}</Text>
            </Alert>
          )}
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
            <Fact label={t('agents.detail.agentId')}><Text size="sm" className="mono">{agent.agentId}</Text></Fact>
            <Fact label={t('agents.col.login')}><Text size="sm" className="mono">{agent.login}</Text></Fact>
            <Fact label={t('agents.col.state')}>
              <Group gap={6}>
                <AgentStateBadge state={agent.state} />
                {agent.reason && <Text size="sm">{reason(agent.reason)}</Text>}
              </Group>
            </Fact>
            <Fact label={t('agents.col.inState')}><Text size="sm" className="tnum">{formatInState(inStateMs(agent, gatewayNow))}</Text></Fact>
            <Fact label={t('agents.detail.since')}><TimeWithZone value={agent.since} size="sm" past /></Fact>
            <Fact label={t('agents.col.site')}><Text size="sm">{agent.site ?? t('common.none')}</Text></Fact>
            <Fact label={t('agents.col.groups')}>
              {agent.groups.length === 0 ? (
                <Text size="sm" c="dimmed">{t('common.none')}</Text>
              ) : (
                <Group gap={4}>{agent.groups.map((g) => <Badge key={g} size="sm" variant="default" tt="none">{g}</Badge>)}</Group>
              )}
            </Fact>
          </SimpleGrid>

          <div>
            <Title order={3} size="h6" mb={6}>{t('agents.detail.employee')}</Title>
            {agent.employee === null ? (
              <Stack gap={6} align="flex-start">
                <Text size="sm">{t('agents.detail.notLinked')}</Text>
                <Anchor href={identityHref(agent.login)} size="sm" onClick={onClose}>
                  <IconLink size={14} /> {t('agents.detail.resolve')}
                </Anchor>
              </Stack>
            ) : (
              <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
                <Fact label={t('agents.detail.employeeName')}><Text size="sm">{agent.employee.name}</Text></Fact>
                <Fact label={t('agents.detail.tabN')}><Text size="sm" className="mono">{agent.employee.tabN}</Text></Fact>
                <Fact label={t('agents.detail.externalId')}><Text size="sm" className="mono">{agent.employee.externalId}</Text></Fact>
                <Fact label={t('agents.detail.department')}><Text size="sm">{agent.employee.departmentName ?? t('common.none')}</Text></Fact>
                <Fact label={t('agents.detail.status')}>
                  <Text size="sm" c={agent.employee.active ? undefined : 'red.8'}>{agent.employee.active ? t('agents.detail.active') : t('agents.inactive')}</Text>
                </Fact>
                <Fact label={t('agents.detail.link')}>
                  <Group gap={6}>
                    <Text size="sm">{t(`agents.detail.linkBy.${agent.employee.link}`)}</Text>
                    <Anchor href={identityHref(agent.login)} size="sm" onClick={onClose}>{t('agents.detail.change')}</Anchor>
                  </Group>
                </Fact>
              </SimpleGrid>
            )}
          </div>
        </Stack>
      )}
    </Drawer>
  );
}
