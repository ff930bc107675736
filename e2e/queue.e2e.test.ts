/**
 * The Queue and Settings screens in Debian's Chromium against the real headless host (queue
 * processor and scheduler running, 1C simulator in-process): enqueue from the form with the
 * engine's per-field verdict, the row in the live table, the drawer with the attempt timeline,
 * a failed operation retried, "retry all failed" confirming the exact count, pause and resume
 * of a type, the header's queue health, the schedule edited with its next runs.
 * Screenshots go to test-results/screenshots/ (2x-…).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../core/contract/index.ts';
import { createWsClient } from '../renderer/src/client/ws.ts';
import type { ConsoleClient } from '../renderer/src/client/types.ts';
import { collectPageErrors, launchChromium, newConsoleContext, screenshot } from './support/browser.ts';
import { startHost, type Host } from './support/host.ts';

let browser: Browser;
let host: Host;
let api: ConsoleClient;
let context: BrowserContext | null = null;

beforeAll(async () => {
  browser = await launchChromium();
  host = await startHost({ employees: 60, seed: 11 });
  api = createWsClient({ url: `ws://127.0.0.1:${host.server.port}/ws`, token: host.server.token });
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await host?.close();
});

afterEach(async () => {
  await context?.close();
  context = null;
});

async function openConsole(path: string, opts: { locale?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  context = await newConsoleContext(browser, opts);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(host.server.consoleUrl);
  // The console starts in the browser's language: Russian by default here, English for an en-US context.
  await page.getByRole('status', { name: opts.locale?.startsWith('en') ? 'Connection: Connected' : 'Соединение: На связи' }).waitFor();
  await page.goto(`${host.server.url}/${path}`);
  return { page, errors };
}

type Op = Output<'queue.get'>['operation'];

/** Waits (bounded) until the gateway reports the operation in one of `statuses`. */
async function settled(id: string, statuses: Op['status'][] = ['completed', 'failed'], timeoutMs = 20_000): Promise<Output<'queue.get'>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await api.call('queue.get', { id });
    if (statuses.includes(d.operation.status)) return d;
    if (Date.now() > deadline) throw new Error(`operation ${id} is still ${d.operation.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const grid = (page: Page, name = 'Операции очереди') => page.getByRole('grid', { name });

describe('the Queue screen', () => {
  it('enqueue from the form, the live row, the drawer with attempts, retry of a failed operation', async () => {
    const { page, errors } = await openConsole('#/queue');
    await page.getByRole('heading', { name: 'Очередь интеграции' }).waitFor();
    await page.getByText('Очередь пуста').waitFor();
    // Queue health in the header, on every screen.
    await page.getByRole('link', { name: /^Очередь: ожидают 0, выполняются 0, с ошибкой 0/ }).waitFor();
    await screenshot(page, '20-queue-empty');

    // The form: the engine's verdict shows under each field, nothing is stored.
    await page.getByRole('button', { name: 'Поставить операцию' }).first().click();
    const form = page.getByRole('form', { name: 'Поставить операцию в очередь' });
    await form.getByRole('combobox', { name: 'Тип операции' }).selectOption('timesheet_request');
    await form.getByRole('textbox', { name: /Начало \(date_start\)/ }).fill('вчера');
    await form.getByRole('button', { name: 'Поставить в очередь' }).click();
    await form.getByText('Обязательное поле').waitFor();
    await form.getByText('Нужны дата и время ISO 8601, например 2019-02-01T00:00:00Z').waitFor();
    await screenshot(page, '21-enqueue-form-errors');
    expect((await api.call('queue.list', {})).total).toBe(0);

    // A personnel sync for a period, enqueued from the form: it runs against the 1C simulator.
    await form.getByRole('combobox', { name: 'Тип операции' }).selectOption('personnel_sync');
    await form.getByLabel('С (from)').fill('2026-01-01');
    await form.getByLabel('По (to)').fill('2026-01-31');
    await form.getByRole('combobox', { name: 'Приоритет' }).selectOption('2');
    await form.getByRole('button', { name: 'Поставить в очередь' }).click();
    await form.waitFor({ state: 'hidden' });
    const [sync] = (await api.call('queue.list', {})).operations;
    expect(sync).toMatchObject({ type: 'personnel_sync', priority: 2 });
    const syncDone = await settled(sync!.id);
    expect(syncDone.operation.status).toBe('completed');

    const row = grid(page).getByRole('row').filter({ hasText: 'Синхронизация персонала' });
    await row.getByText('Выполнена').waitFor();
    await screenshot(page, '22-queue-row-completed');

    // The drawer from the keyboard: payload, result with the plan it made, one attempt.
    await grid(page).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog');
    await drawer.getByText(sync!.id).waitFor();
    const attempts = drawer.getByRole('table', { name: 'Попытки' });
    await expect(attempts.getByRole('row').count()).resolves.toBe(2);
    await attempts.getByText('Успешно').waitFor();
    await expect(drawer.getByLabel('Данные операции').textContent()).resolves.toContain('"from": "2026-01-01"');
    await drawer.getByRole('link', { name: /^Открыть план № \d+$/ }).waitFor();
    await screenshot(page, '23-drawer-completed');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // A plan that does not exist: plan_apply fails at once (a permanent error), with its reason.
    const bad = (await api.call('queue.enqueue', { type: 'plan_apply', data: { planId: 999_999 } })).operation;
    const failed = await settled(bad.id);
    expect(failed.operation).toMatchObject({ status: 'failed', errorKind: 'permanent' });
    expect(failed.attempts).toHaveLength(1);
    await page.getByRole('button', { name: 'Показать 1 новую операцию' }).click();
    const failedRow = grid(page).getByRole('row').filter({ hasText: 'Применение плана' });
    await failedRow.getByText('Ошибка', { exact: true }).waitFor();
    await failedRow.click();
    await drawer.getByRole('alert').filter({ hasText: 'Постоянная ошибка' }).waitFor();
    await expect(drawer.getByRole('alert').textContent()).resolves.toContain('999999');
    await screenshot(page, '24-drawer-failed');

    // Retry now: a second attempt runs (and fails the same way); the timeline grows live.
    await drawer.getByRole('button', { name: 'Повторить сейчас' }).click();
    await expect.poll(async () => (await api.call('queue.get', { id: bad.id })).attempts.length, { timeout: 20_000 }).toBe(2);
    await expect.poll(() => drawer.getByRole('table', { name: 'Попытки' }).getByRole('row').count(), { timeout: 10_000 }).toBe(5);
    await screenshot(page, '25-drawer-retried');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });

  it('retry all failed of a filter confirms the exact count and type', async () => {
    const ids: string[] = [];
    for (const planId of [900_001, 900_002, 900_003]) ids.push((await api.call('queue.enqueue', { type: 'plan_apply', data: { planId } })).operation.id);
    for (const id of ids) await settled(id);
    const failedApplies = (await api.call('queue.countFailed', { filter: { type: ['plan_apply'] } })).count;
    expect(failedApplies).toBeGreaterThanOrEqual(3);

    const { page, errors } = await openConsole('#/queue');
    await grid(page).waitFor();
    // Filter by type, then by the failed status tile.
    await page.getByRole('combobox', { name: 'Тип операции' }).click();
    await page.getByRole('option', { name: 'Применение плана' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Ошибка: \d+$/ }).click();
    await expect.poll(() => grid(page).getByRole('row').count()).toBe(failedApplies + 1);
    await screenshot(page, '26-queue-filtered-failed');

    await page.getByRole('button', { name: `Повторить все с ошибкой (${failedApplies})` }).click();
    const dialog = page.getByRole('dialog', { name: 'Повторить операции с ошибкой' });
    await dialog.getByText(`Повторить ${failedApplies} операции с ошибкой типа «Применение плана» (plan_apply)?`).waitFor();
    await screenshot(page, '27-retry-failed-confirm');
    await dialog.getByRole('button', { name: `Повторить (${failedApplies})` }).click();
    await page.getByText(`${failedApplies} операции снова в очереди.`).waitFor();
    // Each ran once more and failed again: two attempts each.
    for (const id of ids) await expect.poll(async () => (await api.call('queue.get', { id })).attempts.length, { timeout: 20_000 }).toBe(2);
    expect(errors).toEqual([]);
  });

  it('pause and resume a type: its work waits, the header and a banner say so', async () => {
    const { page, errors } = await openConsole('#/queue');
    await page.getByRole('heading', { name: 'Очередь интеграции' }).waitFor();
    await page.getByRole('button', { name: 'Пауза по типам' }).click();
    await page.getByRole('button', { name: 'Приостановить: Запрос табеля' }).click();
    const banner = page.getByRole('status', { name: /^Приостановлен 1 тип операций/ });
    await banner.waitFor();
    await page.getByRole('link', { name: /Приостановлен 1 тип операций/ }).waitFor();

    // Enqueued while paused it stays pending, while later work of other types runs past it.
    const ts = (await api.call('queue.enqueue', { type: 'timesheet_request', data: { date_start: '2026-01-01T00:00:00Z', date_end: '2026-01-31T00:00:00Z', AR_agents: [{ agentId: 'nobody' }] } })).operation;
    const other = (await api.call('queue.enqueue', { type: 'plan_apply', data: { planId: 950_000 } })).operation;
    await settled(other.id);
    expect((await api.call('queue.get', { id: ts.id })).operation.status).toBe('pending');
    await page.keyboard.press('Escape');
    await screenshot(page, '28-type-paused');

    await banner.getByRole('button', { name: 'Возобновить: Запрос табеля' }).click();
    await banner.waitFor({ state: 'hidden' });
    const done = await settled(ts.id);
    expect(done.attempts.length).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
  });
});

describe('Settings: the schedule', () => {
  it('edits the schedule, shows the next runs in its zone, saves it', async () => {
    const { page, errors } = await openConsole('#/settings');
    const runs = page.getByRole('list', { name: 'Пять ближайших запусков' });
    await runs.waitFor();
    await expect(runs.getByRole('listitem').count()).resolves.toBe(5);
    // Default: monthly, last Saturday, 01:30 Moscow time.
    await expect(runs.getByRole('listitem').first().textContent()).resolves.toMatch(/01:30 MSK \(Europe\/Moscow\)/);
    await page.getByRole('link', { name: /^Очередь: ожидают/ }).waitFor();
    await screenshot(page, '29-settings-schedule');

    const form = page.getByRole('form', { name: 'Расписание синхронизации персонала' });
    await form.getByRole('radiogroup', { name: 'Периодичность' }).locator('label').filter({ hasText: /^Еженедельно$/ }).click();
    await form.getByRole('combobox', { name: 'День недели' }).selectOption('1');
    await form.getByLabel('Время').fill('09:00');
    await form.getByRole('combobox', { name: 'Часовой пояс' }).selectOption('Asia/Vladivostok');
    await page.getByText('Ближайшие запуски по несохранённым настройкам').waitFor();
    await expect.poll(async () => (await runs.getByRole('listitem').first().textContent()) ?? '').toMatch(/09:00 VLAT \(Asia\/Vladivostok\)/);
    await screenshot(page, '30-settings-schedule-edited');

    await page.getByRole('button', { name: 'Сохранить расписание' }).click();
    await page.getByText('Расписание сохранено.').waitFor();
    const saved = await api.call('schedule.get', {});
    expect(saved.settings).toMatchObject({ frequency: 'weekly', weekday: 1, time: '09:00', zone: 'Asia/Vladivostok' });
    expect(saved.nextRuns).toHaveLength(5);
    for (const r of saved.nextRuns) {
      // Every run is a Monday 09:00 in Vladivostok (UTC+10): Sunday 23:00 UTC.
      expect(new Date(r).getUTCDay()).toBe(0);
      expect(r.slice(11, 16)).toBe('23:00');
    }
    await page.getByText('Ближайшие запуски', { exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it('holds English too', async () => {
    const { page, errors } = await openConsole('#/queue', { locale: 'en-US' });
    // An English browser gets the console in English on first start, with no choice to make.
    await page.getByRole('radiogroup', { name: 'Language' }).waitFor();
    await page.getByRole('heading', { name: 'Integration queue' }).waitFor();
    await grid(page, 'Queue operations').waitFor();
    await screenshot(page, '31-queue-en');
    await page.goto(`${host.server.url}/#/settings`);
    await page.getByRole('heading', { name: 'Personnel sync schedule' }).waitFor();
    await screenshot(page, '32-settings-en');
    expect(errors).toEqual([]);
  });
});
