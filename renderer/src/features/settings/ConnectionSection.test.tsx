import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CredentialStatusView, Input, OnecTestResult } from '../../../../core/contract/index.ts';
import { gatewayError, type FakeHandlers } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { ConnectionSection } from './ConnectionSection.tsx';

const notSet: CredentialStatusView = { system: 'onec', configured: false, username: null, rotatedAt: null, boundTo: null };
const configured: CredentialStatusView = { system: 'onec', configured: true, username: 'wfm', rotatedAt: '2026-03-02T10:00:00.000Z', boundTo: 'http://zup-srv:8080' };

interface Log {
  sets: Array<Input<'credentials.set'>>;
  config: Array<Input<'config.set'>>;
}

function handlers(log: Log, opts: { status?: CredentialStatusView; test?: OnecTestResult } = {}): FakeHandlers {
  let status = opts.status ?? notSet;
  const values: Record<string, string | number> = { 'onec.url': 'http://zup-srv:8080/zup/hs/wfm', 'onec.connectTimeoutMs': 30000, 'onec.headersTimeoutMs': 30000, 'onec.bodyTimeoutMs': 30000 };
  return {
    'app.info': () => ({ version: 't', host: 'web', dataDir: '/d', zone: 'Europe/Moscow', startedAt: '2026-03-02T09:00:00.000Z', demo: false, actor: 'tester' }),
    'config.get': () => ({ values: { ...values } }),
    'config.set': (input) => {
      log.config.push(input);
      if (input.key === 'onec.url' && typeof input.value === 'string' && !/^https?:\/\//.test(input.value)) throw gatewayError('config_invalid', 'invalid value for onec.url: must be an http:// or https:// URL');
      values[input.key] = input.value as string | number;
      return { key: input.key, value: input.value };
    },
    'credentials.status': () => status,
    'credentials.set': (input) => {
      log.sets.push(input);
      status = { ...configured, username: input.username };
      return status;
    },
    'onec.testConnection': () =>
      opts.test ?? { ok: true, latencyMs: 42, status: 200, message: '1C:ZUP at zup-srv:8080 answered and accepted the user «wfm».', code: null, endpoint: 'http://zup-srv:8080/zup/hs/wfm', demo: false, testedAt: '2026-03-02T10:00:00.000Z' },
  };
}

const newLog = (): Log => ({ sets: [], config: [] });

describe('Settings: 1C:ZUP connection', () => {
  it('says "not set" when no credentials are stored', async () => {
    renderConsole(<ConnectionSection />, { handlers: handlers(newLog()) });
    expect((await screen.findByTestId('credential-status')).textContent).toBe('Not set.');
  });

  it('shows who the credentials are for, when rotated (with zone) and the only host they go to — never a password', async () => {
    renderConsole(<ConnectionSection />, { handlers: handlers(newLog(), { status: configured }), zone: 'Europe/Moscow' });
    const line = (await screen.findByTestId('credential-status')).textContent ?? '';
    expect(line).toContain('Configured for «wfm», rotated');
    expect(line).toContain('2 Mar 2026 13:00');
    expect(line).toContain('MSK');
    expect(line).toContain('Sent only to http://zup-srv:8080.');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('button', { name: 'Change password' })).toBeTruthy();
  });

  it('sends user name and password on Enter, clears the password and confirms', async () => {
    const log = newLog();
    renderConsole(<ConnectionSection />, { handlers: handlers(log), language: 'ru' });
    await screen.findByTestId('credential-status');
    const user = screen.getByLabelText('Имя пользователя') as HTMLInputElement;
    const pass = screen.getByLabelText('Пароль') as HTMLInputElement;
    expect(pass.type).toBe('password');
    expect(pass.getAttribute('autocomplete')).toBe('new-password');
    fireEvent.change(user, { target: { value: ' wfm ' } });
    fireEvent.change(pass, { target: { value: 'S3cr3t' } });
    fireEvent.submit(pass.closest('form')!);
    await waitFor(() => expect(log.sets).toEqual([{ system: 'onec', username: 'wfm', password: 'S3cr3t' }]));
    expect(pass.value).toBe('');
    expect(await screen.findByText('Учётная запись 1С сохранена.')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('credential-status').textContent).toContain('Задана для «wfm»'));
    expect(document.body.textContent).not.toContain('S3cr3t');
  });

  it('saves changed timeouts as numbers and shows the server refusing the URL by its field', async () => {
    const log = newLog();
    renderConsole(<ConnectionSection />, { handlers: handlers(log) });
    const url = (await screen.findByLabelText('HTTP service address')) as HTMLInputElement;
    expect(url.value).toBe('http://zup-srv:8080/zup/hs/wfm');
    fireEvent.change(screen.getByLabelText('Connect, ms'), { target: { value: '5000' } });
    fireEvent.change(url, { target: { value: 'zup-srv/hs' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address and timeouts' }));
    expect(await screen.findByText('invalid value for onec.url: must be an http:// or https:// URL')).toBeTruthy();
    expect(log.config).toEqual([
      { key: 'onec.url', value: 'zup-srv/hs' },
      { key: 'onec.connectTimeoutMs', value: 5000 },
    ]);
  });

  it('shows a successful test in green with icon, word, latency and message', async () => {
    renderConsole(<ConnectionSection />, { handlers: handlers(newLog()) });
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    const r = await screen.findByTestId('test-result');
    expect(within(r).getByText('Success')).toBeTruthy();
    expect(r.textContent).toContain('in 42 ms');
    expect(r.textContent).toContain('HTTP 200');
    expect(r.textContent).toContain('accepted the user «wfm»');
    expect(r.querySelector('svg')).not.toBeNull();
  });

  it('shows a refused password as a failure with 1C’s status and the sentence', async () => {
    const failed: OnecTestResult = { ok: false, latencyMs: 7, status: 401, message: '1C refused the user name or password (HTTP 401).', code: 'onec_auth', endpoint: 'http://zup-srv:8080', demo: false, testedAt: '2026-03-02T10:00:00.000Z' };
    renderConsole(<ConnectionSection />, { handlers: handlers(newLog(), { test: failed }), language: 'ru' });
    fireEvent.click(await screen.findByRole('button', { name: 'Проверить подключение' }));
    const r = await screen.findByTestId('test-result');
    expect(within(r).getByText('Ошибка')).toBeTruthy();
    expect(r.textContent).toContain('за 7 мс');
    expect(r.textContent).toContain('1C refused the user name or password (HTTP 401).');
  });
});
