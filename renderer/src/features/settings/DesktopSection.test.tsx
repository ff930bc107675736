import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DesktopLink, DesktopSettings, GatewayTest } from '../../../../core/contract/index.ts';
import { gatewayError, type FakeDesktopHandlers } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { DesktopSection } from './DesktopSection.tsx';

const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
const LOCAL: DesktopLink = { state: 'local', url: null, reason: null, since: null };

function desktop(over: Partial<DesktopSettings> = {}, more: FakeDesktopHandlers = {}): { handlers: FakeDesktopHandlers; current: () => DesktopSettings } {
  let s: DesktopSettings = {
    notifications: { planAwaiting: true, operationFailed: true, linkDown: true, auditBroken: true },
    startAtLogin: false,
    startAtLoginSupported: true,
    attach: null,
    keychain: true,
    ...over,
  };
  return {
    current: () => s,
    handlers: {
      'desktop.settings': () => s,
      'desktop.setNotifications': (patch) => (s = { ...s, notifications: { ...s.notifications, ...patch } }),
      'desktop.setStartAtLogin': ({ enabled }) => (s = { ...s, startAtLogin: enabled }),
      'desktop.link': () => LOCAL,
      ...more,
    },
  };
}

const ok: GatewayTest = { ok: true, code: 'ok', message: 'gw.example:8787 answered: Argus gateway 0.1.0 (headless), data directory /srv/argus, certificate as pinned', latencyMs: 12, presentedFingerprint: FP, gateway: { version: '0.1.0', host: 'web', demo: false, dataDir: '/srv/argus' } };

