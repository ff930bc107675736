/**
 * The Agents screen in Debian's Chromium against the real headless host, with the in-process
 * MCE/Oktell simulator as the truth: the live table follows the simulator agent by agent, the
 * counts add up, filters and search narrow the rows; a killed socket moves the badge to fallback
 * polling (the table still updating from REST) and back to live, and Health counts the reconnect;
 * after a personnel sync, a manual link fixes an agent 1C does not know, a "not an employee"
 * mark and its removal move the identity report, the audit log names the console's actor;
 * and the screen holds English. Screenshots go to test-results/screenshots/ (4x-…).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentsEn } from '../renderer/src/i18n/agents.en.ts';
import { agentsRu } from '../renderer/src/i18n/agents.ru.ts';
import { createWsClient } from '../renderer/src/client/ws.ts';
import type { ConsoleClient } from '../renderer/src/client/types.ts';
import type { MceAgent, MceSimulator } from '../simulators/mce/server.ts';
import { collectPageErrors, launchChromium, newConsoleContext, screenshot } from './support/browser.ts';
import { startHost, type Host } from './support/host.ts';

let browser: Browser;
let host: Host;
let api: ConsoleClient;
let sim: MceSimulator;
let context: BrowserContext | null = null;
/** Status events a second over ~190 agents: each agent changes every ten seconds or so, a visible row or two a second. */
const RATE = 20;

beforeAll(async () => {
  browser = await launchChromium();
  host = await startHost({ employees: 200, seed: 7, agentEventsPerSec: RATE });
  sim = host.server.mceSimulator!;
  api = createWsClient({ url: `ws://127.0.0.1:${host.server.port}/ws`, token: host.server.token });
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await host?.close();
});

afterEach(async () => {
  sim?.resume();
  sim?.setRate(RATE);
  await context?.close();
  context = null;
});

/** The machine is small and shared: generous bounds, never sleeps. */
const WAIT_MS = 15_000;

async function openConsole(path: string, opts: { locale?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  context = await newConsoleContext(browser, opts);
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(host.server.consoleUrl);
  // The console starts in the browser's language: Russian by default here, English for an en-US context.
  await page.getByRole('status', { name: opts.locale?.startsWith('en') ? 'Connection: Connected' : 'Соединение: На связи' }).waitFor();
  await page.goto(`${host.server.url}/${path}`);
  return { page, errors };
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs` saying what it last saw. */
async function waitUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = WAIT_MS, seen?: () => unknown): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${seen ? `; last seen ${JSON.stringify(seen())}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

interface RowView {
  id: string;
  state: string;
  since: string;
  name: string;
  login: string;
  employee: string;
  inState: string;
}

const grid = (page: Page) => page.getByTestId('agents-grid');

/**
 * The rows inside the table's viewport (not the overscan), as the operator sees them, and the
 * connection badge's name, read at one instant (one evaluation between two renders).
 */
function screenNow(page: Page): Promise<{ rows: RowView[]; badge: string | null }> {
  return grid(page).evaluate((el) => {
    const box = el.getBoundingClientRect();
    const rows: RowView[] = [];
    for (const r of el.querySelectorAll('[data-agent-id]')) {
      const b = r.getBoundingClientRect();
      if (b.bottom <= box.top || b.top >= box.bottom) continue;
      const cells = [...r.querySelectorAll('[role="gridcell"]')].map((c) => (c.textContent ?? '').trim());
      const st = r.querySelector('[data-state]');
      rows.push({
        id: r.getAttribute('data-agent-id') ?? '',
        state: st?.getAttribute('data-state') ?? '',
        since: st?.getAttribute('data-since') ?? '',
        name: cells[0] ?? '',
        login: cells[1] ?? '',
        employee: cells[2] ?? '',
        inState: cells[7] ?? '',
      });
    }
    const status = [...document.querySelectorAll('main [role="status"][aria-label]')].find((s) => /^(Связь с MCE|MCE link): /.test(s.getAttribute('aria-label') ?? ''));
    return { rows, badge: status?.getAttribute('aria-label') ?? null };
  });
}

const visibleRows = async (page: Page): Promise<RowView[]> => (await screenNow(page)).rows;

function simAgents(): Map<string, MceAgent> {
  return new Map(sim.agents().map((a) => [a.agentId, a]));
}

function tally(agents: Iterable<MceAgent>): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of agents) m.set(a.state, (m.get(a.state) ?? 0) + 1);
  return m;
}

