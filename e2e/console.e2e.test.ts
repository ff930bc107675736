/**
 * The console in Debian's Chromium against the real headless host with the in-process
 * 1C simulator: a person's path through sync plans, a stale plan refused, a wrong token
 * refused. Screenshots of every screen go to test-results/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Output, PlanItem } from '../core/contract/index.ts';
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
  host = await startHost({ employees: 200, seed: 7 });
  // The test reads the directory through the same contract the console uses.
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

async function openConsole(opts: { locale?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  context = await newConsoleContext(browser, opts);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(host.server.consoleUrl);
  await page.getByRole('status', { name: 'Соединение: На связи' }).waitFor();
  return { page, errors };
}

/** From the plans list: generate a plan for the form's default period and land on it. */
async function generatePlan(page: Page): Promise<number> {
  await page.goto(`${host.server.url}/#/plans`);
  await page.getByRole('button', { name: 'Сформировать план' }).click();
  await page.waitForURL(/#\/plans\/\d+$/);
  const id = Number(/#\/plans\/(\d+)$/.exec(page.url())![1]);
  await page.getByRole('heading', { name: `План № ${id}`, exact: true }).waitFor();
  return id;
}

async function approve(page: Page, name: string) {
  await page.getByRole('button', { name: 'Утвердить', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Ваше имя' }).fill(name);
  await dialog.getByRole('button', { name: 'Утвердить план' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText('Утверждён', { exact: true }).first().waitFor();
}

async function startApply(page: Page) {
  await page.getByRole('button', { name: 'Применить', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Применить изменения' }).click();
}

function employeeField(e: Output<'directory.list'>['employees'][number], field: string): unknown {
  return (e as Record<string, unknown>)[field];
}

describe('sync plans in the console', () => {
  it('generate, open a field-level change, exclude it, approve, apply: the directory is updated', async () => {
    const { page, errors } = await openConsole();
    await page.getByRole('heading', { name: 'Состояние шлюза' }).waitFor();
    await expect(page.getByRole('note', { name: 'Демо: встроенные симуляторы' }).isVisible()).resolves.toBe(true);
    await screenshot(page, '01-health');

    // Every section opens with its title (built ones, or a plain "not built yet").
    const nav = page.getByRole('navigation', { name: 'Разделы' });
    for (const [i, [section, file]] of ([['Операторы', 'agents'], ['Очередь', 'queue'], ['Аудит', 'audit'], ['Настройки', 'settings']] as const).entries()) {
      await nav.getByRole('link', { name: section }).click();
      await page.waitForURL(new RegExp(`#/${file}$`));
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await screenshot(page, `02-section-${i + 1}-${file}`);
    }

    await nav.getByRole('link', { name: /Планы синхронизации/ }).click();
    await page.getByText('Планов пока нет').waitFor();
    await screenshot(page, '03-plans-empty');

    // 1. First sync fills the empty directory: everything is a creation.
    const first = await generatePlan(page);
    await page.getByRole('grid', { name: 'Записи плана' }).waitFor();
    await screenshot(page, '04-plan-first-creates');
    await approve(page, 'Анна Смирнова');
    await startApply(page);
    await page.getByText('Результат применения').waitFor();
    await screenshot(page, '05-plan-first-applied');
    const afterFirst = await api.call('directory.list', { limit: 1 });
    expect(afterFirst.total).toBeGreaterThan(150);

    // 2. A month passes in 1C: transfers, norm changes, hires, terminations.
    host.server.simulator!.advanceDays(45);
    const second = await generatePlan(page);
    expect(second).toBeGreaterThan(first);
    const plan = await api.call('plans.get', { planId: second });
    expect(plan.counts.update).toBeGreaterThan(1);

    // The list shows the new plan first, awaiting approval, with its counts.
    await page.getByRole('link', { name: 'К списку планов' }).click();
    const list = page.getByRole('grid', { name: 'Список планов' });
    await list.waitFor();
    await expect(list.getByRole('row').nth(1).textContent()).resolves.toContain('Ждёт утверждения');
    await screenshot(page, '06-plans-list');
    await list.getByRole('row').nth(1).click();
    await page.getByRole('heading', { name: `План № ${second}`, exact: true }).waitFor();

    // Field-level changes: the updates tab, open the first one from the keyboard.
    await pickSegment(page, 'Действие', /^Изменение/);
    const grid = page.getByRole('grid', { name: 'Записи плана' });
    const firstUpdate = (await api.call('plans.items', { planId: second, action: 'update', limit: 1 })).items[0]!;
    await grid.getByText(firstUpdate.label, { exact: true }).waitFor();
    await screenshot(page, '07-plan-updates');
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: firstUpdate.label });
    await drawer.waitFor();
    const changes = drawer.getByRole('table', { name: 'Изменения' });
    await expect(changes.getByRole('columnheader', { name: 'Было' }).isVisible()).resolves.toBe(true);
    await expect(changes.getByRole('row').count()).resolves.toBe(firstUpdate.changes.length + 1);
    await screenshot(page, '08-item-field-change');

    // Exclude this employee from the plan.
    await drawer.getByRole('button', { name: 'Исключить' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await grid.getByRole('row', { name: new RegExp(escapeRe(firstUpdate.label)) }).getByText('исключена').waitFor();
    await expect.poll(async () => (await api.call('plans.get', { planId: second })).excludedCount).toBe(1);

    // Search, "/" focuses it; Esc returns to the grid.
    await page.keyboard.press('/');
    await page.keyboard.type(firstUpdate.tabN ?? firstUpdate.label.slice(0, 6));
    await expect.poll(() => grid.getByRole('row').count()).toBeLessThanOrEqual(3);
    await screenshot(page, '09-plan-search');
    await page.getByRole('textbox', { name: 'Поиск по ФИО, табельному номеру или коду' }).fill('');

    // Approve (name, comment) and apply with progress and a result.
    await page.getByRole('button', { name: 'Утвердить', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Ваше имя' }).fill('Анна Смирнова');
    await dialog.getByRole('textbox', { name: 'Комментарий' }).fill('Ежемесячная сверка');
    await screenshot(page, '10-approve-dialog');
    await dialog.getByRole('button', { name: 'Утвердить план' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await startApply(page);
    const result = page.getByRole('status').filter({ hasText: 'Результат применения' });
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain('пропущено исключённых: 1');
    await page.getByText('Применён', { exact: true }).first().waitFor();
    await screenshot(page, '11-plan-applied-result');

    // Health after two syncs: the 1C breaker and the last hour of 1C calls, errors and p95.
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Состояние' }).click();
    const calls = page.getByRole('region', { name: 'Вызовы 1С:ЗУП' });
    await calls.getByLabel('Итоги за час').waitFor();
    await expect(calls.getByLabel('Итоги за час').textContent()).resolves.toMatch(/вызовов [1-9]/);
    await page.getByRole('table', { name: 'Автоматы защиты' }).getByText('Замкнут').waitFor();
    await calls.scrollIntoViewIfNeeded();
    await screenshot(page, '18-health-breakers-calls');
    // The stored history over the week: the same calls, per hour, with the calls by method.
    await calls.getByText('Неделя', { exact: true }).click();
    await expect(calls.getByLabel('Итоги за неделю').textContent()).resolves.toMatch(/^За последние 7 дней: вызовов [1-9]/);
    await calls.getByRole('table', { name: 'Вызовы по методам' }).getByText('GET /agents').waitFor();
    await screenshot(page, '18b-health-calls-week');

    // Audit after two plans generated, approved and applied: the chain verified, the newest entries listed.
    await nav.getByRole('link', { name: 'Аудит' }).click();
    await page.getByRole('heading', { name: 'Аудит', level: 2 }).waitFor();
    await page.getByTestId('audit-chain').getByText(/Цепочка проверена: [1-9][\d\s\u00a0]* запис/).waitFor();
    const auditGrid = page.getByRole('grid', { name: 'Записи журнала аудита' });
    await auditGrid.getByRole('gridcell').first().waitFor();
    await screenshot(page, '33-audit');
    await nav.getByRole('link', { name: /Планы синхронизации/ }).click();

    // The directory: the excluded employee kept the old value, the others took the new one.
    const updates = await allItems(second, 'update');
    const included = updates.find((i) => i.externalId !== firstUpdate.externalId && i.entity === 'employee' && i.changes.some((c) => employeeField0(c.field)));
    expect(included, 'a second updated employee with a field the directory shows').toBeTruthy();
    for (const [item, side] of [[firstUpdate, 'before'], [included!, 'after']] as const) {
      const found = (await api.call('directory.list', { search: item.tabN ?? item.externalId, limit: 5 })).employees.find((e) => e.externalId === item.externalId);
      expect(found, `employee ${item.label} in the directory`).toBeTruthy();
      for (const c of item.changes.filter((ch) => employeeField0(ch.field))) {
        expect(employeeField(found!, c.field), `${item.label}: ${c.field} ${side}`).toEqual(c[side]);
      }
    }
    expect(errors).toEqual([]);
  });

  it('refuses a stale plan with a readable message', async () => {
    const { page, errors } = await openConsole();
    host.server.simulator!.advanceDays(20);
    const a = await generatePlan(page);
    await approve(page, 'Анна Смирнова');
    const b = await generatePlan(page);
    await approve(page, 'Борис Кузнецов');

    await page.goto(`${host.server.url}/#/plans/${a}`);
    await page.getByRole('heading', { name: `План № ${a}`, exact: true }).waitFor();
    await startApply(page);
    await page.getByText('Результат применения').waitFor();

    await page.goto(`${host.server.url}/#/plans/${b}`);
    await page.getByRole('heading', { name: `План № ${b}`, exact: true }).waitFor();
    await startApply(page);
    const refusal = page.getByRole('alert').filter({ hasText: 'План не применён' });
    await refusal.waitFor();
    const text = (await refusal.textContent()) ?? '';
    expect(text).toContain(`stale plan: the directory changed since plan ${b} was computed; generate a new plan`);
    expect(text).toContain('План устарел: справочник изменился после того, как план был сформирован.');
    await screenshot(page, '12-stale-plan-refused');
    expect(errors.filter((e) => !e.includes('stale plan'))).toEqual([]);
  });

  it('shows the console in English with the zone named', async () => {
    const { page } = await openConsole();
    await pickSegment(page, 'Язык', /^EN$/);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /Sync plans/ }).click();
    const list = page.getByRole('grid', { name: 'Plans' });
    await list.waitFor();
    // dense tables name the zone by its abbreviation; the plan's facts spell it out
    await expect(list.textContent()).resolves.toMatch(/\d \w{3} \d{4} \d{2}:\d{2} MSK/);
    await screenshot(page, '13-plans-list-en');
    await list.getByRole('row').nth(1).click();
    await page.getByRole('grid', { name: 'Plan items' }).waitFor();
    await expect(page.locator('main').getByText('MSK (Europe/Moscow)').first().isVisible()).resolves.toBe(true);
    await screenshot(page, '14-plan-detail-en');
  });
});

describe('access', () => {
  it('refuses a wrong token, in the console and on the wire', async () => {
    context = await newConsoleContext(browser);
    const page = await context.newPage();
    await page.goto(`${host.server.url}/?token=${'0'.repeat(64)}`);
    await page.getByText('Шлюз отказал консоли в доступе').waitFor();
    await expect(page.getByRole('status', { name: 'Соединение: Доступ запрещён' }).isVisible()).resolves.toBe(true);
    // the token left the address bar
    expect(page.url()).not.toContain('token=');
    await screenshot(page, '15-wrong-token');

    const wrong = createWsClient({ url: `ws://127.0.0.1:${host.server.port}/ws`, token: 'wrong', backoff: { initialMs: 50, maxMs: 200 } });
    try {
      await expect(wrong.call('plans.list', {})).rejects.toThrow(/token is wrong or outdated/);
      expect(wrong.state).toBe('refused');
    } finally {
      wrong.close();
    }
  });
});

/** Mantine's segmented control hides its radios; a person clicks the label. */
async function pickSegment(page: Page, group: string, label: RegExp) {
  await page.getByRole('radiogroup', { name: group }).locator('label').filter({ hasText: label }).click();
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Fields of a plan change that the directory's employee view shows (it mirrors the plan's names). */
function employeeField0(field: string): boolean {
  return ['tabN', 'lastName', 'firstName', 'secondName', 'hireDate', 'terminationDate', 'positionId', 'positionName', 'positionChangeDate', 'departmentId', 'rate', 'normWeek', 'normWeekChangeDate', 'login', 'sn', 'dbId', 'area', 'active'].includes(field);
}

async function allItems(planId: number, action: PlanItem['action']): Promise<PlanItem[]> {
  const out: PlanItem[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api.call('plans.items', { planId, action, offset, limit: 1000 });
    out.push(...page.items);
    if (out.length >= page.total || page.items.length === 0) return out;
  }
}

describe('mass deactivation', () => {
  it('is unmissable and cannot be approved without the explicit confirmation', async () => {
    // A directory filled from one 1C roster, then a 1C that answers with another one:
    // every employee in the directory would be deactivated.
    const first = await startHost({ employees: 40, seed: 11 });
    const firstApi = createWsClient({ url: `ws://127.0.0.1:${first.server.port}/ws`, token: first.server.token });
    const today = new Date().toISOString().slice(0, 10);
    const p = await firstApi.call('plans.create', { from: today, to: today });
    await firstApi.call('plans.approve', { planId: p.id, by: 'setup' });
    await firstApi.call('plans.apply', { planId: p.id });
    firstApi.close();
    await first.close({ keepData: true });

    const second = await startHost({ employees: 40, seed: 12, dataDir: first.dataDir });
    try {
      context = await newConsoleContext(browser);
      const page = await context.newPage();
      await page.goto(second.server.consoleUrl);
      await page.getByRole('status', { name: 'Соединение: На связи' }).waitFor();
      await page.goto(`${second.server.url}/#/plans`);
      await page.getByRole('button', { name: 'Сформировать план' }).click();
      await page.waitForURL(/#\/plans\/\d+$/);
      const warning = page.getByRole('alert').filter({ hasText: 'Массовая деактивация' });
      await warning.waitFor();
      const text = (await warning.textContent()) ?? '';
      expect(text).toMatch(/Массовая деактивация: \d+ из \d+ активных сотрудников \(100 %\)/);
      expect(text).toContain('порог 10 %');
      await screenshot(page, '16-mass-deactivation');

      await page.getByRole('button', { name: 'Утвердить', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Ваше имя' }).fill('Анна Смирнова');
      await dialog.getByRole('button', { name: 'Утвердить план' }).click();
      await dialog.getByText('Подтвердите массовую деактивацию, иначе план нельзя утвердить.').waitFor();
      await screenshot(page, '17-mass-deactivation-confirm');
      await dialog.getByRole('checkbox', { name: /деактивировать \d+ сотрудников — это правильно/ }).check();
      await dialog.getByRole('button', { name: 'Утвердить план' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText('Утверждён', { exact: true }).first().waitFor();
    } finally {
      await context?.close();
      context = null;
      await second.close();
    }
  });
});

describe('settings', () => {
  it('sets the 1C address and account, tests the connection, and never shows the password back', async () => {
    // A host of its own: the address and account set here must not change the other tests' gateway.
    const own = await startHost({ employees: 20, seed: 5 });
    try {
      context = await newConsoleContext(browser);
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(own.server.consoleUrl);
      await page.getByRole('status', { name: 'Соединение: На связи' }).waitFor();
      await page.goto(`${own.server.url}/#/settings`);
      const section = page.getByRole('region', { name: 'Подключение к 1С:ЗУП' });
      await section.getByText('Не задана.').waitFor();

      await section.getByRole('textbox', { name: 'Адрес HTTP-сервиса' }).fill('http://zup-srv.example:8080/zup/hs/wfm');
      await section.getByRole('textbox', { name: 'Подключение, мс' }).fill('5000');
      await section.getByRole('button', { name: 'Сохранить адрес и тайм-ауты' }).click();
      await page.getByText('Адрес и тайм-ауты сохранены.').waitFor();

      await section.getByRole('textbox', { name: 'Имя пользователя' }).fill('wfm');
      const password = section.getByLabel('Пароль', { exact: true });
      await password.fill('e2e-Секрет-42');
      await password.press('Enter');
      await page.getByText('Учётная запись 1С сохранена.').waitFor();
      await expect(password.inputValue()).resolves.toBe('');
      await section.getByText('Отправляется только на http://zup-srv.example:8080.').waitFor();

      await section.getByRole('button', { name: 'Проверить подключение' }).click();
      const result = section.getByTestId('test-result');
      await result.getByText('Успешно').waitFor();
      await expect(result.textContent()).resolves.toContain('built-in 1C:ZUP simulator (demo mode)');
      await expect(page.content()).resolves.not.toContain('e2e-Секрет-42');
      // The confirmations have been read; the picture shows the section, not toasts over the schedule.
      for (const toast of await page.locator('.mantine-Notification-root').all()) await toast.getByRole('button').click();
      await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached' });
      await screenshot(page, '19-settings-connection');
      expect(errors).toEqual([]);
    } finally {
      await context?.close();
      context = null;
      await own.close();
    }
  });
});
