/**
 * Schedules and timesheets in Debian's Chromium against the real headless host, the in-process
 * 1C simulator as the other side. After a personnel sync (through the contract), a CSV written
 * here for employees of the simulator's roster is imported with two errors: the report names
 * their lines and reasons, links to the row; the fixed file imports. The month is uploaded to 1C
 * after a confirmation whose counts are the gateway's preview; 1C's answer shows per employee
 * verbatim; with 1C's clock in the next month a changed employee is refused (`result: false`)
 * and 1C's sentence shows as it said it. Then the month's timesheet is fetched and opened as a
 * T-13, matching what the gateway stored; and both screens hold English.
 * Screenshots: test-results/screenshots/5x-….
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../core/contract/index.ts';
import { createWsClient } from '../renderer/src/client/ws.ts';
import type { ConsoleClient } from '../renderer/src/client/types.ts';
import { schedulesCsv, type ScheduleFileRow } from '../simulators/onec/schedules.ts';
import { collectPageErrors, launchChromium, newConsoleContext, screenshot } from './support/browser.ts';
import { startHost, type Host } from './support/host.ts';

let browser: Browser;
let host: Host;
let api: ConsoleClient;
let context: BrowserContext | null = null;
let dir: string;

/** The machine is small and shared: generous bounds, never sleeps. */
const WAIT_MS = 20_000;

let month: string;
let monthEnd: string;
/** The employees of the file, and their rows as the simulator plans them. */
let people: string[];
let rows: ScheduleFileRow[];

const ru = (n: number) => n.toLocaleString('ru-RU', { maximumFractionDigits: 2 });
const ruDate = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;

beforeAll(async () => {
  browser = await launchChromium();
  host = await startHost({ employees: 60, seed: 11 });
  api = createWsClient({ url: `ws://127.0.0.1:${host.server.port}/ws`, token: host.server.token });
  dir = mkdtempSync(join(tmpdir(), 'argus-e2e-schedules-'));
  const sim = host.server.simulator!;
  month = sim.today().slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  // The directory from 1C, through the contract: the file's employees must exist.
  const plan = await api.call('plans.create', { from: `${month}-01`, to: monthEnd });
  await api.call('plans.approve', { planId: plan.id, by: 'Анна Смирнова' });
  await api.call('plans.apply', { planId: plan.id });
  const all = sim.schedules(month);
  people = [...new Set(all.map((r) => r.agentId))].slice(0, 8);
  rows = all.filter((r) => people.includes(r.agentId));
  expect(people).toHaveLength(8);
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await host?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await context?.close();
  context = null;
});

async function openConsole(path: string): Promise<{ page: Page; errors: string[] }> {
  context = await newConsoleContext(browser);
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(host.server.consoleUrl);
  await page.getByRole('status', { name: 'Соединение: На связи' }).waitFor();
  await page.goto(`${host.server.url}/${path}`);
  return { page, errors };
}

function writeCsv(name: string, content: ScheduleFileRow[]): string {
  const path = join(dir, name);
  writeFileSync(path, schedulesCsv(content));
  return path;
}

/** The rows of a VirtualTable grid, each as its cells' text. */
async function gridRows(grid: Locator): Promise<string[][]> {
  return grid.locator('[role="rowgroup"] + [role="rowgroup"] [role="row"]').evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('[role="gridcell"]')].map((c) => (c.textContent ?? '').trim())));
}

async function uploadState(employeeId: string): Promise<Output<'schedules.uploadState'>['rows'][number]['months'][number]> {
  const s = await api.call('schedules.uploadState', { from: month, to: month, employeeIds: [employeeId] });
  return s.rows[0]!.months[0]!;
}

