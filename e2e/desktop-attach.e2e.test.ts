/**
 * Attach mode end to end in Chromium: the console as the desktop app runs it (IPC
 * client, window.gateway), the desktop's main process emulated from its own modules
 * (e2e/support/desktop-main.ts) holding the console's WebSocket client to the real
 * headless host. The header names the gateway, a plan generated in the desktop app
 * is the host's, a refused token is fixed in Settings and the app asks to restart.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, newConsoleContext, screenshot } from './support/browser.ts';
import { emulateAttachedDesktop, type EmulatedDesktop } from './support/desktop-main.ts';
import { startHost, type Host } from './support/host.ts';

let browser: Browser;
let host: Host;
let context: BrowserContext | null = null;
let desk: EmulatedDesktop | null = null;

beforeAll(async () => {
  browser = await launchChromium();
  host = await startHost({ employees: 100, seed: 11 });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

afterEach(async () => {
  desk?.close();
  desk = null;
  await context?.close();
  context = null;
});

async function openDesktop(token: string): Promise<{ page: Page; errors: string[] }> {
  context = await newConsoleContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  desk = await emulateAttachedDesktop(page, { url: host.server.url, token });
  // The console's files only; no token in the address: the page talks to the desktop's main process.
  await page.goto(`${host.server.url}/`);
  return { page, errors };
}

describe('the desktop app attached to a headless gateway', () => {
  it('names the gateway in the header and works on its data through the WebSocket client', async () => {
    const { page, errors } = await openDesktop(host.server.token);
    await page.getByRole('status', { name: 'Соединение: На связи' }).waitFor();
    const port = new URL(host.server.url).port;
    const badge = page.getByTestId('attached-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe(`Шлюз: 127.0.0.1:${port}`);
    expect(await badge.getAttribute('aria-label')).toBe(`Приложение работает со шлюзом ${host.server.url}`);
    // The remote gateway runs on its simulators: the banner is the host's, not the desktop's.
    await page.getByRole('note', { name: 'Демо: встроенные симуляторы' }).waitFor();
    await screenshot(page, 'desktop-attached-health');

    await page.goto(`${host.server.url}/#/plans`);
    await page.getByRole('button', { name: 'Сформировать план' }).click();
    await page.waitForURL(/#\/plans\/\d+$/);
    const id = Number(/#\/plans\/(\d+)$/.exec(page.url())![1]);
    await page.getByRole('heading', { name: `План № ${id}`, exact: true }).waitFor();
    // The plan is the host's: made by its engine, in its database.
    expect(host.server.gateway.sync.getPlan(id).status).toBe('awaiting_approval');

    await page.goto(`${host.server.url}/#/settings`);
    const section = page.getByRole('region', { name: 'Приложение на компьютере' });
    await section.waitFor();
    expect(await section.getByTestId('attached-to').textContent()).toBe(`Подключено к ${host.server.url}`);
    expect(await section.getByTestId('link-state').textContent()).toBe('На связи');
    await screenshot(page, 'desktop-attached-settings');
    expect(errors).toEqual([]);
  });

  it('refused token: says so, and the right one is tested and attached from Settings, which restarts the app', async () => {
    const { page } = await openDesktop('not-the-token');
    await page.getByText('Шлюз отклонил токен этого приложения').waitFor();
    const section = page.getByRole('region', { name: 'Приложение на компьютере' });
    await section.getByTestId('link-reason').waitFor();
    expect(await section.getByTestId('link-reason').textContent()).toMatch(/refused the token \(HTTP 401\)/);
    await screenshot(page, 'desktop-attached-refused');

    await section.getByRole('button', { name: 'Изменить…' }).click();
    await section.getByLabel('Токен доступа').fill(host.server.token);
    await section.getByRole('button', { name: 'Проверить' }).click();
    const result = section.getByTestId('gateway-test');
    await result.getByText('Шлюз ответил').waitFor();
    expect(await result.textContent()).toMatch(/answered: Argus gateway .* \(headless, demo with built-in simulators\)/);

    await section.getByRole('button', { name: 'Подключиться…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Подключиться и перезапустить' }).click();
    await section.getByText('Приложение перезапускается…').waitFor();
    expect(desk!.restarts).toEqual(['attached']);
    expect(desk!.settings.attach()).toMatchObject({ url: host.server.url, token: host.server.token, tokenProtection: 'file' });
    // The token never reached the page's text.
    expect(await page.content()).not.toContain(host.server.token);
  });
});
