// Pause or resume an operation type: a paused type is not claimed (running work finishes).
// The popover lists every type; paused ones also stand in a banner on the screen.
import { Alert, Badge, Button, Group, Popover, Stack, Table, Text } from '@mantine/core';
import { useDisclosure, useWindowEvent } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { OperationTypeName, QueueHealthInfo } from '../../../../core/contract/index.ts';
import { useContractMutation } from '../../client/index.ts';
import { IconAlert, IconCheck, IconClock } from '../../components/Icons.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { useFailureNotice } from './failureNotice.tsx';
import { operationTypes } from './QueueFilters.tsx';

type Paused = QueueHealthInfo['pausedTypes'];

function usePauseActions() {
  const { t } = useTranslation();
  const onError = useFailureNotice();
  const pause = useContractMutation('queue.pause', {
    onSuccess: (r) => notifications.show({ color: 'yellow', message: t('queue.pause.paused', { type: t(`queue.type.${r.type}`) }) }),
    onError,
  });
  const resume = useContractMutation('queue.resume', {
    onSuccess: (r) => notifications.show({ color: 'blue', message: t('queue.pause.resumed', { type: t(`queue.type.${r.type}`) }) }),
    onError,
  });
  return { pause, resume, busy: pause.isPending || resume.isPending };
}

export function PauseControls({ paused }: { paused: Paused }) {
  const { t } = useTranslation();
  const { pause, resume, busy } = usePauseActions();
  const pausedSet = new Map(paused.map((p) => [p.type, p]));
  const [opened, { toggle, close }] = useDisclosure(false);
  // Esc closes it wherever the focus is (a pressed button re-renders and drops the focus).
  useWindowEvent('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
  return (
    <Popover position="bottom-end" width={540} shadow="md" withinPortal opened={opened} onChange={(o) => (o ? undefined : close())} onDismiss={close}>
      <Popover.Target>
        <Button variant="default" onClick={toggle} aria-expanded={opened} rightSection={paused.length > 0 ? <Badge size="xs" color="yellow" variant="filled">{paused.length}</Badge> : undefined}>
          {t('queue.pause.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Table aria-label={t('queue.pause.label')} verticalSpacing={4} fz="sm" withRowBorders>
          <Table.Tbody>
            {operationTypes.map((ty: OperationTypeName) => {
              const p = pausedSet.get(ty);
              const label = t(`queue.type.${ty}`);
              return (
                <Table.Tr key={ty}>
                  <Table.Td>
                    <Text size="sm">{label}</Text>
                    <Text size="xs" c="dimmed" className="mono">{ty}</Text>
                  </Table.Td>
                  <Table.Td>
                    {p ? (
                      <StatusBadge tone="warn" icon={<IconClock size={12} />} label={t('queue.pause.isPaused')} size="xs" />
                    ) : (
                      <StatusBadge tone="ok" icon={<IconCheck size={12} />} label={t('queue.pause.isRunning')} size="xs" />
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {p ? (
                      <Button size="xs" disabled={busy} onClick={() => resume.mutate({ type: ty })} aria-label={t('queue.pause.resumeType', { type: label })}>
                        {t('queue.pause.resume')}
                      </Button>
                    ) : (
                      <Button size="xs" variant="default" disabled={busy} onClick={() => pause.mutate({ type: ty })} aria-label={t('queue.pause.pauseType', { type: label })}>
                        {t('queue.pause.pause')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Popover.Dropdown>
    </Popover>
  );
}

/** Paused types, unmissable, each with who paused it, when, and a Resume button. */
export function PausedBanner({ paused }: { paused: Paused }) {
  const { t } = useTranslation();
  const { resume, busy } = usePauseActions();
  if (paused.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconAlert size={16} />} title={t('queue.pause.bannerTitle', { count: paused.length })} role="status" aria-label={t('queue.pause.bannerTitle', { count: paused.length })}>
      <Stack gap={4}>
        {paused.map((p) => (
          <Group key={p.type} gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>{t(`queue.type.${p.type}`)}</Text>
            <Text size="xs" c="dimmed">{t('queue.pause.by', { name: p.pausedBy })}</Text>
            <TimeWithZone value={p.pausedAt} relative="beside" size="xs" compact />
            <Button size="compact-xs" variant="light" disabled={busy} onClick={() => resume.mutate({ type: p.type })} aria-label={t('queue.pause.resumeType', { type: t(`queue.type.${p.type}`) })}>
              {t('queue.pause.resume')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
