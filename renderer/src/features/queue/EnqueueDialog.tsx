// A form to enqueue each operation type: the type's fields (JSON editors for the arrays),
// priority and an optional idempotency key. The engine validates (queue.validate) and its
// verdict is shown under each field before anything is stored.
import { Alert, Button, Group, JsonInput, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationTypeName, QueueOperation } from '../../../../core/contract/index.ts';
import { useConsoleClient, useContractMutation } from '../../client/index.ts';
import { errorMessage } from '../../components/errors.ts';
import { civilToday, monthOf } from '../../components/format.ts';
import { usePrefs } from '../../app/prefs.ts';
import { buildData, enqueueFields, initialValues, issueKey, placeIssues, type FieldSpec, type FieldValues, type PlacedIssues } from './enqueueFields.ts';
import { operationTypes } from './QueueFilters.tsx';

export interface EnqueueDialogProps {
  opened: boolean;
  onClose(): void;
  onEnqueued(op: QueueOperation, created: boolean): void;
}

const noIssues: PlacedIssues = { byField: {}, general: [] };

export function EnqueueDialog({ opened, onClose, onEnqueued }: EnqueueDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{t('queue.enqueue.title')}</Text>} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {opened && <EnqueueForm onCancel={onClose} onEnqueued={onEnqueued} />}
    </Modal>
  );
}

export function EnqueueForm({ onCancel, onEnqueued }: { onCancel(): void; onEnqueued: EnqueueDialogProps['onEnqueued'] }) {
  const { t } = useTranslation();
  const client = useConsoleClient();
  const zone = usePrefs((s) => s.zone);
  const [month] = useState(() => monthOf(civilToday(zone)));
  const [type, setType] = useState<OperationTypeName>('personnel_sync');
  const [values, setValues] = useState<FieldValues>(() => initialValues('personnel_sync', month));
  const [priority, setPriority] = useState('3');
  const [idempotencyKey, setIdempotencyKey] = useState('');
  const [issues, setIssues] = useState<PlacedIssues>(noIssues);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const enqueue = useContractMutation('queue.enqueue', {
    onSuccess: (r) => onEnqueued(r.operation, r.created),
    onError: (e) => setFailure(e),
  });

  const localize = (message: string) => {
    const k = issueKey(message);
    return k ? t(`queue.enqueue.issue.${k.key}`, k.values ?? {}) : message;
  };

  function changeType(next: OperationTypeName) {
    setType(next);
    setValues(initialValues(next, month));
    setIssues(noIssues);
    setFailure(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const built = buildData(type, values);
    const local = Object.entries(built.problems);
    if (local.length > 0) {
      setIssues({ byField: Object.fromEntries(local.map(([f, p]) => [f, [t(`queue.enqueue.local.${p}`)]])), general: [] });
      return;
    }
    setChecking(true);
    try {
      const verdict = await client.call('queue.validate', { type, data: built.data });
      if (!verdict.valid) {
        setIssues(placeIssues(type, verdict.issues, localize));
        return;
      }
    } catch (err) {
      setFailure(err);
      return;
    } finally {
      setChecking(false);
    }
    setIssues(noIssues);
    const key = idempotencyKey.trim();
    enqueue.mutate({ type, data: built.data, priority: Number(priority), ...(key ? { idempotencyKey: key } : {}) });
  }

  const hasIssues = issues.general.length > 0 || Object.keys(issues.byField).length > 0;

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('queue.enqueue.title')} noValidate>
      <Stack gap="sm">
        <NativeSelect
          label={t('queue.enqueue.type')}
          value={type}
          onChange={(e) => changeType(e.currentTarget.value as OperationTypeName)}
          data={operationTypes.map((ty) => ({ value: ty, label: `${t(`queue.type.${ty}`)} (${ty})` }))}
          description={t(`queue.typeHint.${type}`)}
        />
        {enqueueFields[type].map((f) => (
          <Field
            key={`${type}-${f.name}`}
            spec={f}
            value={values[f.name] ?? ''}
            onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
            error={issues.byField[f.name]?.join('; ')}
          />
        ))}
        <Group grow align="flex-start">
          <NativeSelect
            label={t('queue.enqueue.priority')}
            value={priority}
            onChange={(e) => setPriority(e.currentTarget.value)}
            data={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t('queue.priority.option', { n }) }))}
          />
          <TextInput
            label={t('queue.enqueue.idempotencyKey')}
            description={t('queue.enqueue.idempotencyKeyHint')}
            value={idempotencyKey}
            onChange={(e) => setIdempotencyKey(e.currentTarget.value)}
            maxLength={200}
          />
        </Group>
        {hasIssues && issues.general.length === 0 && (
          <Text size="sm" c="red" role="alert">{t('queue.enqueue.fixFields')}</Text>
        )}
        {issues.general.length > 0 && (
          <Alert color="red" variant="light" role="alert" title={t('queue.enqueue.fixFields')}>
            {issues.general.map((g) => <Text key={g} size="sm">{g}</Text>)}
          </Alert>
        )}
        {failure !== null && (
          <Alert color="red" variant="light" role="alert" title={t('queue.enqueue.failed')}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{errorMessage(failure, t('common.unknownError'))}</Text>
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="submit" loading={checking || enqueue.isPending}>{t('queue.enqueue.submit')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function Field({ spec, value, onChange, error }: { spec: FieldSpec; value: string; onChange(v: string): void; error: string | undefined }) {
  const { t } = useTranslation();
  const label = t(`queue.field.${spec.name}`);
  const hint = t(`queue.fieldHint.${spec.kind}`);
  let input: ReactNode;
  switch (spec.kind) {
    case 'date':
      input = <TextInput type="date" label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
      break;
    case 'number':
      input = <TextInput inputMode="numeric" label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
      break;
    case 'select':
      input = (
        <NativeSelect
          label={label}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          data={(spec.options ?? []).map((o) => ({ value: o, label: t(`queue.option.${o}`) }))}
          error={error}
        />
      );
      break;
    case 'json':
      input = (
        <JsonInput
          label={label}
          description={hint}
          value={value}
          onChange={onChange}
          error={error}
          autosize
          minRows={3}
          maxRows={12}
          formatOnBlur
          validationError={t('queue.enqueue.local.invalidJson')}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        />
      );
      break;
    case 'agents':
      input = <Textarea label={label} description={hint} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} autosize minRows={1} maxRows={4} />;
      break;
    case 'instant':
      input = <TextInput label={label} description={hint} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />;
      break;
    default:
      input = <TextInput label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
  }
  return input;
}
