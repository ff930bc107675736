/**
 * The console inside the desktop app (client with the desktop's main process):
 * the attached gateway named in the header, a notification's screen opened, the
 * console's language told to the tray, a refused token fixed where it is set.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DesktopSettings, Output } from '../../../core/contract/index.ts';
import type { FakeDesktopHandlers, FakeHandlers } from '../client/fake-client.ts';
import { samplePlanForTests } from '../client/fixtures.ts';
import { renderConsole } from '../test/render.tsx';
import { App } from './App.tsx';

const info = (over: Partial<Output<'app.info'>> = {}): Output<'app.info'> => ({
  version: '0.1.0', host: 'desktop', demo: false, simulated: [], dataDir: '/srv/argus', zone: 'Europe/Moscow', startedAt: '2026-11-24T10:00:00.000Z', actor: 'tester', ...over,
});

const handlers = (over: Partial<Output<'app.info'>> = {}): FakeHandlers => ({
  'app.info': () => info(over),
  'health.summary': () => ({ status: 'healthy', checkedAt: '2026-11-24T10:00:00.000Z', checks: [] }),
  'plans.list': () => ({ total: 1, plans: [samplePlanForTests(2)] }),
  'plans.get': ({ planId }) => samplePlanForTests(planId),
});

const settings: DesktopSettings = { notifications: { planAwaiting: true, operationFailed: true, linkDown: true, auditBroken: true }, startAtLogin: false, startAtLoginSupported: true, attach: { url: 'https://gw.example:8787', fingerprint: null, tokenProtection: 'keychain' }, keychain: true };
const desktop = (): FakeDesktopHandlers => ({
  'desktop.settings': () => settings,
  'desktop.link': () => ({ state: 'refused', url: 'https://gw.example:8787', reason: 'the gateway at gw.example:8787 refused the token (HTTP 401)', since: null }),
  'desktop.setLanguage': ({ language }) => ({ language }),
});

describe('the console in the desktop app', () => {
  it('names the attached gateway in the header, with a pinned certificate', async () => {
    renderConsole(<App />, { handlers: handlers({ attachedTo: { url: 'https://gw.example:8787', pinned: true } }), desktop: desktop() });
    const badge = await screen.findByTestId('attached-badge');
    expect(badge.textContent).toBe('Gateway: gw.example:8787');
    expect(badge.getAttribute('aria-label')).toBe('This app works with the gateway https://gw.example:8787, certificate pinned');
  });

  it('shows no gateway badge when the engine runs here, nor in a browser', async () => {
    renderConsole(<App />, { handlers: handlers({ attachedTo: null }), desktop: desktop() });
    await screen.findByRole('heading', { name: 'Gateway health' });
    expect(screen.queryByTestId('attached-badge')).toBeNull();
  });

  it('opens the screen a notification asks for, and tells the tray the console language', async () => {
    const r = renderConsole(<App />, { handlers: handlers(), desktop: desktop(), language: 'ru' });
    await waitFor(() => expect(r.client.desktopCalls).toContainEqual({ method: 'desktop.setLanguage', input: { language: 'ru' } }));
    act(() => r.client.emitDesktop('desktop.navigate', { to: '#/plans/2' }));
    expect(window.location.hash).toBe('#/plans/2');
    expect(await screen.findByRole('heading', { name: 'План № 2' })).toBeTruthy();
  });

  it('a refused token: says so for the desktop and offers the Desktop settings right there', async () => {
    const r = renderConsole(<App />, { handlers: handlers(), desktop: desktop() });
    act(() => r.client.setState('refused'));
    expect(await screen.findByText("The gateway refused this app's token")).toBeTruthy();
    expect(screen.getByText(/Give the current token below, or disconnect/)).toBeTruthy();
    const section = await screen.findByRole('region', { name: 'Desktop app' });
    expect((await within(section).findByTestId('attached-to')).textContent).toBe('Attached to https://gw.example:8787');
    expect(within(section).getByTestId('link-reason').textContent).toBe('the gateway at gw.example:8787 refused the token (HTTP 401)');
    expect(screen.queryByText('The gateway refused this console')).toBeNull();
  });
});
