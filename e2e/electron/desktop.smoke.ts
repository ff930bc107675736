/**
 * Desktop smoke test: launches the built app with Playwright's _electron,
 * checks the window is hardened and talks to the gateway (and to the desktop's
 * own methods) over IPC, saves a screenshot, closes the window to the tray and
 * quits gracefully. Run by `npm run test:electron` only.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../electron/binary.ts';

let app: ElectronApplication;
let page: Page;
const dataDir = mkdtempSync(join(tmpdir(), 'argus-desktop-'));
const artifacts = join(process.cwd(), 'test-results', 'electron');

beforeAll(async () => {
  const executablePath = findElectronBinary();
  if (!executablePath) throw new Error('run this through `npm run test:electron`, which checks for the Electron binary first');
  app = await electron.launch({
    executablePath,
    args: ['.', ...(process.platform === 'linux' ? ['--no-sandbox', '--disable-gpu'] : [])],
    cwd: process.cwd(),
    env: { ...process.env, GATEWAY_DATA_DIR: dataDir },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('desktop app', () => {
  it('loads the console from app:// with no Node in the page', async () => {
    expect(page.url()).toMatch(/^app:\/\/console\//);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((window as unknown as { gateway: object }).gateway).sort())).toEqual(['call', 'onEvent']);
  });

  it('answers contract calls over IPC, in demo mode', async () => {
    const info = await page.evaluate(() => (window as unknown as { gateway: { call(m: string, i: unknown): Promise<unknown> } }).gateway.call('app.info', {}));
    expect(info).toMatchObject({ ok: true, result: { host: 'desktop', demo: true, dataDir } });
    const bad = await page.evaluate(() => (window as unknown as { gateway: { call(m: string, i: unknown): Promise<unknown> } }).gateway.call('plans.get', { planId: 'x' }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('denies new windows and navigation away', async () => {
    expect(await page.evaluate(() => window.open('https://example.com'))).toBeNull();
    await page.evaluate(() => (window.location.href = 'https://example.com/'));
    await page.waitForTimeout(300);
    expect(page.url()).toMatch(/^app:\/\/console\//);
    expect(app.windows()).toHaveLength(1);
  });

  it('shows the console (screenshot saved)', async () => {
    await page.getByRole('navigation').first().waitFor({ timeout: 30_000 });
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'desktop-console.png') });
  });

  it("answers the desktop's own methods: its own engine, no gateway attached", async () => {
    const call = (m: string) => page.evaluate((method) => (window as unknown as { gateway: { call(m: string, i: unknown): Promise<unknown> } }).gateway.call(method, {}), m);
    expect(await call('desktop.link')).toEqual({ ok: true, result: { state: 'local', url: null, reason: null, since: null } });
    expect(await call('desktop.settings')).toMatchObject({ ok: true, result: { attach: null, notifications: { planAwaiting: true } } });
  });

  it('keeps running in the tray when the window is closed', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    await page.waitForTimeout(300);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()))).toEqual([false]);
    const info = await page.evaluate(() => (window as unknown as { gateway: { call(m: string, i: unknown): Promise<unknown> } }).gateway.call('app.info', {}));
    expect(info).toMatchObject({ ok: true });
  });
});
