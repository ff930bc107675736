// Settings, Desktop (only in the desktop app): which OS notifications, start at login, and
// the gateway the app works with — its own engine, or a headless gateway it is attached to
// (address, token, an optional certificate fingerprint to pin; tested before attaching).
// Talks to the desktop's main process (client.desktop), never to the gateway: it works
// while an attached gateway is unreachable or refuses the token.
import { Alert, Badge, Button, Code, Group, Paper, PasswordInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_KINDS, type DesktopLink, type DesktopSettings, type GatewayTest, type NotificationKind } from '../../../../core/contract/index.ts';
import { isContractCallError, useConsoleClient, type DesktopClient } from '../../client/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { GatewayErrorText } from '../../components/GatewayErrorText.tsx';
import { IconCheck, IconLock, IconX } from '../../components/Icons.tsx';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';

export const DESKTOP_SETTINGS_KEY = ['desktop.settings'] as const;
export const DESKTOP_LINK_KEY = ['desktop.link'] as const;

/** The desktop's main process, or null in a browser. */
export function useDesktop(): DesktopClient | null {
  return useConsoleClient().desktop ?? null;
}

/** The link to the attached gateway, kept current by its event. */
export function useDesktopLink(desktop: DesktopClient) {
  const qc = useQueryClient();
  useEffect(() => desktop.subscribe('desktop.link', (l) => qc.setQueryData(DESKTOP_LINK_KEY, l)), [desktop, qc]);
  return useQuery({ queryKey: DESKTOP_LINK_KEY, queryFn: () => desktop.call('desktop.link', {}) });
}

export function DesktopSection() {
  const desktop = useDesktop();
  if (!desktop) return null;
  return <DesktopSettingsPanel desktop={desktop} />;
}

function DesktopSettingsPanel({ desktop }: { desktop: DesktopClient }) {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: DESKTOP_SETTINGS_KEY, queryFn: () => desktop.call('desktop.settings', {}) });
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-labelledby="desktop-title">
      <Stack gap="md">
        <div>
          <Title order={3} size="h5" id="desktop-title">{t('desktop.title')}</Title>
          <Text size="sm" c="dimmed" maw={820}>{t('desktop.description')}</Text>
        </div>
        {settings.isPending ? (
          <LoadingState />
        ) : settings.isError ? (
          <ErrorView error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <>
            <NotificationSwitches desktop={desktop} settings={settings.data} />
            <StartAtLogin desktop={desktop} settings={settings.data} />
            <GatewayChoice desktop={desktop} settings={settings.data} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

function useSettingsWriter() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return async (write: () => Promise<DesktopSettings>) => {
    try {
      qc.setQueryData(DESKTOP_SETTINGS_KEY, await write());
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.actionFailed'), message: <GatewayErrorText error={e} />, autoClose: 12_000 });
    }
  };
}

function NotificationSwitches({ desktop, settings }: { desktop: DesktopClient; settings: DesktopSettings }) {
  const { t } = useTranslation();
  const write = useSettingsWriter();
  return (
    <Stack gap="xs" role="group" aria-labelledby="desktop-notifications-title">
      <div>
        <Text size="sm" fw={600} id="desktop-notifications-title">{t('desktop.notifications.title')}</Text>
        <Text size="xs" c="dimmed">{t('desktop.notifications.hint')}</Text>
      </div>
      {NOTIFICATION_KINDS.map((kind: NotificationKind) => (
        <Switch
          key={kind}
          checked={settings.notifications[kind]}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            void write(() => desktop.call('desktop.setNotifications', { [kind]: on }));
          }}
          label={t(`desktop.notifications.${kind}.label`)}
          description={t(`desktop.notifications.${kind}.hint`)}
        />
      ))}
    </Stack>
  );
}

function StartAtLogin({ desktop, settings }: { desktop: DesktopClient; settings: DesktopSettings }) {
  const { t } = useTranslation();
  const write = useSettingsWriter();
  return (
    <Switch
      checked={settings.startAtLogin}
      disabled={!settings.startAtLoginSupported}
      onChange={(e) => {
        const enabled = e.currentTarget.checked;
        void write(() => desktop.call('desktop.setStartAtLogin', { enabled }));
      }}
      label={t('desktop.startAtLogin.label')}
      description={settings.startAtLoginSupported ? t('desktop.startAtLogin.hint') : t('desktop.startAtLogin.unsupported')}
    />
  );
}

const linkTone: Record<DesktopLink['state'], string> = { local: 'gray', connecting: 'blue', open: 'green', reconnecting: 'orange', refused: 'red' };

