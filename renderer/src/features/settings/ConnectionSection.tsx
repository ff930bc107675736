// The 1C:ZUP connection: endpoint and timeouts (config.get/config.set, the server's validation
// shown by the field), the credentials (write-only: status shown, password never pre-filled and
// cleared on submit) and a connection test with its result in colour, icon and word.
import { Alert, Button, Group, Loader, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigValue, CredentialStatusView, OnecTestResult } from '../../../../core/contract/index.ts';
import { useContractMutation, useContractQuery } from '../../client/index.ts';
import { errorMessage } from '../../components/errors.ts';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconCheck, IconPlug, IconX } from '../../components/Icons.tsx';
import { TimeWithZone } from '../../components/TimeWithZone.tsx';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';

export const endpointKeys = ['onec.url', 'onec.connectTimeoutMs', 'onec.headersTimeoutMs', 'onec.bodyTimeoutMs'] as const;
type EndpointKey = (typeof endpointKeys)[number];
type EndpointDraft = Record<EndpointKey, string>;

const labelKey: Record<EndpointKey, string> = {
  'onec.url': 'url',
  'onec.connectTimeoutMs': 'connectTimeoutMs',
  'onec.headersTimeoutMs': 'headersTimeoutMs',
  'onec.bodyTimeoutMs': 'bodyTimeoutMs',
};

export function ConnectionSection() {
  const { t } = useTranslation();
  const config = useContractQuery('config.get', { keys: [...endpointKeys] });
  const creds = useContractQuery('credentials.status', {});
  const app = useContractQuery('app.info', {});
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-labelledby="connection-title">
      <Stack gap="md">
        <div>
          <Title order={3} size="h5" id="connection-title">{t('settings.connection.title')}</Title>
          <Text size="sm" c="dimmed" maw={820}>{t('settings.connection.description')}</Text>
        </div>
        {app.data?.demo && (
          <Alert color="blue" variant="light" py="xs">
            <Text size="sm">{t('settings.connection.demo')}</Text>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          {config.isPending ? (
            <LoadingState />
          ) : config.isError ? (
            <ErrorView error={config.error} onRetry={() => void config.refetch()} />
          ) : (
            <EndpointForm key={JSON.stringify(config.data.values)} values={config.data.values} />
          )}
          {creds.isPending ? (
            <LoadingState />
          ) : creds.isError ? (
            <ErrorView error={creds.error} onRetry={() => void creds.refetch()} />
          ) : (
            <CredentialsForm status={creds.data} />
          )}
        </SimpleGrid>
        <ConnectionTest />
      </Stack>
    </Paper>
  );
}

function draftOf(values: Record<string, ConfigValue>): EndpointDraft {
  const d = {} as EndpointDraft;
  for (const k of endpointKeys) d[k] = values[k] === null || values[k] === undefined ? '' : String(values[k]);
  return d;
}

/** Timeouts go as numbers; anything else as typed, for the server to judge and explain. */
function wireValue(key: EndpointKey, text: string): ConfigValue {
  const v = text.trim();
  return key !== 'onec.url' && /^\d+$/.test(v) ? Number(v) : v;
}

export function EndpointForm({ values }: { values: Record<string, ConfigValue> }) {
  const { t } = useTranslation();
  const saved = draftOf(values);
  const [draft, setDraft] = useState<EndpointDraft>(saved);
  const [errors, setErrors] = useState<Partial<Record<EndpointKey, string>>>({});
  const set = useContractMutation('config.set');
  const changed = endpointKeys.filter((k) => draft[k].trim() !== saved[k]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<EndpointKey, string>> = {};
    for (const k of changed) {
      if (k !== 'onec.url' && !/^\d+$/.test(draft[k].trim())) {
        found[k] = t('settings.connection.endpoint.notNumber');
        continue;
      }
      try {
        await set.mutateAsync({ key: k, value: wireValue(k, draft[k]) });
      } catch (err) {
        found[k] = errorMessage(err, t('common.unknownError'));
      }
    }
    setErrors(found);
    if (Object.keys(found).length === 0 && changed.length > 0) notifications.show({ color: 'green', message: t('settings.connection.endpoint.saved') });
  };

  const field = (k: EndpointKey) => ({
    label: t(`settings.connection.endpoint.${labelKey[k]}`),
    value: draft[k],
    onChange: (ev: { currentTarget: { value: string } }) => {
      const v = ev.currentTarget.value;
      setDraft((d) => ({ ...d, [k]: v }));
    },
    error: errors[k],
  });

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('settings.connection.endpoint.title')} noValidate>
      <Stack gap="sm">
        <Text size="sm" fw={600}>{t('settings.connection.endpoint.title')}</Text>
        <TextInput {...field('onec.url')} description={t('settings.connection.endpoint.urlHint')} placeholder="http://zup-srv/zup/hs/wfm" spellCheck={false} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {(['onec.connectTimeoutMs', 'onec.headersTimeoutMs', 'onec.bodyTimeoutMs'] as const).map((k) => (
            <TextInput key={k} {...field(k)} inputMode="numeric" styles={{ input: { fontVariantNumeric: 'tabular-nums' } }} />
          ))}
        </SimpleGrid>
        <Group>
          <Button type="submit" variant="default" disabled={changed.length === 0} loading={set.isPending}>{t('settings.connection.endpoint.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CredentialsForm({ status }: { status: CredentialStatusView }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(status.username ?? '');
  const [password, setPassword] = useState('');
  const save = useContractMutation('credentials.set', {
    onSuccess: () => notifications.show({ color: 'green', message: t('settings.connection.credentials.saved') }),
  });
  const canSubmit = username.trim() !== '' && password !== '';

  return (
    <form
      autoComplete="off"
      aria-label={t('settings.connection.credentials.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!canSubmit) return;
        save.mutate({ system: 'onec', username: username.trim(), password });
        // Never kept in the page longer than it takes to send it.
        setPassword('');
      }}
    >
      <Stack gap="sm">
        <Text size="sm" fw={600}>{t('settings.connection.credentials.title')}</Text>
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

export function ConnectionTest() {
  const { t } = useTranslation();
  const test = useContractMutation('onec.testConnection');
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

export function TestResult({ result }: { result: OnecTestResult }) {
  const { t } = useTranslation();
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
          </Group>
          <Text size="sm">{result.message}</Text>
        </Stack>
      </Group>
    </Alert>
  );
}