describe('Settings, Desktop', () => {
  it('is not there in a browser', () => {
    renderConsole(<DesktopSection />);
    expect(screen.queryByRole('region', { name: 'Desktop app' })).toBeNull();
    expect(screen.queryByText('Desktop app')).toBeNull();
  });

  it('is there in the desktop app, titled', async () => {
    renderConsole(<DesktopSection />, { desktop: desktop().handlers });
    expect(await screen.findByRole('region', { name: 'Desktop app' })).toBeTruthy();
  });

  it('turns each kind of notification on and off, and start at login', async () => {
    const d = desktop();
    const r = renderConsole(<DesktopSection />, { desktop: d.handlers });
    const failed = (await screen.findByRole('switch', { name: /Operations failed for good/ })) as HTMLInputElement;
    for (const name of [/A sync plan is waiting for approval/, /A link is down/, /The audit chain is broken/]) expect((screen.getByRole('switch', { name }) as HTMLInputElement).checked).toBe(true);
    expect(failed.checked).toBe(true);
    fireEvent.click(failed);
    await waitFor(() => expect(failed.checked).toBe(false));
    expect(r.client.desktopCalls).toContainEqual({ method: 'desktop.setNotifications', input: { operationFailed: false } });
    expect(d.current().notifications).toEqual({ planAwaiting: true, operationFailed: false, linkDown: true, auditBroken: true });

    const login = screen.getByRole('switch', { name: /Start at login/ }) as HTMLInputElement;
    fireEvent.click(login);
    await waitFor(() => expect(login.checked).toBe(true));
    expect(r.client.desktopCalls).toContainEqual({ method: 'desktop.setStartAtLogin', input: { enabled: true } });
  });

  it('offers start at login only in the installed app', async () => {
    renderConsole(<DesktopSection />, { desktop: desktop({ startAtLoginSupported: false }).handlers });
    const login = (await screen.findByRole('switch', { name: /Start at login/ })) as HTMLInputElement;
    expect(login.disabled).toBe(true);
    expect(screen.getByText('Available in the installed app.')).toBeTruthy();
  });

  it('tests a gateway, then attaches after confirming, and says the app restarts', async () => {
    const d = desktop({}, { 'desktop.testGateway': () => ok, 'desktop.attach': () => ({ restarting: true }) });
    const r = renderConsole(<DesktopSection />, { desktop: d.handlers });
    expect(await screen.findByText(/The gateway engine runs on this computer/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Gateway address'), { target: { value: 'https://gw.example:8787' } });
    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: 's3cret-token' } });
    fireEvent.change(screen.getByLabelText('Certificate SHA-256 fingerprint (optional)'), { target: { value: FP } });
    fireEvent.click(screen.getByRole('button', { name: 'Test' }));
    const result = await screen.findByTestId('gateway-test');
    expect(within(result).getByText('The gateway answered')).toBeTruthy();
    expect(within(result).getByText(ok.message)).toBeTruthy();
    expect(r.client.desktopCalls).toContainEqual({ method: 'desktop.testGateway', input: { url: 'https://gw.example:8787', token: 's3cret-token', fingerprint: FP } });

    fireEvent.click(screen.getByRole('button', { name: 'Connect…' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/restarts and works with https:\/\/gw\.example:8787.*the queue here is not processed until you disconnect/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attach and restart' }));
    expect(await screen.findByText('The app is restarting…')).toBeTruthy();
    expect(r.client.desktopCalls).toContainEqual({ method: 'desktop.attach', input: { url: 'https://gw.example:8787', token: 's3cret-token', fingerprint: FP } });
    expect(document.body.textContent).not.toContain('s3cret-token');
  });

  it('warns that an http:// address of another machine sends the token in clear, and not for this machine or https', async () => {
    const d = desktop();
    renderConsole(<DesktopSection />, { desktop: d.handlers });
    const address = await screen.findByLabelText('Gateway address');
    fireEvent.change(address, { target: { value: 'http://10.0.0.5:8787' } });
    expect(screen.getByTestId('attach-clear-text').textContent).toMatch(/cross the network unencrypted/);
    for (const safe of ['https://10.0.0.5:8787', 'http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787']) {
      fireEvent.change(address, { target: { value: safe } });
      expect(screen.queryByTestId('attach-clear-text')).toBeNull();
    }
  });

  it("shows a refusal by its field, and offers to pin an untrusted certificate's fingerprint", async () => {
    const untrusted: GatewayTest = { ...ok, ok: false, code: 'untrusted_certificate', message: 'the certificate of gw:8787 is not trusted by this computer (DEPTH_ZERO_SELF_SIGNED_CERT)', latencyMs: null, gateway: null };
    const d = desktop({}, {
      'desktop.testGateway': ({ fingerprint }) => {
        if (fingerprint === 'AB:CD') throw gatewayError('attach_fingerprint_invalid', 'the fingerprint must be the SHA-256 of the certificate: 64 hexadecimal digits');
        return untrusted;
      },
    });
    renderConsole(<DesktopSection />, { desktop: d.handlers });
    fireEvent.change(await screen.findByLabelText('Gateway address'), { target: { value: 'https://gw:8787' } });
    const pin = screen.getByLabelText('Certificate SHA-256 fingerprint (optional)') as HTMLInputElement;
    fireEvent.change(pin, { target: { value: 'AB:CD' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test' }));
    expect(await screen.findByText('The fingerprint does not work. the fingerprint must be the SHA-256 of the certificate: 64 hexadecimal digits')).toBeTruthy();

    fireEvent.change(pin, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test' }));
    const result = await screen.findByTestId('gateway-test');
    expect(within(result).getByText('This computer does not trust the certificate')).toBeTruthy();
    expect(within(result).getByText(FP)).toBeTruthy();
    fireEvent.click(within(result).getByRole('button', { name: 'Pin this fingerprint' }));
    expect(pin.value).toBe(FP);
  });

  it('attached: says to which gateway, how it is protected and whether it is reachable, live; disconnects after confirming', async () => {
    const link: DesktopLink = { state: 'open', url: 'https://gw.example:8787', reason: null, since: '2026-03-02T10:00:00Z' };
    const d = desktop({ attach: { url: 'https://gw.example:8787', fingerprint: FP, tokenProtection: 'keychain' } }, { 'desktop.link': () => link, 'desktop.detach': () => ({ restarting: true }) });
    const r = renderConsole(<DesktopSection />, { desktop: d.handlers });
    expect((await screen.findByTestId('attached-to')).textContent).toBe('Attached to https://gw.example:8787');
    expect((await screen.findByTestId('link-state')).textContent).toBe('Connected');
    expect(screen.getByText(`certificate pinned: ${FP}. The token is kept in the system keychain.`)).toBeTruthy();

    act(() => r.client.emitDesktop('desktop.link', { ...link, state: 'reconnecting', reason: 'cannot reach the gateway at gw.example:8787: nothing listens there' }));
    await waitFor(() => expect(screen.getByTestId('link-state').textContent).toBe('No connection, reconnecting…'));
    expect(screen.getByTestId('link-reason').textContent).toBe('cannot reach the gateway at gw.example:8787: nothing listens there');

    fireEvent.click(screen.getByRole('button', { name: 'Disconnect and run the engine here…' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect and restart' }));
    expect(await screen.findByText('The app is restarting…')).toBeTruthy();
    expect(r.client.desktopCalls.map((c) => c.method)).toContain('desktop.detach');
  });

  it('changing the attached gateway keeps the stored token unless a new one is typed', async () => {
    const d = desktop({ attach: { url: 'http://gw:8787', fingerprint: null, tokenProtection: 'file' } }, { 'desktop.testGateway': () => ({ ...ok, presentedFingerprint: null }) });
    const r = renderConsole(<DesktopSection />, { desktop: d.handlers, language: 'ru' });
    expect(await screen.findByText('без шифрования (http). Системной связки ключей нет: токен хранится в файле, доступном только вам.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Изменить…' }));
    expect((screen.getByLabelText('Адрес шлюза') as HTMLInputElement).value).toBe('http://gw:8787');
    expect(screen.getByText('Оставьте пустым, чтобы сохранить текущий токен.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Проверить' }));
    await screen.findByTestId('gateway-test');
    expect(r.client.desktopCalls).toContainEqual({ method: 'desktop.testGateway', input: { url: 'http://gw:8787' } });
  });
});
