import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CredentialStatusView, Input, MceTestResult, OnecTestResult } from '../../../../core/contract/index.ts';
import { gatewayError, type FakeHandlers } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { ConnectionSection, mceConnection } from './ConnectionSection.tsx';

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
    'app.info': () => ({ version: 't', host: 'web', dataDir: '/d', zone: 'Europe/Moscow', startedAt: '2026-03-02T09:00:00.000Z', demo: false, simulated: [], actor: 'tester' }),
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

describe('Settings: MCE / Oktell connection', () => {
  const mceConfigured: CredentialStatusView = { system: 'mce', configured: true, username: 'argus-gw', rotatedAt: '2026-03-02T10:00:00.000Z', boundTo: 'http://mce-srv:8090' };

  function mceHandlers(log: Log & { statusAsked: unknown[] }, test?: MceTestResult): FakeHandlers {
    const values: Record<string, string | number> = { 'mce.url': 'http://mce-srv:8090', 'mce.pollIntervalMs': 5000, 'mce.heartbeatTimeoutMs': 60000 };
    let status: CredentialStatusView = { system: 'mce', configured: false, username: null, rotatedAt: null, boundTo: null };
    return {
      'app.info': () => ({ version: 't', host: 'web', dataDir: '/d', zone: 'Europe/Moscow', startedAt: '2026-03-02T09:00:00.000Z', demo: false, simulated: [], actor: 'tester' }),
      'config.get': ({ keys }) => ({ values: Object.fromEntries((keys ?? []).map((k) => [k, values[k] ?? null])) }),
      'config.set': (input) => {
        log.config.push(input);
        if (input.key === 'mce.heartbeatTimeoutMs' && typeof input.value === 'number' && input.value < 35000) throw gatewayError('config_invalid', 'invalid value for mce.heartbeatTimeoutMs: must be at least 35000 (the heartbeat comes every 30 s)');
        values[input.key] = input.value as string | number;
        return { key: input.key, value: input.value };
      },
      'credentials.status': (input) => {
        log.statusAsked.push(input);
        return status;
      },
      'credentials.set': (input) => {
        log.sets.push(input);
        status = { ...mceConfigured, username: input.username };
        return status;
      },
      'mce.testConnection': () =>
        test ?? { ok: true, latencyMs: 38.4, status: 200, message: 'MCE at mce-srv:8090 issued a token and listed 20 000 agents.', code: null, endpoint: 'http://mce-srv:8090', agents: 20000, demo: false, testedAt: '2026-03-02T10:00:00.000Z' },
    };
  }
  const mceLog = () => ({ ...newLog(), statusAsked: [] as unknown[] });

  it('reads and saves the MCE address and intervals, numbers as numbers, the server’s refusal by its field', async () => {
    const log = mceLog();
    renderConsole(<ConnectionSection spec={mceConnection} />, { handlers: mceHandlers(log) });
    const section = await screen.findByRole('region', { name: 'MCE / Oktell connection' });
    const url = (await within(section).findByLabelText('MCE address')) as HTMLInputElement;
    expect(url.value).toBe('http://mce-srv:8090');
    expect((within(section).getByLabelText('REST polling while down, ms') as HTMLInputElement).value).toBe('5000');
    fireEvent.change(within(section).getByLabelText('REST polling while down, ms'), { target: { value: '3000' } });
    fireEvent.change(within(section).getByLabelText('Silence before reconnecting, ms'), { target: { value: '20000' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Save MCE address and intervals' }));
    expect(await within(section).findByText('invalid value for mce.heartbeatTimeoutMs: must be at least 35000 (the heartbeat comes every 30 s)')).toBeTruthy();
    expect(log.config).toEqual([
      { key: 'mce.pollIntervalMs', value: 3000 },
      { key: 'mce.heartbeatTimeoutMs', value: 20000 },
    ]);
    fireEvent.change(within(section).getByLabelText('Silence before reconnecting, ms'), { target: { value: 'soon' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Save MCE address and intervals' }));
    expect(await within(section).findByText('Enter a whole number of milliseconds.')).toBeTruthy();
    expect(log.config).toHaveLength(2);
  });

  it('sets the MCE account (write-only) for system mce and clears the password', async () => {
    const log = mceLog();
    renderConsole(<ConnectionSection spec={mceConnection} />, { handlers: mceHandlers(log), language: 'ru' });
    const section = await screen.findByRole('region', { name: 'Подключение к MCE / Oktell' });
    expect((await within(section).findByTestId('credential-status')).textContent).toBe('Не задана.');
    expect(log.statusAsked).toEqual([{ system: 'mce' }]);
    const pass = within(section).getByLabelText('Пароль') as HTMLInputElement;
    fireEvent.change(within(section).getByLabelText('Имя пользователя'), { target: { value: 'argus-gw' } });
    fireEvent.change(pass, { target: { value: 'Mce-S3cret' } });
    fireEvent.submit(pass.closest('form')!);
    await waitFor(() => expect(log.sets).toEqual([{ system: 'mce', username: 'argus-gw', password: 'Mce-S3cret' }]));
    expect(pass.value).toBe('');
    expect(await screen.findByText('Учётная запись MCE сохранена.')).toBeTruthy();
    await waitFor(() => expect(within(section).getByTestId('credential-status').textContent).toContain('Отправляется только на http://mce-srv:8090.'));
    expect(document.body.textContent).not.toContain('Mce-S3cret');
  });

  it('tests the MCE connection: icon, word, latency, agents and the message', async () => {
    const log = mceLog();
    const r = renderConsole(<ConnectionSection spec={mceConnection} />, { handlers: mceHandlers(log) });
    const section = await screen.findByRole('region', { name: 'MCE / Oktell connection' });
    fireEvent.click(within(section).getByRole('button', { name: 'Test connection' }));
    const result = await within(section).findByTestId('test-result');
    expect(within(result).getByText('Success')).toBeTruthy();
    expect(result.textContent).toContain('in 38 ms');
    expect(result.textContent).toContain('20,000 agents in MCE');
    expect(result.textContent).toContain('MCE at mce-srv:8090 issued a token and listed 20 000 agents.');
    expect(result.querySelector('svg')).not.toBeNull();
    expect(r.client.calls.map((c) => c.method)).toContain('mce.testConnection');
    expect(r.client.calls.map((c) => c.method)).not.toContain('onec.testConnection');
  });

  it('shows a failed test with MCE’s status and sentence', async () => {
    const failed: MceTestResult = { ok: false, latencyMs: 12, status: 401, message: 'MCE refused the user name or password (HTTP 401).', code: 'mce_auth', endpoint: 'http://mce-srv:8090', agents: null, demo: false, testedAt: '2026-03-02T10:00:00.000Z' };
    renderConsole(<ConnectionSection spec={mceConnection} />, { handlers: mceHandlers(mceLog(), failed) });
    const section = await screen.findByRole('region', { name: 'MCE / Oktell connection' });
    fireEvent.click(within(section).getByRole('button', { name: 'Test connection' }));
    const result = await within(section).findByTestId('test-result');
    expect(within(result).getByText('Failed')).toBeTruthy();
    expect(result.textContent).toContain('HTTP 401');
    expect(result.textContent).not.toContain('agents in MCE');
    expect(result.textContent).toContain('MCE refused the user name or password (HTTP 401).');
  });
});
