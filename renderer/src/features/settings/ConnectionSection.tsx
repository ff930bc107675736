// A connection to an external system (1C:ZUP, MCE/Oktell): endpoint and numeric settings
// (config.get/config.set, the server's validation shown by the field), the credentials
// (write-only: status shown, password never pre-filled and cleared on submit) and a connection
// test with its result in colour, icon and word. One section, described by a ConnectionSpec;
// wording the systems share lives under settings.connection.
import { Alert, Button, Group, Loader, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigValue, CredentialStatusView, MceTestResult, OnecTestResult } from '../../../../core/contract/index.ts';
import { useContractMutation, useContractQuery } from '../../client/index.ts';
import { errorMessage } from '../../components/errors.ts';
import { formatNumber } from '../../components/format.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconCheck, IconPlug, IconX } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';

/** What differs between the systems' sections. */
export interface ConnectionSpec {
  system: 'onec' | 'mce';
  /** Where the section's own wording lives (title, fields, confirmations). */
  text: 'settings.connection' | 'settings.mce';
  urlKey: string;
  /** Settings entered as whole numbers (milliseconds); labelled by their last segment. */
  numberKeys: readonly string[];
  urlPlaceholder: string;
  test: 'onec.testConnection' | 'mce.testConnection';
}

export const onecConnection: ConnectionSpec = {
  system: 'onec',
  text: 'settings.connection',
  urlKey: 'onec.url',
  numberKeys: ['onec.connectTimeoutMs', 'onec.headersTimeoutMs', 'onec.bodyTimeoutMs'],
  urlPlaceholder: 'http://zup-srv/zup/hs/wfm',
  test: 'onec.testConnection',
};

export const mceConnection: ConnectionSpec = {
  system: 'mce',
  text: 'settings.mce',
  urlKey: 'mce.url',
  numberKeys: ['mce.pollIntervalMs', 'mce.heartbeatTimeoutMs'],
  urlPlaceholder: 'http://mce-srv:8090',
  test: 'mce.testConnection',
};

type Draft = Record<string, string>;

const keysOf = (spec: ConnectionSpec) => [spec.urlKey, ...spec.numberKeys];
const labelOf = (spec: ConnectionSpec, key: string) => `${spec.text}.endpoint.${key === spec.urlKey ? 'url' : key.slice(key.lastIndexOf('.') + 1)}`;

