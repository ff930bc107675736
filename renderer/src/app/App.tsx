// Routes to pages; the shell stays. A refused connection replaces the page with how to fix it
// (in the desktop app attached to a gateway: the Desktop settings, where the token is changed).
import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useConnectionState, useConsoleClient } from '../client/index.ts';
import { IconBan } from '../components/Icons.tsx';
import { AgentsPage } from '../features/agents/AgentsPage.tsx';
import { AuditPage } from '../features/audit/AuditPage.tsx';
import { HealthPage } from '../features/health/HealthPage.tsx';
import { PlanDetailPage } from '../features/plans/PlanDetailPage.tsx';
import { PlanAnnouncer } from '../features/plans/PlanAnnouncer.tsx';
import { PlansPage } from '../features/plans/PlansPage.tsx';
import { QueuePage } from '../features/queue/QueuePage.tsx';
import { SchedulesPage } from '../features/schedules/SchedulesPage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { DesktopSection } from '../features/settings/DesktopSection.tsx';
import { DesktopBridge } from './DesktopBridge.tsx';
import { TimesheetsPage } from '../features/timesheets/TimesheetsPage.tsx';
import { useRoute, type Route } from './router.ts';
import { Shell } from './Shell.tsx';

function Page({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route.section) {
    case 'health': return <HealthPage />;
    case 'agents': return <AgentsPage tab={route.tab ?? 'live'} />;
    case 'queue': return <QueuePage />;
    case 'plans': return route.planId !== undefined ? <PlanDetailPage planId={route.planId} /> : <PlansPage />;
    case 'schedules': return <SchedulesPage month={route.month} tab={route.tab} />;
    case 'timesheets': return <TimesheetsPage month={route.month} tab={route.tab} />;
    case 'audit': return <AuditPage />;
    case 'settings': return <SettingsPage />;
    default: return <Alert color="gray">{t('app.notFound')}</Alert>;
  }
}

function Refused() {
  const { t } = useTranslation();
  const desktop = useConsoleClient().desktop !== undefined;
  return (
    <Stack gap="md">
      <Alert color="red" variant="light" icon={<IconBan size={18} />} title={t(desktop ? 'app.refusedDesktopTitle' : 'app.refusedTitle')} role="alert" maw={720}>
        <Stack gap="xs">
          <Text size="sm">{t(desktop ? 'app.refusedDesktopHow' : 'app.refusedHow')}</Text>
        </Stack>
      </Alert>
      {desktop && <DesktopSection />}
    </Stack>
  );
}

export function App() {
  const route = useRoute();
  const state = useConnectionState();
  return (
    <Shell active={route.section === 'notFound' ? null : route.section}>
      <PlanAnnouncer />
      <DesktopBridge />
      {state === 'refused' ? <Refused /> : <Page route={route} />}
    </Shell>
  );
}
