// Upload a period to 1C: the period and the employees, then the gateway's preview in a
// confirmation that states exactly how many employees and months go to 1C and how many are
// skipped and why ("Send the schedules of 1 240 employees for 2 months to 1C? 36 months are skipped: 30 closed…").
// The upload runs as a job on the gateway: the dialog closes and the progress follows on screen.
import { Alert, Button, Group, List, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadPreview } from '../../../../core/contract/index.ts';
import { useContractMutation, useContractQuery } from '../../client/index.ts';
import { errorMessage } from '../../components/errors.ts';
import { formatNumber, formatPeriod } from '../../components/format.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconAlert, IconSend } from '../../components/Icons.tsx';
import { lastDayOf, monthLabel, monthsBetween, periodProblem } from '../../components/month.ts';
import { initialScope, ScopePicker, ScopeTooLarge, useScopeFields, type PeriodJobDialogProps, type ScopeChoice } from '../../components/ScopePicker.tsx';

/** Months of the period 1C still takes (the current one and later). */
export function openMonths(p: Pick<UploadPreview, 'from' | 'to' | 'currentMonth'>): number {
  const first = p.from.slice(0, 7) < p.currentMonth ? p.currentMonth : p.from.slice(0, 7);
  return first > p.to.slice(0, 7) ? 0 : monthsBetween(first, p.to.slice(0, 7)).length;
}

/** The confirmation's words, from the preview: the question, the load, and every skip with its reason. */
export function PreviewText({ p }: { p: UploadPreview }) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatNumber(x, i18n.language);
  const skipped = p.skipped.reduce((a, s) => a + s.months, 0);
  const months = openMonths(p);
  return (
    <Stack gap={6} data-testid="upload-preview">
      {p.employees > 0 ? (
        <Text fw={600} size="md" data-testid="upload-question">
          {t('schedules.upload.question', { employees: n(p.employees), count: p.employees, months: t('schedules.upload.monthsCount', { count: months, n: n(months) }) })}
        </Text>
      ) : (
        <Text fw={600} size="md" data-testid="upload-question">{t('schedules.upload.nothing')}</Text>
      )}
      {p.employees > 0 && (
        <Text size="sm" className="tnum">
          {t('schedules.upload.load', { employeeMonths: n(p.months), shifts: n(p.shifts), count: p.shifts, inScope: n(p.employeesInScope) })}
        </Text>
      )}
      {skipped > 0 && (
        <div>
          <Text size="sm" fw={500} data-testid="upload-skipped">
            {t('schedules.upload.skipped', { count: skipped, n: n(skipped) })}
          </Text>
          <List size="sm" spacing={2} className="tnum">
            {p.skipped.map((s) => (
              <List.Item key={s.reason} title={s.note} data-reason={s.reason}>
                {t(`schedules.upload.skip.${s.reason}`, { months: n(s.months), count: s.months, employees: n(s.employees), current: monthLabel(p.currentMonth, i18n.language) })}
              </List.Item>
            ))}
          </List>
        </div>
      )}
    </Stack>
  );
}

export type UploadDialogProps = PeriodJobDialogProps;

export function UploadDialog(props: UploadDialogProps) {
  // Mounted fresh each time it opens: the period and scope start from the screen.
  if (!props.opened) return null;
  return <UploadDialogBody {...props} />;
}

function UploadDialogBody({ onClose, month, filter, facets, filteredTotal, onStarted }: UploadDialogProps) {
  const { t, i18n } = useTranslation();
  const [from, setFrom] = useState(`${month}-01`);
  const [to, setTo] = useState(lastDayOf(month));
  const [scope, setScope] = useState<ScopeChoice>(() => initialScope(filter));
  const [debFrom] = useDebouncedValue(from, 300);
  const [debTo] = useDebouncedValue(to, 300);
  const period = { from: debFrom, to: debTo };
  const problem = periodProblem(period.from, period.to);
  const resolved = useScopeFields(scope, filter, month, true);
  const input = resolved.fields ? { from: period.from, to: period.to, ...resolved.fields } : null;
  const preview = useContractQuery('schedules.uploadPreview', input ?? { from: `${month}-01`, to: lastDayOf(month) }, { enabled: input !== null && problem === null, staleTime: 0 });
  const upload = useContractMutation('schedules.upload', { onSuccess: (job) => onStarted(job) });
  const settled = input !== null && problem === null && preview.isSuccess && !preview.isFetching && period.from === from && period.to === to;
  const p = settled ? preview.data : null;

  return (
    <Modal opened onClose={onClose} size={640} title={<Text fw={600}>{t('schedules.upload.title')}</Text>} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm">
        <Group gap="sm" align="flex-end">
          <TextInput type="date" label={t('schedules.upload.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={170} />
          <TextInput type="date" label={t('schedules.upload.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} w={170} />
          <Text size="xs" c="dimmed" mb={8}>{problem === null ? formatPeriod(period.from, period.to, i18n.language) : ''}</Text>
        </Group>
        {problem && <Text size="sm" c="red.8" role="alert">{t(`schedules.upload.problem.${problem}`)}</Text>}
        <ScopePicker value={scope} onChange={setScope} facets={facets} filter={filter} filteredTotal={filteredTotal} />
        <Alert color={p && p.employees > 0 ? 'blue' : 'gray'} variant="light" aria-live="polite" title={t('schedules.upload.previewTitle')}>
          {resolved.empty ? (
            <Text size="sm">{t('schedules.upload.noneMatch')}</Text>
          ) : resolved.error ? (
            <Text size="sm" c="red.8">{resolved.error instanceof ScopeTooLarge ? t('schedules.upload.tooMany', { n: formatNumber(resolved.error.total, i18n.language) }) : errorMessage(resolved.error, t('common.unknownError'))}</Text>
          ) : input === null && !resolved.pending ? (
            <Text size="sm">{t('schedules.upload.pickScope')}</Text>
          ) : preview.isError && !preview.isFetching ? (
            <GatewayErrorText error={preview.error} />
          ) : p ? (
            <PreviewText p={p} />
          ) : problem === null ? (
            <Group gap="xs"><Loader size="xs" /><Text size="sm">{t('schedules.upload.counting')}</Text></Group>
          ) : null}
        </Alert>
        {upload.isError && (
          <Alert color="red" variant="light" icon={<IconAlert size={16} />} title={t('schedules.upload.failed')} role="alert">
            <GatewayErrorText error={upload.error} />
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={upload.isPending}>{t('common.cancel')}</Button>
          <Button
            leftSection={<IconSend size={14} />}
            disabled={!p || p.employees === 0 || !input}
            loading={upload.isPending}
            onClick={() => input && upload.mutate(input)}
          >
            {p && p.employees > 0 ? t('schedules.upload.confirm', { count: p.employees, n: formatNumber(p.employees, i18n.language) }) : t('schedules.upload.confirmNone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