export function ConnectionSection({ spec = onecConnection }: { spec?: ConnectionSpec }) {
  const { t } = useTranslation();
  const config = useContractQuery('config.get', { keys: keysOf(spec) });
  const creds = useContractQuery('credentials.status', { system: spec.system });
  const app = useContractQuery('app.info', {});
  const titleId = `${spec.system}-connection-title`;
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-labelledby={titleId}>
      <Stack gap="md">
        <div>
          <Title order={3} size="h5" id={titleId}>{t(`${spec.text}.title`)}</Title>
          <Text size="sm" c="dimmed" maw={820}>{t(`${spec.text}.description`)}</Text>
        </div>
        {app.data?.demo && (
          <Alert color="blue" variant="light" py="xs">
            <Text size="sm">{t(`${spec.text}.demo`)}</Text>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          {config.isPending ? (
            <LoadingState />
          ) : config.isError ? (
            <ErrorView error={config.error} onRetry={() => void config.refetch()} />
          ) : (
            <EndpointForm key={JSON.stringify(config.data.values)} spec={spec} values={config.data.values} />
          )}
          {creds.isPending ? (
            <LoadingState />
          ) : creds.isError ? (
            <ErrorView error={creds.error} onRetry={() => void creds.refetch()} />
          ) : (
            <CredentialsForm spec={spec} status={creds.data} />
          )}
        </SimpleGrid>
        <ConnectionTest spec={spec} />
      </Stack>
    </Paper>
  );
}

function draftOf(spec: ConnectionSpec, values: Record<string, ConfigValue>): Draft {
  const d: Draft = {};
  for (const k of keysOf(spec)) d[k] = values[k] === null || values[k] === undefined ? '' : String(values[k]);
  return d;
}

const isWholeNumber = (text: string) => /^\d+$/.test(text.trim());

/** Numeric settings go as numbers; anything else as typed, for the server to judge and explain. */
function wireValue(spec: ConnectionSpec, key: string, text: string): ConfigValue {
  const v = text.trim();
  return spec.numberKeys.includes(key) && isWholeNumber(v) ? Number(v) : v;
}

export function EndpointForm({ spec, values }: { spec: ConnectionSpec; values: Record<string, ConfigValue> }) {
  const { t } = useTranslation();
  const saved = draftOf(spec, values);
  const [draft, setDraft] = useState<Draft>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = useContractMutation('config.set');
  const changed = keysOf(spec).filter((k) => draft[k]!.trim() !== saved[k]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    for (const k of changed) {
      if (spec.numberKeys.includes(k) && !isWholeNumber(draft[k]!)) {
        found[k] = t('settings.connection.endpoint.notNumber');
        continue;
      }
      try {
        await set.mutateAsync({ key: k, value: wireValue(spec, k, draft[k]!) });
      } catch (err) {
        found[k] = errorMessage(err, t('common.unknownError'));
      }
    }
    setErrors(found);
    if (Object.keys(found).length === 0 && changed.length > 0) notifications.show({ color: 'green', message: t(`${spec.text}.endpoint.saved`) });
  };

  const field = (k: string) => ({
    label: t(labelOf(spec, k)),
    value: draft[k],
    onChange: (ev: { currentTarget: { value: string } }) => {
      const v = ev.currentTarget.value;
      setDraft((d) => ({ ...d, [k]: v }));
    },
    error: errors[k],
  });

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t(`${spec.text}.endpoint.title`)} noValidate>
      <Stack gap="sm">
        <Text size="sm" fw={600}>{t(`${spec.text}.endpoint.title`)}</Text>
        <TextInput {...field(spec.urlKey)} description={t(`${spec.text}.endpoint.urlHint`)} placeholder={spec.urlPlaceholder} spellCheck={false} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
        <SimpleGrid cols={{ base: 1, sm: spec.numberKeys.length }} spacing="sm">
          {spec.numberKeys.map((k) => (
            <TextInput key={k} {...field(k)} inputMode="numeric" styles={{ input: { fontVariantNumeric: 'tabular-nums' } }} />
          ))}
        </SimpleGrid>
        <Group>
          <Button type="submit" variant="default" disabled={changed.length === 0} loading={set.isPending}>{t(`${spec.text}.endpoint.save`)}</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CredentialsForm({ spec, status }: { spec: ConnectionSpec; status: CredentialStatusView }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(status.username ?? '');
  const [password, setPassword] = useState('');
  const save = useContractMutation('credentials.set', {
    onSuccess: () => notifications.show({ color: 'green', message: t(`${spec.text}.credentials.saved`) }),
  });
  const canSubmit = username.trim() !== '' && password !== '';

  return (
    <form
      autoComplete="off"
      aria-label={t(`${spec.text}.credentials.title`)}
      onSubmit={(e) => {
        e.preventDefault();
        if (!canSubmit) return;
        save.mutate({ system: spec.system, username: username.trim(), password });
        // Never kept in the page longer than it takes to send it.
        setPassword('');
      }}
    >
      <Stack gap="sm">
        <Text size="sm" fw={600}>{t(`${spec.text}.credentials.title`)}</Text>
        <CredentialStatusLine status={status} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('settings.connection.credentials.username')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="off" spellCheck={false} maxLength={200} />
          <PasswordInput
            size="xs"
            label={t('settings.connection.credentials.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="new-password"
            maxLength={1000}
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed">{t('settings.connection.credentials.passwordHint')}</Text>
        {save.isError && (
          <Alert color="red" variant="light" role="alert">
            <GatewayErrorText error={save.error} />
          </Alert>
        )}
        <Group>
          <Button type="submit" variant="default" disabled={!canSubmit} loading={save.isPending}>
            {status.configured ? t('settings.connection.credentials.rotate') : t('settings.connection.credentials.set')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CredentialStatusLine({ status }: { status: CredentialStatusView }) {
  const { t } = useTranslation();
  if (!status.configured) return <Text size="sm" data-testid="credential-status">{t('settings.connection.credentials.notSet')}</Text>;
  return (
    <Text size="sm" data-testid="credential-status">
      {t('settings.connection.credentials.configured', { username: status.username ?? '' })}{' '}
      <TimeWithZone value={status.rotatedAt} relative="beside" past />
      {'. '}
      {status.boundTo ? t('settings.connection.credentials.sentTo', { host: status.boundTo }) : t('settings.connection.credentials.unbound')}
    </Text>
  );
}

export function ConnectionTest({ spec }: { spec: ConnectionSpec }) {
  const { t } = useTranslation();
  const test = useContractMutation<ConnectionSpec['test']>(spec.test);
  return (
    <Stack gap="xs">
      <Group gap="sm" align="center">
        <Button leftSection={test.isPending ? <Loader size={14} /> : <IconPlug size={16} />} onClick={() => test.mutate({})} disabled={test.isPending}>
          {test.isPending ? t('settings.connection.test.running') : t('settings.connection.test.run')}
        </Button>
      </Group>
      <div role="status" aria-live="polite">
        {test.isError && (
          <Alert color="red" variant="light">
            <GatewayErrorText error={test.error} />
          </Alert>
        )}
        {test.data && !test.isPending && <TestResult result={test.data} />}
      </div>
    </Stack>
  );
}

export function TestResult({ result }: { result: OnecTestResult | MceTestResult }) {
  const { t, i18n } = useTranslation();
  const color = result.ok ? 'green' : 'red';
  return (
    <Alert color={color} variant="light" py="xs" data-testid="test-result">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Text c={`${color}.8`} span style={{ display: 'inline-flex', paddingTop: 3 }}>{result.ok ? <IconCheck size={16} /> : <IconX size={16} />}</Text>
        <Stack gap={2}>
          <Group gap="xs">
            <Text size="sm" fw={600} c={`${color}.8`}>{result.ok ? t('settings.connection.test.ok') : t('settings.connection.test.failed')}</Text>
            {result.latencyMs !== null && <Text size="sm" c="dimmed" className="tnum">{t('settings.connection.test.latency', { ms: Math.round(result.latencyMs) })}</Text>}
            {result.status !== null && <Text size="sm" c="dimmed" className="tnum">{t('settings.connection.test.status', { status: result.status })}</Text>}
            {'agents' in result && result.agents !== null && (
              <Text size="sm" c="dimmed" className="tnum">{t('settings.mce.test.agents', { count: result.agents, formatted: formatNumber(result.agents, i18n.language) })}</Text>
            )}
          </Group>
          <Text size="sm">{result.message}</Text>
        </Stack>
      </Group>
    </Alert>
  );
}
