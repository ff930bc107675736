// "Retry all failed" of the current filter. The confirmation states the exact count and the
// type(s), counted again when it opens ("Retry 37 failed operations of type schedule_upload?").
import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { QueueFilter } from '../../../../core/contract/index.ts';
import { useContractMutation, useContractQuery } from '../../client/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatNumber } from '../../components/format.ts';
import { IconRefresh } from '../../components/Icons.tsx';
import { useFailureNotice } from './failureNotice.tsx';

/** The failed operations a filter names: its status part does not apply. */
export function failedScope(filter: QueueFilter): QueueFilter {
  const { status: _status, ...rest } = filter;
  return rest;
}

/** "of type «Schedule upload» (schedule_upload)", "of types «A», «B»", "of all types". */
export function typeScope(filter: QueueFilter, t: TFunction): string {
  const types = filter.type ?? [];
  if (types.length === 0) return t('queue.retryFailed.allTypes');
  if (types.length === 1) return t('queue.retryFailed.oneType', { label: t(`queue.type.${types[0]}`), type: types[0] });
  return t('queue.retryFailed.manyTypes', { labels: types.map((ty) => `«${t(`queue.type.${ty}`)}»`).join(', ') });
}

/** The confirmation's question, e.g. "Retry 37 failed operations of type «Schedule upload» (schedule_upload)?" */
export function retryFailedQuestion(count: number, filter: QueueFilter, t: TFunction, lng: string): string {
  return t('queue.retryFailed.question', { count, formatted: formatNumber(count, lng), scope: typeScope(filter, t) });
}

export function RetryFailedButton({ filter }: { filter: QueueFilter }) {
  const { t, i18n } = useTranslation();
  const scope = failedScope(filter);
  const count = useContractQuery('queue.countFailed', { filter: scope });
  const [opened, setOpened] = useState(false);
  const onError = useFailureNotice();
  const retry = useContractMutation('queue.retryFailed', {
    onSuccess: (r) => {
      setOpened(false);
      notifications.show({ color: 'blue', message: t('queue.retryFailed.done', { count: r.count, formatted: formatNumber(r.count, i18n.language) }) });
    },
    onError,
  });
  const n = count.data?.count ?? 0;
  const narrowed = Boolean(scope.priority?.length || scope.from || scope.to || scope.search);

  return (
    <>
      <Button
        color="red"
        variant="light"
        leftSection={<IconRefresh size={14} />}
        disabled={n === 0}
        onClick={() => {
          void count.refetch();
          setOpened(true);
        }}
      >
        {t('queue.retryFailed.button', { formatted: formatNumber(n, i18n.language) })}
      </Button>
      <ConfirmDialog
        opened={opened}
        title={t('queue.retryFailed.title')}
        confirmLabel={t('queue.retryFailed.confirm', { count: n, formatted: formatNumber(n, i18n.language) })}
        color="red"
        busy={retry.isPending || count.isFetching}
        onConfirm={() => retry.mutate({ filter: scope })}
        onClose={() => setOpened(false)}
      >
        <Stack gap="xs">
          <Text size="sm" fw={600}>{retryFailedQuestion(n, scope, t, i18n.language)}</Text>
          <Text size="sm">{t('queue.retryFailed.consequence')}</Text>
          {narrowed && <Text size="sm" c="dimmed">{t('queue.retryFailed.narrowed')}</Text>}
        </Stack>
      </ConfirmDialog>
    </>
  );
}