function GatewayChoice({ desktop, settings }: { desktop: DesktopClient; settings: DesktopSettings }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [restarting, setRestarting] = useState(false);
  const [confirmDetach, setConfirmDetach] = useState(false);
  const [detachError, setDetachError] = useState<unknown>(null);
  const link = useDesktopLink(desktop);
  const a = settings.attach;

  if (restarting) {
    return (
      <Alert color="blue" variant="light" role="status">
        {t('desktop.attach.restarting')}
      </Alert>
    );
  }
  return (
    <Stack gap="sm" role="group" aria-labelledby="desktop-gateway-title">
      <Text size="sm" fw={600} id="desktop-gateway-title">{t('desktop.attach.title')}</Text>
      {a ? (
        <Stack gap={6}>
          <Group gap="xs">
            <Text size="sm" data-testid="attached-to">{t('desktop.attach.attached', { url: a.url })}</Text>
            {link.data && (
              <Badge color={linkTone[link.data.state]} variant="light" data-testid="link-state">
                {t(`desktop.attach.link.${link.data.state}`)}
              </Badge>
            )}
          </Group>
          {link.data?.reason && link.data.state !== 'open' && (
            <Text size="xs" c="dimmed" data-testid="link-reason">{link.data.reason}</Text>
          )}
          <Text size="xs" c="dimmed">
            {a.url.startsWith('https:') ? (a.fingerprint ? `${t('desktop.attach.pinned')}: ${a.fingerprint}` : t('desktop.attach.notPinned')) : t('desktop.attach.plain')}
            {'. '}
            {a.tokenProtection === 'keychain' ? t('desktop.attach.tokenKeychain') : t('desktop.attach.tokenFile')}
          </Text>
          {!editing && (
            <Group gap="xs">
              <Button variant="default" size="xs" onClick={() => setEditing(true)}>{t('desktop.attach.change')}</Button>
              <Button variant="subtle" color="red" size="xs" onClick={() => setConfirmDetach(true)}>{t('desktop.attach.detach')}</Button>
            </Group>
          )}
          {detachError !== null && (
            <Alert color="red" variant="light" role="alert">
              <GatewayErrorText error={detachError} />
            </Alert>
          )}
        </Stack>
      ) : (
        <Stack gap={4}>
          <Text size="sm">{t('desktop.attach.local')}</Text>
          <Text size="xs" c="dimmed" maw={820}>{t('desktop.attach.localHint')}</Text>
        </Stack>
      )}
      {(!a || editing) && <AttachForm desktop={desktop} current={a} onCancel={a ? () => setEditing(false) : undefined} onRestarting={() => setRestarting(true)} />}
      <ConfirmDialog
        opened={confirmDetach}
        title={t('desktop.attach.confirmDetachTitle')}
        confirmLabel={t('desktop.attach.confirmDetachButton')}
        color="red"
        onClose={() => setConfirmDetach(false)}
        onConfirm={() => {
          setConfirmDetach(false);
          desktop.call('desktop.detach', {}).then(
            (r) => r.restarting && setRestarting(true),
            (e: unknown) => setDetachError(e),
          );
        }}
      >
        <Text size="sm">{t('desktop.attach.confirmDetach')}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

type Field = 'url' | 'token' | 'fingerprint';
const FIELD_OF: Record<string, Field> = { attach_url_invalid: 'url', attach_token_invalid: 'token', attach_fingerprint_invalid: 'fingerprint' };

function AttachForm({ desktop, current, onCancel, onRestarting }: { desktop: DesktopClient; current: DesktopSettings['attach']; onCancel?: () => void; onRestarting(): void }) {
  const { t, i18n } = useTranslation();
  const [url, setUrl] = useState(current?.url ?? '');
  const [token, setToken] = useState('');
  const [fingerprint, setFingerprint] = useState(current?.fingerprint ?? '');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<GatewayTest | null>(null);
  const [busy, setBusy] = useState<'test' | 'attach' | null>(null);
  const [confirm, setConfirm] = useState(false);
  const input = () => ({ url, ...(token.trim() ? { token } : {}), ...(fingerprint.trim() ? { fingerprint } : {}) });

  /** A refusal of one field goes under that field, in the operator's language first. */
  const refused = (e: unknown) => {
    const field = isContractCallError(e) ? FIELD_OF[e.code] : undefined;
    if (field && isContractCallError(e)) {
      const key = `errors.${e.code}`;
      setFieldErrors({ [field]: `${i18n.exists(key) ? `${t(key)} ` : ''}${e.message}` });
    } else {
      setError(e);
    }
  };
  const reset = () => {
    setFieldErrors({});
    setError(null);
    setResult(null);
  };

  const test = async (e?: FormEvent) => {
    e?.preventDefault();
    reset();
    setBusy('test');
    try {
      setResult(await desktop.call('desktop.testGateway', input()));
    } catch (err) {
      refused(err);
    } finally {
      setBusy(null);
    }
  };

  const attach = async () => {
    setConfirm(false);
    reset();
    setBusy('attach');
    try {
      const r = await desktop.call('desktop.attach', input());
      // Only after the answer: a second click while it runs would otherwise attach twice.
      if (r.restarting) onRestarting();
      // The token leaves the page as soon as it was sent.
      setToken('');
    } catch (err) {
      refused(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form onSubmit={(e) => void test(e)} aria-label={t('desktop.attach.title')} autoComplete="off" noValidate>
      <Stack gap="sm" maw={720}>
        <TextInput
          label={t('desktop.attach.url')}
          description={t('desktop.attach.urlHint')}
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={fieldErrors.url}
          placeholder="https://gateway.example:8787"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {sendsInClear(url) && (
          <Alert color="orange" variant="light" role="note" data-testid="attach-clear-text">
            {t('desktop.attach.clearText')}
          </Alert>
        )}
        <PasswordInput
          label={t('desktop.attach.token')}
          description={current ? t('desktop.attach.tokenKeep') : t('desktop.attach.tokenHint')}
          value={token}
          onChange={(e) => setToken(e.currentTarget.value)}
          error={fieldErrors.token}
          autoComplete="off"
          maxLength={4096}
        />
        <TextInput
          label={t('desktop.attach.fingerprint')}
          description={t('desktop.attach.fingerprintHint')}
          value={fingerprint}
          onChange={(e) => setFingerprint(e.currentTarget.value)}
          error={fieldErrors.fingerprint}
          placeholder="AB:CD:…"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Group gap="xs">
          <Button type="submit" variant="default" loading={busy === 'test'} disabled={busy !== null || !url.trim()}>{t('desktop.attach.test')}</Button>
          <Button type="button" loading={busy === 'attach'} disabled={busy !== null || !url.trim()} onClick={() => setConfirm(true)}>{t('desktop.attach.connect')}</Button>
          {onCancel && <Button type="button" variant="subtle" onClick={onCancel} disabled={busy !== null}>{t('desktop.attach.cancelChange')}</Button>}
        </Group>
        <div role="status" aria-live="polite">
          {result && <TestResultView result={result} onPin={(fp) => setFingerprint(fp)} />}
          {error !== null && (
            <Alert color="red" variant="light" role="alert">
              <GatewayErrorText error={error} />
            </Alert>
          )}
        </div>
      </Stack>
      <ConfirmDialog
        opened={confirm}
        title={t('desktop.attach.confirmAttachTitle')}
        confirmLabel={t('desktop.attach.confirmAttachButton')}
        onClose={() => setConfirm(false)}
        onConfirm={() => void attach()}
      >
        <Text size="sm">{t('desktop.attach.confirmAttach', { url: url.trim() })}</Text>
      </ConfirmDialog>
    </form>
  );
}

/** An http:// address of another machine: the token and the console's data would cross the network readable. */
export function sendsInClear(url: string): boolean {
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'ws:') return false;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return !(host === 'localhost' || host === '::1' || /^127\./.test(host));
  } catch {
    return false;
  }
}

function TestResultView({ result, onPin }: { result: GatewayTest; onPin(fp: string): void }) {
  const { t } = useTranslation();
  const color = result.ok ? 'green' : 'red';
  return (
    <Alert color={color} variant="light" py="xs" data-testid="gateway-test">
      <Stack gap={4}>
        <Group gap="xs">
          <Text c={`${color}.8`} span style={{ display: 'inline-flex' }}>{result.ok ? <IconCheck size={16} /> : <IconX size={16} />}</Text>
          <Text size="sm" fw={600} c={`${color}.8`}>{t(`desktop.attach.result.${result.code}`)}</Text>
          {result.latencyMs !== null && <Text size="sm" c="dimmed" className="tnum">{t('desktop.attach.latency', { ms: result.latencyMs })}</Text>}
        </Group>
        <Text size="sm">{result.message}</Text>
        {result.presentedFingerprint && (
          <Text size="xs" c="dimmed">
            <IconLock size={12} /> {t('desktop.attach.presented')}:{' '}
            <Code>{result.presentedFingerprint}</Code>
          </Text>
        )}
        {result.code === 'untrusted_certificate' && result.presentedFingerprint && (
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => onPin(result.presentedFingerprint!)}>{t('desktop.attach.usePresented')}</Button>
            <Text size="xs" c="dimmed">{t('desktop.attach.usePresentedHint')}</Text>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

