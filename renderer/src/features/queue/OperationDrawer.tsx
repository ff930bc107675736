// One operation in full (Enter opens, Esc closes): facts, the error and its kind, the actions
// (retry now, cancel, priority), payload, result and the timeline of attempts. Live: it
// refreshes with queue.changed like everything else on the screen.
import { Alert, Anchor, Button, Code, Drawer, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueOperation } from '../../../../core/contract/index.ts';
import { useContractMutation, useContractQuery } from '../../client/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { IconAlert, IconBan, IconRefresh } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { hrefFor } from '../../app/router.ts';
import { AttemptsTimeline } from './AttemptsTimeline.tsx';
import { useFailureNotice } from './failureNotice.tsx';
import { BACKSTOP_MS } from './useOperationPages.ts';
import { OperationStatusBadge } from './status.tsx';
import { Fact } from '../../components/Fact.tsx';

function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <Code block className="json-block" aria-label={label}>
      {JSON.stringify(value, null, 2)}
    </Code>
  );
}

/** The sync plan an operation made (personnel_sync result) or works on (plan_apply data). */
export function planOf(op: Pick<QueueOperation, 'type' | 'data' | 'result'>): number | null {
  const from = op.type === 'personnel_sync' ? op.result : op.type === 'plan_apply' ? op.data : null;
  const id = (from as { planId?: unknown } | null)?.planId;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : null;
}

export const canRetry = (op: Pick<QueueOperation, 'status'>) => op.status === 'failed' || op.status === 'pending';
export const canCancel = canRetry;
export const canReprioritise = (op: Pick<QueueOperation, 'status'>) => op.status === 'pending';

export function OperationDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const q = useContractQuery('queue.get', { id: id ?? '' }, { enabled: id !== null, refetchInterval: BACKSTOP_MS });
  const op = id !== null && q.data?.operation.id === id ? q.data.operation : null;
  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      position="right"
      size={720}
      title={
        op ? (
          <Group gap="xs">
            <Text fw={600}>{t(`queue.type.${op.type}`)}</Text>
            <OperationStatusBadge op={op} size="sm" />
          </Group>
        ) : (
          <Text fw={600}>{t('queue.detail.title')}</Text>
        )
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {id !== null && q.isPending && <LoadingState />}
      {id !== null && q.isError && <ErrorView error={q.error} onRetry={() => void q.refetch()} />}
      {op && q.data && <OperationDetail op={op} attempts={q.data.attempts} />}
    </Drawer>
  );
}

