// The app shell: header (title, demo mode, connection, zone, language), navigation, content.
import { Anchor, AppShell, Badge, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useContractQuery } from '../client/index.ts';
import { IconActivity, IconCalendar, IconDiff, IconFlask, IconList, IconLock, IconSettings, IconSheet, IconShield, IconUsers } from '../components/Icons.tsx';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { HeaderControls } from './HeaderControls.tsx';
import { QueueHealthIndicator } from '../features/queue/QueueHealthIndicator.tsx';
import { hrefFor, sections, type Section } from './router.ts';

const icons: Record<Section, ReactNode> = {
  health: <IconActivity size={16} />,
  agents: <IconUsers size={16} />,
  queue: <IconList size={16} />,
  plans: <IconDiff size={16} />,
  schedules: <IconCalendar size={16} />,
  timesheets: <IconSheet size={16} />,
  audit: <IconShield size={16} />,
  settings: <IconSettings size={16} />,
};

/** How many plans wait for a decision: the "what is waiting for me?" of the nav. */
function AwaitingBadge() {
  const { t } = useTranslation();
  const q = useContractQuery('plans.list', { status: 'awaiting_approval', limit: 1 });
  const n = q.data?.total ?? 0;
  if (n === 0) return null;
  return (
    <Badge size="sm" color="violet" variant="filled" aria-label={t('plans.awaitingCount', { count: n })} className="tnum">
      {n}
    </Badge>
  );
}

/** The desktop app attached to a headless gateway says which one, beside the connection state. */
function AttachedBadge({ attachedTo }: { attachedTo: { url: string; pinned: boolean } }) {
  const { t } = useTranslation();
  let host = attachedTo.url;
  try {
    host = new URL(attachedTo.url).host;
  } catch {
    // Shown as given.
  }
  const label = t(attachedTo.pinned ? 'app.attachedPinned' : 'app.attachedLabel', { url: attachedTo.url });
  return (
    <Badge variant="light" color="indigo" size="lg" radius="sm" leftSection={attachedTo.pinned ? <IconLock size={12} /> : undefined} title={label} aria-label={label} className="nowrap" data-testid="attached-badge" tt="none">
      {t('app.attached', { host })}
    </Badge>
  );
}

export function Shell({ active, children }: { active: Section | null; children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure(false);
  const info = useContractQuery('app.info', {}, { staleTime: 60_000 });
  const demo = info.data?.demo === true;
  const simulated = info.data?.simulated ?? [];
  // In demo mode an address may already be saved (Settings, gatewayctl): it takes effect at the next start.
  const endpoint = useContractQuery('config.get', { keys: ['onec.url'] }, { enabled: demo, staleTime: 15_000 });
  const savedUrl = demo && simulated.includes('onec') ? String(endpoint.data?.values?.['onec.url'] ?? '') : '';
  const hint = savedUrl
    ? t('app.demoHintSaved', { url: savedUrl })
    : simulated.includes('onec') && simulated.includes('mce')
      ? t('app.demoHintBoth')
      : simulated.includes('mce')
        ? t('app.demoHintMce')
        : t('app.demoHint');

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 236, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.toggleNav')} />
            <Title order={1} size="h5" className="nowrap">{t('app.title')}</Title>
            <ConnectionBadge />
            {info.data?.attachedTo && <AttachedBadge attachedTo={info.data.attachedTo} />}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <QueueHealthIndicator />
            <HeaderControls />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('app.nav.label')}>
          {sections.map((s) => (
            <NavLink
              key={s}
              href={hrefFor({ section: s })}
              label={t(`app.nav.${s}`)}
              leftSection={icons[s]}
              rightSection={s === 'plans' ? <AwaitingBadge /> : undefined}
              active={active === s}
              aria-current={active === s ? 'page' : undefined}
              variant="light"
            />
          ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {demo && (
          <Group role="note" aria-label={t('app.demo')} className="demo-banner" gap={8} px="md" py={6} mx="calc(var(--mantine-spacing-md) * -1)" mt="calc(var(--mantine-spacing-md) * -1)" mb="md" wrap="nowrap">
            <IconFlask size={16} />
            <Text size="sm" fw={600} className="nowrap">{t('app.demo')}</Text>
            <Text size="xs" visibleFrom="md" c="yellow.9" truncate>{hint}</Text>
            {/* Where to start: live agents from the MCE simulator, a personnel sync plan from the 1C one. */}
            <Group gap={10} wrap="nowrap" ml="auto" className="nowrap">
              {simulated.includes('mce') && <Anchor size="xs" fw={600} href={hrefFor({ section: 'agents' })}>{t('app.demoWatchAgents')}</Anchor>}
              {simulated.includes('onec') && <Anchor size="xs" fw={600} href={hrefFor({ section: 'plans' })}>{t('app.demoGeneratePlan')}</Anchor>}
            </Group>
          </Group>
        )}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