const stateLabels: Record<string, string> = agentsRu.state;
const stateOfLabel = new Map(Object.entries(stateLabels).map(([state, label]) => [label, state]));

/** The chips on top: state → count, from their accessible names ("Разговор: 12"). */
async function chipCounts(page: Page, group = 'Операторы по состояниям', labels = stateOfLabel): Promise<Map<string, number>> {
  const names = await page.getByRole('group', { name: group }).getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? ''));
  const m = new Map<string, number>();
  for (const n of names) {
    const i = n.lastIndexOf(': ');
    m.set(labels.get(n.slice(0, i)) ?? n.slice(0, i), Number(n.slice(i + 2).replace(/\D/g, '')));
  }
  return m;
}

const digits = (s: string | null) => Number((s ?? '').replace(/\D/g, ''));
const rowCount = async (page: Page) => Number(await grid(page).getAttribute('aria-rowcount')) - 1;

/** "04:07" or "1:04:07" → seconds. */
function seconds(text: string): number {
  return text.split(':').reduce((acc, p) => acc * 60 + Number(p), 0);
}

const fold = (s: string) => s.toLowerCase().replaceAll('ё', 'е');

const badge = (page: Page, mode: string) => page.getByRole('status', { name: `Связь с MCE: ${mode}` });

describe('the Agents screen, live', () => {
  it('shows the simulator’s agents, follows their changes, counts add up, time in state ticks; chips and search filter', async () => {
    const { page, errors } = await openConsole('#/agents');
    await page.getByRole('heading', { name: 'Операторы', level: 2 }).waitFor();
    await badge(page, 'В реальном времени').waitFor();
    await grid(page).waitFor();

    const total = sim.agents().length;
    expect(total).toBeGreaterThan(150);
    await expect.poll(() => rowCount(page), { timeout: WAIT_MS }).toBe(total);
    expect(digits(await page.getByTestId('agents-total').textContent())).toBe(total);
    const counts = await chipCounts(page);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(total);

    // Within a few seconds a visible row changes to what the simulator says for that agent now.
    const before = new Map((await visibleRows(page)).map((r) => [r.id, r.since]));
    expect(before.size).toBeGreaterThan(5);
    const changed = await waitUntil('a visible row changing to the simulator’s state', async () => {
      const truth = simAgents();
      return (await visibleRows(page)).find((r) => before.has(r.id) && before.get(r.id) !== r.since && truth.get(r.id)?.since === r.since && truth.get(r.id)?.state === r.state);
    });
    expect(changed.state).toBe(simAgents().get(changed.id)!.state);

    // Held still, the screen converges on the simulator exactly: every visible row, every count.
    sim.pause();
    const truth = simAgents();
    await waitUntil(
      'the visible rows equal to the simulator',
      async () => {
        const rows = await visibleRows(page);
        return rows.every((r) => truth.get(r.id)?.state === r.state && truth.get(r.id)?.since === r.since && truth.get(r.id)?.name === r.name) ? rows : undefined;
      },
    );
    const expected = tally(truth.values());
    await waitUntil('the counts per state equal to the simulator’s', async () => {
      const shown = await chipCounts(page);
      return [...expected].every(([s, n]) => shown.get(s) === n) && [...shown].every(([s, n]) => n === (expected.get(s) ?? 0)) ? shown : undefined;
    });
    await badge(page, 'В реальном времени').waitFor();
    await expect(page.getByTestId('agents-last-event').textContent()).resolves.toMatch(/^последнее событие/);

    // Time in state ticks: the same state (same since), more seconds; and it is now − since.
    const [first] = await visibleRows(page);
    const sinceMs = Date.parse(first!.since);
    expect(Math.abs(seconds(first!.inState) - (Date.now() - sinceMs) / 1000)).toBeLessThan(5);
    await waitUntil('the time in state ticking', async () => {
      const r = (await visibleRows(page)).find((x) => x.id === first!.id);
      return r && r.since === first!.since && seconds(r.inState) > seconds(first!.inState) ? r : undefined;
    });
    await screenshot(page, '40-agents-live');

    // A state chip: only that state's agents, as many as the chip says.
    const [state, n] = [...expected].sort((a, b) => b[1] - a[1])[0]!;
    const chip = page.getByRole('group', { name: 'Операторы по состояниям' }).getByRole('button', { name: `${stateLabels[state]}: ${n}` });
    await chip.click();
    await expect(chip.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect.poll(() => rowCount(page), { timeout: WAIT_MS }).toBe(n);
    await expect(page.getByTestId('agents-total').textContent()).resolves.toContain(`показано ${n}`);
    const inState = new Set([...truth.values()].filter((a) => a.state === state).map((a) => a.agentId));
    for (const r of await visibleRows(page)) expect(inState.has(r.id), `${r.id} (${r.state}) under the ${state} chip`).toBe(true);

    // And a search on top: a surname fragment of one of them.
    const someone = truth.get((await visibleRows(page))[0]!.id)!;
    const term = someone.name.split(' ')[0]!.slice(0, 4);
    const matches = (a: MceAgent) => fold(`${a.name}\n${a.login}`).includes(fold(term));
    const search = page.getByRole('textbox', { name: 'Поиск по имени, логину или табельному номеру' });
    await search.fill(term);
    const both = [...truth.values()].filter((a) => a.state === state && matches(a));
    await expect.poll(() => rowCount(page), { timeout: WAIT_MS }).toBe(both.length);
    expect(new Set((await visibleRows(page)).map((r) => r.id))).toEqual(new Set(both.map((a) => a.agentId)));

    // The chip off: the search alone.
    await chip.click();
    const bySearch = [...truth.values()].filter(matches);
    expect(bySearch.length).toBeGreaterThanOrEqual(both.length);
    await expect.poll(() => rowCount(page), { timeout: WAIT_MS }).toBe(bySearch.length);
    for (const r of await visibleRows(page)) expect(fold(`${r.name}\n${r.login}`)).toContain(fold(term));
    sim.resume();
    expect(errors).toEqual([]);
  });

  it('a killed socket: the badge goes to fallback polling while REST keeps the table current, then back to live; Health counts the reconnect', async () => {
    // Poll REST every second while the socket is down (the minimum), so the table visibly moves meanwhile.
    // The heartbeat timeout stays as it is: a killed socket closes at once, and a 1 s timeout would
    // drop a healthy socket whenever MCE is quiet (its heartbeat comes every 30 s).
    await api.call('config.set', { key: 'mce.pollIntervalMs', value: 1000 });
    const reconnectsBefore = (await api.call('mce.status', {})).counters.reconnects;
    const { page, errors } = await openConsole('#/agents');
    await badge(page, 'В реальном времени').waitFor();
    await grid(page).waitFor();

    // The socket dropped without a close frame; upgrades refused for 4 s.
    expect(sim.killSockets(4)).toBeGreaterThanOrEqual(1);
    await badge(page, 'Резервный опрос').waitFor({ timeout: 10_000 });
    const before = new Map((await visibleRows(page)).map((r) => [r.id, r.since]));
    await screenshot(page, '41-agents-fallback');
    // Still in fallback after the picture: the picture shows it.
    await expect(badge(page, 'Резервный опрос').isVisible()).resolves.toBe(true);

    // A row moves to the simulator's state while the badge still says fallback: REST brought it.
    // MCE busier for a moment (every agent about every two seconds), so each poll visibly changes rows.
    sim.setRate(100);
    const fromRest = await waitUntil('a row updated from REST while in fallback', async () => {
      const { rows, badge: now } = await screenNow(page);
      if (now !== 'Связь с MCE: Резервный опрос') throw new Error(`the badge left fallback before any visible row changed: ${now}`);
      const truth = simAgents();
      return rows.find((r) => before.has(r.id) && before.get(r.id) !== r.since && Date.parse(truth.get(r.id)!.since) >= Date.parse(r.since));
    }, 8_000);
    sim.setRate(RATE);
    expect(fromRest.since).not.toBe(before.get(fromRest.id));
    expect((await api.call('mce.status', {})).counters.polls).toBeGreaterThanOrEqual(1);

    // Upgrades are accepted again: live.
    await badge(page, 'В реальном времени').waitFor({ timeout: 25_000 });
    const status = await api.call('mce.status', {});
    expect(status.mode).toBe('live');
    expect(status.counters.reconnects).toBeGreaterThan(reconnectsBefore);

    // Health's MCE card counts the reconnect.
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Состояние' }).click();
    const card = page.getByRole('region', { name: 'MCE / Oktell' });
    await card.getByRole('status', { name: 'Связь с MCE: В реальном времени' }).waitFor();
    const reconnects = card.getByRole('table', { name: 'Счётчики слушателя MCE' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Переподключения' }) }).getByRole('cell');
    await expect.poll(async () => digits(await reconnects.textContent()), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
  });
});

describe('the Agents screen, identity', () => {
  it('a sync links agents by login; a manual link fixes an agent 1C does not know; "not an employee" and its removal; all audited', async () => {
    const { page, errors } = await openConsole('#/agents');
    await grid(page).waitFor();
    // The directory is empty: nobody is linked yet.
    await waitUntil('every visible row not linked', async () => ((await visibleRows(page)).every((r) => r.employee === agentsRu.notLinked) ? true : undefined));

    // A personnel sync for the current month, through the contract.
    const today = host.server.simulator!.today();
    const [y, m] = today.split('-').map(Number) as [number, number];
    const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const plan = await api.call('plans.create', { from: `${today.slice(0, 7)}-01`, to: monthEnd });
    await api.call('plans.approve', { planId: plan.id, by: 'Анна Смирнова' });
    await api.call('plans.apply', { planId: plan.id });
    const directory = (await api.call('directory.list', { limit: 5000 })).employees;
    expect(directory.length).toBeGreaterThan(150);

    // The open screen takes the list again by itself: rows now show their employees, by login.
    const byLogin = new Map(directory.filter((e) => e.login).map((e) => [e.login!.toLowerCase(), e]));
    const linkedRow = await waitUntil('visible rows showing their employees after the sync', async () => {
      const rows = await visibleRows(page);
      const linked = rows.filter((r) => r.employee !== agentsRu.notLinked);
      return linked.length >= rows.length - 2 ? linked[0] : undefined;
    });
    const e0 = byLogin.get(linkedRow.login.toLowerCase());
    expect(e0, `an employee with login ${linkedRow.login}`).toBeTruthy();
    expect(linkedRow.employee).toContain(e0!.tabN);
    // The employee's name when it differs from the agent's; when MCE names the agent as 1C does, the department instead.
    const fullName = [e0!.lastName, e0!.firstName, e0!.secondName].filter(Boolean).join(' ');
    if (linkedRow.name === fullName) expect(linkedRow.employee).toContain((e0!.departmentName ?? '').slice(0, 12));
    else expect(linkedRow.employee).toContain(e0!.lastName);

    // Accounts MCE has and 1C does not: the simulator adds a few.
    const simState = sim.state();
    expect(simState.unknownToOnec).toBeGreaterThanOrEqual(2);
    const unknown = sim.agents().filter((a) => !byLogin.has(a.login.toLowerCase()));
    const supervisor = unknown.find((a) => a.login === 'supervisor.1');
    const other = unknown.find((a) => a.login !== 'supervisor.1' && a.site !== undefined) ?? unknown.find((a) => a.login !== 'supervisor.1');
    expect(supervisor, 'supervisor.1 among the agents 1C does not know').toBeTruthy();
    expect(other).toBeTruthy();

    // The identity tab: both are agents without an employee.
    await page.getByRole('tab', { name: /Сопоставление/ }).click();
    await page.waitForURL(/#\/agents\/identity$/);
    const report = page.getByRole('table', { name: 'Расхождения' });
    await report.waitFor();
    const counted = (await api.call('agents.identity', { kind: 'agent_without_employee', limit: 200 })).total;
    expect(counted).toBeGreaterThanOrEqual(2);
    const kinds = page.getByRole('group', { name: 'Расхождения по видам' });
    const withoutEmployee = (n: number) => kinds.getByRole('button', { name: `Оператор без сотрудника: ${n}` });
    await withoutEmployee(counted).waitFor();
    // The tab's count followed the sync applied elsewhere (the gateway's reload push), not a stale one.
    const discrepancies = Object.values((await api.call('agents.identity', { limit: 1 })).counts).reduce((a, b) => a + (b ?? 0), 0);
    await page.getByRole('tab', { name: /Сопоставление/ }).getByLabel(new RegExp(`^${discrepancies} расхожден`)).waitFor();
    const rowOf = (login: string) => report.getByRole('row').filter({ has: page.getByRole('cell', { name: login, exact: true }) });
    await rowOf('supervisor.1').getByText('Оператор без сотрудника').waitFor();
    await rowOf(other!.login).getByText('Оператор без сотрудника').waitFor();
    await screenshot(page, '42-agents-identity');

    // An active employee with no login of their own (a supervisor in 1C's eyes): link supervisor.1 to them.
    const target = directory.find((e) => e.active && e.login === null);
    expect(target, 'an active employee without a login in the directory').toBeTruthy();
    await rowOf('supervisor.1').getByRole('button', { name: 'Связать логин «supervisor.1» с сотрудником' }).click();
    const dialog = page.getByRole('dialog', { name: 'Связать логин «supervisor.1» с сотрудником' });
    await dialog.waitFor();
    await expect(dialog.getByRole('button', { name: 'Связать', exact: true }).isDisabled()).resolves.toBe(true);
    await dialog.getByRole('textbox', { name: 'Сотрудник' }).fill(target!.tabN);
    await dialog.getByRole('radio', { name: `${target!.fullName} · ${target!.tabN}` }).click();
    await expect(dialog.getByTestId('consequence').textContent()).resolves.toContain(`Логин «supervisor.1» будет принадлежать сотруднику ${target!.fullName} (табельный № ${target!.tabN})`);
    await dialog.getByRole('button', { name: 'Связать', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`Логин «supervisor.1» связан с сотрудником ${target!.fullName}.`).waitFor();
    await withoutEmployee(counted - 1).waitFor();
    await rowOf('supervisor.1').waitFor({ state: 'detached' });

    // The other one is a service account: "not an employee" takes it out of the report.
    await rowOf(other!.login).getByRole('button', { name: `Отметить логин «${other!.login}» как «не сотрудник»` }).click();
    const mark = page.getByRole('dialog', { name: `Логин «${other!.login}» — не сотрудник?` });
    await mark.getByRole('button', { name: 'Отметить «не сотрудник»' }).click();
    await mark.waitFor({ state: 'hidden' });
    await withoutEmployee(counted - 2).waitFor();
    await rowOf(other!.login).waitFor({ state: 'detached' });
    const links = page.getByRole('region', { name: 'Ручные связи' });
    const linkRow = (login: string) => links.getByRole('row').filter({ has: page.getByRole('cell', { name: login, exact: true }) });
    await linkRow(other!.login).getByText('не сотрудник').waitFor();
    await linkRow('supervisor.1').getByText(target!.fullName).waitFor();

    // Removing that mark brings it back.
    await links.getByRole('button', { name: `Удалить ручную связь логина «${other!.login}»` }).click();
    const unlink = page.getByRole('dialog', { name: `Удалить ручную связь логина «${other!.login}»?` });
    await unlink.getByRole('button', { name: 'Удалить связь' }).click();
    await unlink.waitFor({ state: 'hidden' });
    await withoutEmployee(counted - 1).waitFor();
    await rowOf(other!.login).getByText('Оператор без сотрудника').waitFor();
    await linkRow(other!.login).waitFor({ state: 'detached' });

    // Back on the live tab: the gateway pushed a reload, supervisor.1's row names the employee.
    await page.getByRole('tab', { name: 'Состояния' }).click();
    await page.getByRole('textbox', { name: 'Поиск по имени, логину или табельному номеру' }).fill('supervisor.1');
    await expect.poll(() => rowCount(page), { timeout: WAIT_MS }).toBe(1);
    const [row] = await waitUntil('supervisor.1 linked on the live tab', async () => {
      const rows = await visibleRows(page);
      return rows.length === 1 && rows[0]!.employee.includes(target!.fullName) ? rows : undefined;
    });
    expect(row!.id).toBe(supervisor!.agentId);
    expect(row!.employee).toContain(target!.tabN);
    await screenshot(page, '43-agents-linked');

    // The audit log: who linked, marked and unlinked — the console's actor.
    const actor = (await api.call('app.info', {})).actor;
    const linked = (await api.call('audit.list', { action: 'agent.linked', limit: 50 })).entries;
    const unlinked = (await api.call('audit.list', { action: 'agent.unlinked', limit: 50 })).entries;
    const ofLogin = (es: typeof linked, login: string) => es.filter((e) => e.entityId === login.toLowerCase());
    expect(ofLogin(linked, 'supervisor.1').map((e) => [e.actor, (e.after as { externalId: string | null }).externalId])).toEqual([[actor, target!.externalId]]);
    expect(ofLogin(linked, other!.login).map((e) => [e.actor, (e.after as { externalId: string | null }).externalId])).toEqual([[actor, null]]);
    expect(ofLogin(unlinked, other!.login).map((e) => e.actor)).toEqual([actor]);
    expect(actor).toContain('web console');
    expect(errors).toEqual([]);
  });
});

describe('the Agents screen in English', () => {
  it('shows the same agents and links in English', async () => {
    const { page, errors } = await openConsole('#/agents', { locale: 'en-US' });
    // An English browser gets the console in English on first start, with no choice to make.
    await page.getByRole('radiogroup', { name: 'Language' }).waitFor();
    await page.getByRole('heading', { name: 'Agents', level: 2 }).waitFor();
    await page.getByRole('status', { name: 'MCE link: Live' }).waitFor();
    await grid(page).waitFor();
    const total = sim.agents().length;
    await expect.poll(() => rowCount(page), { timeout: WAIT_MS }).toBe(total);
    await expect(page.getByTestId('agents-total').textContent()).resolves.toBe(`${total} agents in all`);
    const en = await chipCounts(page, 'Agents by state', new Map(Object.entries(agentsEn.state).map(([s, l]) => [l, s])));
    expect([...en.values()].reduce((a, b) => a + b, 0)).toBe(total);
    for (const s of en.keys()) expect(Object.keys(agentsEn.state), `chip ${s} named in English`).toContain(s);
    const headers = await grid(page).getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Agent', 'Login', 'Employee', 'Site', 'Groups', 'State', 'Reason', 'In state']);
    await page.getByRole('tab', { name: 'States' }).waitFor();
    await page.getByRole('tab', { name: /Identity/ }).waitFor();
    // The same data: the link made in Russian in the test before shows here too.
    const link = (await api.call('agents.identity', { limit: 1 })).links.find((l) => l.login === 'supervisor.1');
    expect(link?.employee, 'supervisor.1 linked by the identity test').toBeTruthy();
    const search = page.getByRole('textbox', { name: agentsEn.filters.search });
    await search.fill('supervisor.1');
    await waitUntil('supervisor.1 with its employee', async () => ((await visibleRows(page))[0]?.employee.includes(link!.employee!.name) ? true : undefined));
    await search.fill('');
    await expect.poll(() => rowCount(page), { timeout: WAIT_MS }).toBe(total);
    // Linked by 1C's logins, the first rows show employees, marked in English if at all.
    const rows = await visibleRows(page);
    expect(rows.filter((r) => r.employee === agentsEn.notLinked)).toEqual([]);
    expect(rows.map((r) => r.employee).join('\n')).not.toMatch(new RegExp(`${agentsRu.notLinked}|${agentsRu.inactive}`));
    await screenshot(page, '44-agents-en');
    expect(errors).toEqual([]);
  });
});