function OperationDetail({ op, attempts }: { op: QueueOperation; attempts: Parameters<typeof AttemptsTimeline>[0]['attempts'] }) {
  const { t } = useTranslation();
  const [confirm, setConfirm] = useState<'cancel' | 'retryUnknown' | null>(null);
  const fail = useFailureNotice();
  const retry = useContractMutation('queue.retry', {
    onSuccess: () => {
      setConfirm(null);
      notifications.show({ color: 'blue', message: t('queue.actions.retried') });
    },
    onError: fail,
  });
  const cancel = useContractMutation('queue.cancel', {
    onSuccess: () => {
      setConfirm(null);
      notifications.show({ color: 'gray', message: t('queue.actions.cancelled') });
    },
    onError: fail,
  });
  const priority = useContractMutation('queue.setPriority', {
    onSuccess: (o) => notifications.show({ color: 'blue', message: t('queue.actions.priorityChanged', { n: o.priority }) }),
    onError: fail,
  });
  const futureRun = op.status === 'pending' && Date.parse(op.runAt) > Date.now();

  return (
    <Stack gap="md">
      <Text size="xs" className="mono" c="dimmed" aria-label={t('queue.detail.id')}>{op.id}</Text>
      {(canRetry(op) || canReprioritise(op)) && (
      <Group gap="xs">
        {canRetry(op) && (
          <Button
            leftSection={<IconRefresh size={14} />}
            loading={retry.isPending}
            onClick={() => (op.errorKind === 'unknown_outcome' ? setConfirm('retryUnknown') : retry.mutate({ id: op.id }))}
          >
            {t('queue.actions.retryNow')}
          </Button>
        )}
        {canCancel(op) && (
          <Button variant="default" color="red" leftSection={<IconBan size={14} />} onClick={() => setConfirm('cancel')}>
            {t('queue.actions.cancel')}
          </Button>
        )}
        {canReprioritise(op) && (
          <NativeSelect
            aria-label={t('queue.actions.priority')}
            value={String(op.priority)}
            disabled={priority.isPending}
            onChange={(e) => priority.mutate({ id: op.id, priority: Number(e.currentTarget.value) })}
            data={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t('queue.priority.option', { n }) }))}
            w={170}
          />
        )}
      </Group>
      )}

      {op.errorMessage && (
        <Alert color={op.errorKind === 'retryable' && op.status === 'pending' ? 'yellow' : 'red'} variant="light" icon={<IconAlert size={16} />} title={op.errorKind ? t(`queue.errorKind.${op.errorKind}`) : t('queue.detail.error')}>
          <Stack gap={4}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{op.errorMessage}</Text>
            {op.errorKind && <Text size="xs" c="dimmed">{t(`queue.errorKindHint.${op.errorKind}`)}</Text>}
          </Stack>
        </Alert>
      )}

      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        <Fact label={t('queue.col.priorityFull')}><Text size="sm">{t('queue.priority.option', { n: op.priority })}</Text></Fact>
        <Fact label={t('queue.col.retriesFull')}><Text size="sm" className="tnum">{t('queue.retriesOf', { n: op.retryCount, max: op.maxRetries })}</Text></Fact>
        <Fact label={t('queue.col.created')}><TimeWithZone value={op.createdAt} relative="beside" size="xs" /></Fact>
        <Fact label={t('queue.detail.createdBy')}><Text size="sm">{op.createdBy ?? t('common.none')}</Text></Fact>
        <Fact label={t('queue.col.started')}><TimeWithZone value={op.startedAt} relative="beside" size="xs" /></Fact>
        <Fact label={t('queue.col.completed')}><TimeWithZone value={op.completedAt} relative="beside" size="xs" /></Fact>
        {futureRun && <Fact label={t('queue.detail.nextAttempt')}><TimeWithZone value={op.runAt} relative="beside" size="xs" /></Fact>}
        <Fact label={t('queue.detail.endpoint')}>
          {op.apiEndpoint ? <Text size="xs" className="mono">{op.apiEndpoint}</Text> : <Text size="sm" c="dimmed">{t('queue.detail.localWork')}</Text>}
        </Fact>
        {op.processingNode && <Fact label={t('queue.detail.node')}><Text size="xs" className="mono">{op.processingNode}</Text></Fact>}
        {planOf(op) !== null && (
          <Fact label={t('queue.detail.plan')}>
            <Anchor size="sm" href={hrefFor({ section: 'plans', planId: planOf(op)! })}>{t('queue.detail.openPlan', { id: planOf(op) })}</Anchor>
          </Fact>
        )}
        {op.idempotencyKey && <Fact label={t('queue.detail.idempotencyKey')}><Text size="xs" className="mono">{op.idempotencyKey}</Text></Fact>}
      </SimpleGrid>

      <div>
        <Title order={3} size="h6" mb={4}>{t('queue.detail.attempts')}</Title>
        <AttemptsTimeline attempts={attempts} />
      </div>
      <div>
        <Title order={3} size="h6" mb={4}>{t('queue.detail.payload')}</Title>
        <Json value={op.data} label={t('queue.detail.payload')} />
      </div>
      <div>
        <Title order={3} size="h6" mb={4}>{t('queue.detail.result')}</Title>
        {op.result === null || op.result === undefined ? <Text size="sm" c="dimmed">{t('queue.detail.noResult')}</Text> : <Json value={op.result} label={t('queue.detail.result')} />}
      </div>

      <ConfirmDialog
        opened={confirm === 'cancel'}
        title={t('queue.actions.cancelTitle')}
        confirmLabel={t('queue.actions.cancelConfirm')}
        color="red"
        busy={cancel.isPending}
        onConfirm={() => cancel.mutate({ id: op.id })}
        onClose={() => setConfirm(null)}
      >
        <Text size="sm">{t('queue.actions.cancelBody', { type: t(`queue.type.${op.type}`) })}</Text>
      </ConfirmDialog>
      <ConfirmDialog
        opened={confirm === 'retryUnknown'}
        title={t('queue.actions.retryUnknownTitle')}
        confirmLabel={t('queue.actions.retryUnknownConfirm')}
        color="red"
        busy={retry.isPending}
        onConfirm={() => retry.mutate({ id: op.id })}
        onClose={() => setConfirm(null)}
      >
        <Text size="sm">{t('queue.actions.retryUnknownBody')}</Text>
      </ConfirmDialog>
    </Stack>
  );
}