describe('schedules in the console', () => {
  it('imports a file with errors: the report names each line and reason and links to the row; the fixed file is stored and shows in the grid', async () => {
    const { page, errors } = await openConsole(`#/schedules/${month}`);
    await page.getByRole('heading', { name: 'Графики работы', level: 2 }).waitFor();
    const grid = page.getByTestId('schedule-grid');
    await grid.waitFor();
    const empty = page.getByRole('note', { name: /^На .+ смен нет$/ });
    await empty.waitFor();
    await screenshot(page, '50-schedules-empty');

    // The simulator's rows for eight employees, one end time broken and a row for nobody the directory knows.
    const victim = rows[2]!;
    const broken = rows.map((r) => (r === victim ? { ...r, end: '25:00' } : r));
    broken.splice(5, 0, { ...rows[0]!, agentId: 'ghost-0001', tabN: '' });
    const badFile = writeCsv('schedule-broken.csv', broken);

    // The empty month says what to do, and offers it.
    await empty.getByRole('button', { name: 'Импорт файла' }).click();
    const dialog = page.getByRole('dialog', { name: 'Импорт графика из файла' });
    await dialog.getByLabel('Файл графика').setInputFiles(badFile);
    await dialog.getByText('schedule-broken.csv').waitFor();
    await dialog.getByRole('button', { name: 'Проверить и сохранить' }).click();
    const report = dialog.getByTestId('import-report');
    await report.waitFor();
    await report.getByRole('alert').getByText('Ничего не сохранено: ошибок 2').waitFor();
    const errorGrid = report.getByRole('grid', { name: 'Ошибки импорта' });
    const listed = await gridRows(errorGrid);
    // Line 1 is the header: the broken row is line 4, the stranger line 7.
    expect(listed.map((r) => [r[0], r[1]])).toEqual([
      ['4', 'end'],
      ['7', 'agentId'],
    ]);
    expect(listed[0]![2]).toMatch(/^Неверное время — end "25:00" is not a time/);
    expect(listed[1]![2]).toMatch(/^Неизвестный сотрудник — agentId "ghost-0001" is not in the directory/);
    expect(listed[1]![3]).toBe('');
    await screenshot(page, '51-schedules-import-report');
    // Nothing was stored.
    expect((await api.call('schedules.list', { month, onlyWithShifts: true, limit: 1 })).total).toBe(0);

    // The link of line 4 opens the employee's row, its day active.
    await errorGrid.getByRole('button', { name: 'Открыть в графике сотрудника из строки 4' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForURL(new RegExp(`#/schedules/${month}\\?employee=${victim.agentId}&date=${victim.date}$`));
    await page.getByRole('note', { name: 'Показан один сотрудник' }).waitFor();
    await expect.poll(async () => grid.getAttribute('aria-rowcount'), { timeout: WAIT_MS }).toBe('2');
    await grid.locator(`[data-employee-id="${victim.agentId}"]`).waitFor();
    const activeLabel = await grid.evaluate((el) => document.getElementById(el.getAttribute('aria-activedescendant') ?? '')?.getAttribute('aria-label') ?? '');
    expect(activeLabel).toMatch(new RegExp(`^${ruDate(victim.date).replaceAll('.', '\\.')}: `));
    await page.getByRole('button', { name: 'Показать всех' }).click();
    await page.waitForURL(new RegExp(`#/schedules/${month}$`));

    // The fixed file: stored, every row.
    const goodFile = writeCsv('schedule-fixed.csv', rows);
    await page.getByRole('button', { name: 'Импорт файла' }).first().click();
    await dialog.getByLabel('Файл графика').setInputFiles(goodFile);
    await dialog.getByRole('button', { name: 'Проверить и сохранить' }).click();
    await dialog.getByTestId('import-report').getByText(`Сохранено смен: ${rows.length}`).waitFor();
    expect(await dialog.getByRole('grid', { name: 'Ошибки импорта' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The grid shows the stored shifts: the count, and each of the first employee's shifts on its day.
    const stored = await api.call('schedules.list', { month, onlyWithShifts: true, limit: 20 });
    expect(stored.total).toBe(8);
    await expect.poll(async () => page.getByTestId('schedule-total').textContent(), { timeout: WAIT_MS }).toMatch(/со сменами: 8$/);
    await page.getByRole('checkbox', { name: 'Только со сменами' }).check();
    await expect.poll(async () => grid.getAttribute('aria-rowcount'), { timeout: WAIT_MS }).toBe('9');
    const first = stored.rows[0]!;
    const row = grid.locator(`[data-employee-id="${first.employee.externalId}"]`);
    await row.waitFor();
    const labels = await row.locator('[role="gridcell"]').evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label') ?? ''));
    const shown = first.shifts.filter((s) => labels.some((l) => l.startsWith(`${ruDate(s.date)}: `)));
    expect(shown.length).toBeGreaterThan(3);
    for (const s of shown) expect(labels.find((l) => l.startsWith(`${ruDate(s.date)}: `))).toContain(`${ruDate(s.date)}: ${s.startLocal}–${s.endLocal}`);
    await screenshot(page, '52-schedules-grid');
    expect(errors).toEqual([]);
  });

  it('uploads the month after a confirmation with the gateway’s exact counts; 1C’s answers per employee verbatim, its refusal of a month it closed too', async () => {
    const { page, errors } = await openConsole(`#/schedules/${month}`);
    await page.getByTestId('schedule-grid').waitFor();
    const prev = `${Number(month.slice(5)) === 1 ? Number(month.slice(0, 4)) - 1 : month.slice(0, 4)}-${String(((Number(month.slice(5)) + 10) % 12) + 1).padStart(2, '0')}`;
    const period = { from: `${prev}-01`, to: monthEnd };
    const preview = await api.call('schedules.uploadPreview', period);
    expect(preview.employees).toBe(8);
    expect(preview.skipped.find((s) => s.reason === 'closed_month')?.months).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Отправить в 1С…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Отправка графиков в 1С' });
    await dialog.getByLabel('С', { exact: true }).fill(period.from);
    await expect.poll(async () => dialog.getByTestId('upload-question').textContent(), { timeout: WAIT_MS }).toBe(`Отправить в 1С графики ${preview.employees} сотрудников за 1 месяц?`);
    const skipped = preview.skipped.reduce((a, s) => a + s.months, 0);
    expect((await dialog.getByTestId('upload-skipped').textContent())!.replace(/\s/g, ' ')).toMatch(new RegExp(`^Пропуска\\S+ ${ru(skipped).replace(/\s/g, ' ')} сотрудник-месяц`));
    const items = await dialog.getByTestId('upload-preview').getByRole('listitem').allTextContents();
    expect(items.map((t) => t.replace(/\s/g, ' ').split(' — ')[0])).toEqual(preview.skipped.map((s) => ru(s.months).replace(/\s/g, ' ')));
    expect(items.find((t) => t.includes('закрытые месяцы'))).toBeTruthy();
    await screenshot(page, '53-schedules-upload-confirm');
    await dialog.getByRole('button', { name: /^Отправить в 1С \(8 сотр\.\)$/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The job on screen, to its end.
    const job = page.getByRole('region', { name: /^Отправка в 1С № \d+$/ });
    await job.getByText('Готово', { exact: true }).waitFor();
    await expect(job.getByTestId('job-progress-text').textContent()).resolves.toBe('Готово 8 из 8 сотрудников');

    // Per employee: 1C's answer as 1C wrote it.
    await job.getByRole('button', { name: 'Результаты по сотрудникам' }).click();
    await page.waitForURL(new RegExp(`#/schedules/${month}/upload$`));
    const table = page.getByRole('grid', { name: 'Состояние в 1С по сотрудникам и месяцам' });
    await table.waitFor();
    const cell = await uploadState(people[0]!);
    expect(cell.state).toBe('sent');
    expect(cell.message).toMatch(/^Индивидуальные графики записаны/);
    const row0 = table.locator(`[data-employee-id="${people[0]}"]`);
    await row0.getByText('Принят 1С').waitFor();
    await expect(row0.getByTestId('onec-message').textContent()).resolves.toBe(cell.message);

    // 1C's clock moves into the next month: December is closed there, not yet for the gateway.
    const sim = host.server.simulator!;
    const toNext = Math.round((Date.parse(`${monthEnd}T00:00:00Z`) - Date.parse(`${sim.today()}T00:00:00Z`)) / 86_400_000) + 1;
    sim.advanceDays(toNext);
    expect(sim.today().slice(0, 7) > month).toBe(true);
    // One employee's shift changes (as Argus would re-send it), so only they go again.
    const changed = rows.find((r) => r.agentId === people[1])!;
    const r = await api.call('schedules.import', { source: { kind: 'rows', name: 'Argus WFM', rows: [{ ...changed, start: changed.start === '09:00' ? '10:00' : '09:00', end: changed.start === '09:00' ? '19:00' : '18:00' }] } });
    expect(r.stored).toBe(true);

    await page.getByRole('button', { name: 'Отправить в 1С…' }).click();
    await expect.poll(async () => dialog.getByTestId('upload-question').textContent(), { timeout: WAIT_MS }).toBe('Отправить в 1С график 1 сотрудника за 1 месяц?');
    await dialog.getByText(/^7 — без изменений: 1С уже приняла ровно эти смены$/).waitFor();
    await dialog.getByRole('button', { name: /^Отправить в 1С \(1 сотр\.\)$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const second = page.getByRole('region', { name: /^Отправка в 1С № \d+$/ }).filter({ hasText: 'Готово 1 из 1 сотрудника' });
    await second.getByText('Готово, есть ошибки').waitFor();

    const refused = await uploadState(people[1]!);
    expect(refused).toMatchObject({ state: 'rejected', messageFrom: 'onec' });
    expect(refused.message).toMatch(/^Нельзя изменять графики за прошедшие периоды: месяцы до \d{4}-\d{2} закрыты$/);
    const filter = page.getByRole('radiogroup', { name: 'Фильтр по состоянию' });
    await expect.poll(() => filter.getByRole('radio', { name: 'Отклонён 1С: 1' }).count(), { timeout: WAIT_MS }).toBe(1);
    await filter.locator('label').filter({ hasText: /^Отклонён 1С/ }).click();
    await expect.poll(async () => table.getAttribute('aria-rowcount'), { timeout: WAIT_MS }).toBe('2');
    const row1 = table.locator(`[data-employee-id="${people[1]}"]`);
    await row1.getByText('Отклонён 1С').waitFor();
    await expect(row1.getByTestId('onec-message').textContent()).resolves.toBe(refused.message);
    await screenshot(page, '54-schedules-upload-rejected');

    // The employee's month: shifts in the site's zone, the zone named, the state in 1C with 1C's words.
    await row1.click();
    const drawer = page.getByRole('dialog').filter({ has: page.getByRole('table', { name: 'Смены' }) });
    await drawer.getByText(/^Время: [A-Z]+ \([A-Za-z]+\/[A-Za-z_]+\)$/).waitFor();
    const months = drawer.getByRole('table', { name: 'В 1С по месяцам' });
    await expect(months.locator(`[data-month="${month}"]`).getByTestId('onec-message').textContent()).resolves.toBe(refused.message);
    await screenshot(page, '55-schedules-drawer');
    expect(errors).toEqual([]);
  });
});

describe('timesheets in the console', () => {
  it('fetches the month from 1C and opens it as a T-13 matching what the gateway stored', async () => {
    const { page, errors } = await openConsole('#/health');
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Табели' }).click();
    await page.waitForURL(/#\/timesheets$/);
    await page.getByRole('heading', { name: 'Табели учёта рабочего времени', level: 2 }).waitFor();
    await page.getByRole('note', { name: /^Табель за .+ ещё не получен из 1С$/ }).waitFor();

    // The month's 1C norms (through the contract here; the Norms tab fetches them in the English test), for the grid's norm column.
    const norms = await api.call('norms.fetch', { year: Number(month.slice(0, 4)) });
    await expect.poll(async () => (await api.call('timesheets.job', { jobId: norms.id })).finished, { timeout: WAIT_MS }).toBe(true);

    const inMonth = (await api.call('timesheets.grid', { month, limit: 1 })).total;
    await page.getByRole('button', { name: 'Получить из 1С…' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Получение табелей из 1С' });
    await expect.poll(async () => dialog.getByTestId('fetch-question').textContent(), { timeout: WAIT_MS }).toMatch(new RegExp(`^Запросить у 1С табели ${inMonth} сотрудник`));
    await dialog.getByRole('button', { name: 'Запросить' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const job = page.getByRole('region', { name: /^Получение табелей № \d+$/ });
    await job.getByText('Готово', { exact: true }).waitFor();

    // The first employee of the file: their row against the gateway's grid.
    const id = people[0]!;
    const truth = (await api.call('timesheets.grid', { month, employeeIds: [id], limit: 1 })).rows[0]!;
    expect(truth.fetchedAt).not.toBeNull();
    await page.getByRole('textbox', { name: 'Поиск по ФИО, табельному номеру или коду' }).fill(truth.employee.tabN);
    const grid = page.getByTestId('timesheet-grid');
    await expect.poll(async () => grid.getAttribute('aria-rowcount'), { timeout: WAIT_MS }).toBe('2');
    const row = grid.locator(`[data-employee-id="${id}"]`);
    await row.waitFor();
    for (const d of truth.days.slice(0, 10)) {
      if (d.entries.length === 0) continue;
      const cell = row.locator(`[role="gridcell"][aria-label^="${ruDate(d.date)}: "]`);
      const chips = await cell.locator('.tc').allTextContents();
      expect(chips.map((c) => c.replace(/\+\d+$/, '')), d.date).toEqual(d.entries.slice(0, 2).map((e) => (e.hours > 0 ? `${e.code} ${ru(e.hours)}` : e.code)));
    }
    // Norm, planned and worked at the row's end (End goes there).
    await grid.focus();
    await page.keyboard.press('End');
    const valueUnder = async (header: string) => {
      const col = await grid.getByRole('columnheader', { name: header, exact: true }).getAttribute('aria-colindex');
      return (await row.locator(`[aria-colindex="${col}"]`).textContent())?.trim();
    };
    await expect.poll(() => valueUnder('Факт'), { timeout: WAIT_MS }).toBe(ru(truth.workedHours));
    expect(await valueUnder('План')).toBe(truth.scheduledHours === null ? '—' : ru(truth.scheduledHours));
    expect(truth.norm.limitHours).not.toBeNull();
    expect(await valueUnder('Норма')).toBe(ru(truth.norm.limitHours!));
    await page.keyboard.press('Home');
    await screenshot(page, '56-timesheets-grid');

    // Enter: the employee's days with what 1C wrote.
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog').filter({ has: page.getByRole('table', { name: 'По дням' }) });
    await drawer.waitFor();
    expect(await drawer.getByRole('table', { name: 'По дням' }).getByRole('row').count()).toBe(truth.days.length + 1);
    await screenshot(page, '57-timesheets-drawer');
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Поиск по ФИО, табельному номеру или коду' }).fill('');
    await expect.poll(async () => grid.getAttribute('aria-rowcount'), { timeout: WAIT_MS }).toBe(String(inMonth + 1));
    expect(errors).toEqual([]);
  });

  it('both screens hold English; the Norms tab fetches a year from 1C', async () => {
    const { page, errors } = await openConsole(`#/schedules/${month}`);
    await page.getByRole('radiogroup', { name: 'Язык' }).locator('label').filter({ hasText: /^EN$/ }).click();
    await page.getByRole('heading', { name: 'Work schedules', level: 2 }).waitFor();
    await page.getByRole('grid', { name: /^Schedule for [A-Z][a-z]+ \d{4}$/ }).waitFor();
    await page.getByRole('tab', { name: 'Upload to 1C' }).click();
    await page.getByRole('table', { name: 'Upload jobs' }).getByText('Done, with failures').waitFor();
    await page.getByRole('button', { name: 'Upload to 1C…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upload schedules to 1C' });
    // The refused employee is still to send; the seven 1C accepted are not sent again.
    await expect.poll(async () => dialog.getByTestId('upload-question').textContent(), { timeout: WAIT_MS }).toBe('Send the schedule of 1 employee for 1 month to 1C?');
    await dialog.getByText('7 unchanged: 1C already accepted exactly these shifts', { exact: true }).waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Timesheets' }).click();
    await page.getByRole('heading', { name: 'Timesheets', level: 2 }).waitFor();
    const grid = page.getByRole('grid', { name: /^Timesheet for [A-Z][a-z]+ \d{4}$/ });
    await grid.waitFor();
    const headers = await grid.getByRole('columnheader').allTextContents();
    expect(headers[0]).toBe('Employee, tab no.');
    expect(headers).toContain('1st halfdays / hours');
    await page.getByRole('note', { name: 'Timesheet legend' }).getByText('Absence, truancy').waitFor();
    await screenshot(page, '58-timesheets-en');

    // Norms: each employee's year by month; a fetch says for how many, then runs as a job.
    await page.getByRole('tab', { name: 'Hours norms' }).click();
    await page.waitForURL(new RegExp(`#/timesheets/${month}/norms$`));
    const year = Number(month.slice(0, 4));
    const normsGrid = page.getByRole('grid', { name: `Hours norms for ${year}` });
    await normsGrid.waitFor();
    const listed = await api.call('norms.list', { year, employeeIds: [people[0]!] });
    const janHours = listed.rows[0]!.hours[0];
    await page.getByRole('textbox', { name: 'Search by name, tab number or code' }).fill(listed.rows[0]!.employee.tabN);
    await expect.poll(async () => normsGrid.getAttribute('aria-rowcount'), { timeout: WAIT_MS }).toBe('2');
    const cells = await gridRows(normsGrid);
    expect(cells[0]![3]).toBe(janHours ? janHours.hours.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—');
    await page.getByRole('textbox', { name: 'Search by name, tab number or code' }).fill('');
    const total = (await api.call('norms.list', { year, limit: 1 })).total;
    await page.getByRole('button', { name: `Fetch norms for ${year}…` }).click();
    const confirm = page.getByRole('dialog', { name: `Fetch norms for ${year}?` });
    await expect.poll(async () => confirm.getByTestId('norms-confirm').textContent(), { timeout: WAIT_MS }).toBe(`Fetch the hours norms for ${year} (Months) of ${total} employees from 1C? Norms fetched before for the year are replaced.`);
    await confirm.getByRole('button', { name: 'Fetch norms' }).click();
    await confirm.waitFor({ state: 'hidden' });
    const job = page.getByRole('region', { name: /^Norm fetch No\. \d+$/ });
    await job.getByText('Done', { exact: true }).waitFor();
    await screenshot(page, '59-norms-en');
    expect(errors).toEqual([]);
  });
});

describe('the demo schedule', () => {
  it("imports the built-in 1C simulator's month from the import dialog through the host: checked like a file, stored with its valid rows", async () => {
    const { page, errors } = await openConsole(`#/schedules/${month}`);
    await page.getByRole('heading', { name: 'Графики работы', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Импорт файла' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Импорт графика из файла' });
    // The simulator may have hired people the directory does not know yet: keep the valid rows.
    await dialog.getByText('Сохранить только верные строки').click();
    await dialog.getByRole('button', { name: /^Загрузить график встроенного симулятора 1С: / }).click();
    const report = dialog.getByTestId('import-report');
    await report.getByText(`demo schedule ${month} (built-in 1C simulator)`).waitFor();
    // All of them, or (when the simulator has hired people the directory lacks) the valid ones.
    await report.getByText(/^(Сохранено смен|Сохранены только верные строки): [\d\s]+/).waitFor();
    await screenshot(page, '60-schedules-demo-import');
    const last = (await api.call('schedules.imports', { limit: 1 })).imports[0]!;
    expect(last).toMatchObject({ source: `demo schedule ${month} (built-in 1C simulator)`, format: 'json' });
    expect(last.rowsStored).toBeGreaterThan(0);
    expect(last.rowsStored + last.rowsRejected).toBe(last.rowsRead);
    // More people have shifts now than the eight of the file imported before.
    expect((await api.call('schedules.list', { month, onlyWithShifts: true, limit: 1 })).total).toBeGreaterThan(8);
    expect(errors).toEqual([]);
  });
});
