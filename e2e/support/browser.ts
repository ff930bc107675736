/** Debian's Chromium through playwright-core: never a downloaded browser. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './build.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
  });
}

/** A console-sized window in Moscow time, Russian first, as most operators have it. */
export function newConsoleContext(browser: Browser, opts: { locale?: string; timezoneId?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: opts.locale ?? 'ru-RU',
    timezoneId: opts.timezoneId ?? 'Europe/Moscow',
    deviceScaleFactor: 1,
  });
}

export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  // Let transitions (modals, drawers, notifications) settle before the picture.
  await page.waitForTimeout(350);
  await page.screenshot({ path });
  return path;
}

/** Fails the test on any page error or console error, with its text. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  return errors;
}
