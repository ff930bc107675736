// Fetch timesheets of a period from 1C: the period and the employees, how many that is, and what
// happens (requests in batches; a re-fetch replaces what was fetched for the period). The fetch runs
// as a job on the gateway; the dialog closes and the progress follows on screen.
import { Alert, Button, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useContractMutation, useContractQuery } from '../../client/index.ts';
import { errorMessage } from '../../components/errors.ts';
import { formatNumber, formatPeriod } from '../../components/format.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconAlert, IconDownload } from '../../components/Icons.tsx';
import { lastDayOf, periodProblem } from '../../components/month.ts';
import { initialScope, ScopePicker, ScopeTooLarge, useScopeFields, type PeriodJobDialogProps, type ScopeChoice } from '../../components/ScopePicker.tsx';

export type FetchDialogProps = PeriodJobDialogProps;

export function FetchDialog(props: FetchDialogProps) {
  if (!props.opened) return null;
  return <FetchDialogBody {...props} />;
}

function FetchDialogBody({ onClose, month, filter, facets, filteredTotal, onStarted }: FetchDialogProps) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatNumber(x, i18n.language);
  const [from, setFrom] = useState(`${month}-01`);
  const [to, setTo] = useState(lastDayOf(month));
  const [scope, setScope] = useState<ScopeChoice>(() => initialScope(filter));
  const [debFrom] = useDebouncedValue(from, 300);
  const [debTo] = useDebouncedValue(to, 300);
  const problem = periodProblem(debFrom, debTo);
  const resolved = useScopeFields(scope, filter, month, true);
  // How many employees of the first month the scope names (those employed then).
  const firstMonth = problem === null ? debFrom.slice(0, 7) : month;
  const ids = resolved.fields?.employeeIds;
  const count = useContractQuery('timesheets.grid', { month: firstMonth, ...(resolved.fields ?? {}), ...(ids ? { employeeIds: ids.slice(0, 1000) } : {}), limit: 1 }, { enabled: resolved.fields !== null && problem === null && (ids === undefined || ids.length <= 1000) });
  const fetch = useContractMutation('timesheets.fetch', { onSuccess: (job) => onStarted(job) });
  const settled = resolved.fields !== null && problem === null && debFrom === from && debTo === to;
  // More named employees than a grid query takes: the names are the count.
  const employees = !settled ? null : ids && ids.length > 1000 ? ids.length : count.isSuccess ? count.data.total : null;

  return (
    <Modal opened onClose={onClose} size={640} title={<Text fw={600}>{t('timesheets.fetch.title')}</Text>} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm">
        <Group gap="sm" align="flex-end">
          <TextInput type="date" label={t('schedules.upload.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={170} />
          <TextInput type="date" label={t('schedules.upload.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} w={170} />
        </Group>
        {problem && <Text size="sm" c="red.8" role="alert">{t(`schedules.upload.problem.${problem}`)}</Text>}
        <ScopePicker value={scope} onChange={setScope} facets={facets} filter={filter} filteredTotal={filteredTotal} />
        <Alert color="blue" variant="light" aria-live="polite" title={t('timesheets.fetch.previewTitle')}>
          {resolved.empty ? (
            <Text size="sm">{t('schedules.upload.noneMatch')}</Text>
          ) : resolved.error ? (
            <Text size="sm" c="red.8">{resolved.error instanceof ScopeTooLarge ? t('schedules.upload.tooMany', { n: n(resolved.error.total) }) : errorMessage(resolved.error, t('common.unknownError'))}</Text>
          ) : resolved.fields === null && !resolved.pending ? (
            <Text size="sm">{t('schedules.upload.pickScope')}</Text>
          ) : count.isError ? (
            <GatewayErrorText error={count.error} />
          ) : employees !== null ? (
            <Stack gap={4}>
              <Text fw={600} data-testid="fetch-question">
                {t('timesheets.fetch.question', { count: employees, n: n(employees), period: formatPeriod(debFrom, debTo, i18n.language) })}
              </Text>
              <Text size="sm">{t('timesheets.fetch.how')}</Text>
            </Stack>
          ) : problem === null ? (
            <Group gap="xs"><Loader size="xs" /><Text size="sm">{t('schedules.upload.counting')}</Text></Group>
          ) : null}
        </Alert>
        {fetch.isError && (
          <Alert color="red" variant="light" icon={<IconAlert size={16} />} title={t('timesheets.fetch.failed')} role="alert">
            <GatewayErrorText error={fetch.error} />
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={fetch.isPending}>{t('common.cancel')}</Button>
          <Button
            leftSection={<IconDownload size={14} />}
            disabled={!employees || !resolved.fields}
            loading={fetch.isPending}
            onClick={() => resolved.fields && fetch.mutate({ from: debFrom, to: debTo, ...resolved.fields })}
          >
            {t('timesheets.fetch.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
