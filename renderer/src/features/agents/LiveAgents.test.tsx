import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentView } from '../../../../core/contract/index.ts';
import { gatewayError, type FakeHandlers } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { AgentsPage } from './AgentsPage.tsx';
import { agent, delta, employee, list, report, T0 } from './fixtures.ts';

const t0 = Date.parse(T0);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(t0 + 65_000);
  window.__argusAgentsRenders = 0;
});
afterEach(() => vi.useRealTimers());

const linked = (id: string, name: string, tabN: string) => ({ ...employee(id, { name }), tabN, link: 'login' as const });

function agents(): AgentView[] {
  return [
    agent('a1', { name: 'Смирнова Анна', login: 'smirnova', state: 'talking', site: 'Москва', groups: ['Продажи'], employee: linked('E1', 'Смирнова Анна Павловна', '00101') }),
    agent('a2', { name: 'Петров Борис', login: 'petrov', state: 'break', reason: 'lunch', site: 'Казань', groups: ['Поддержка', 'VIP'], since: new Date(t0 - 3_600_000).toISOString() }),
    agent('a3', { name: 'Иванова Вера', login: 'ivanova', state: 'dnd_custom', reason: 'Перекур у входа', site: 'Москва', groups: ['Поддержка'], employee: linked('E3', 'Иванова Вера Олеговна', '00103') }),
    agent('a4', { name: 'Ёлкин Глеб Ильич', login: 'elkin', state: 'available', site: 'Казань', groups: ['Продажи'], employee: linked('E4', 'Ёлкин Глеб Ильич', '00104') }),
  ];
}

function handlers(over: FakeHandlers = {}): FakeHandlers {
  return {
    'agents.list': () => list(agents(), { asOf: new Date().toISOString() }),
    'agents.identity': () => report([]),
    ...over,
  };
}

async function settle(ms = 300) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

async function open(opts: { handlers?: FakeHandlers; language?: 'ru' | 'en' } = {}) {
  const r = renderConsole(<AgentsPage tableHeight={400} />, { handlers: opts.handlers ?? handlers(), language: opts.language ?? 'en' });
  await settle();
  return r;
}

const grid = () => screen.getByTestId('agents-grid');
const rowIds = () => [...grid().querySelectorAll('[data-agent-id]')].map((r) => r.getAttribute('data-agent-id'));
const row = (id: string) => grid().querySelector(`[data-agent-id="${id}"]`) as HTMLElement;
const stateOf = (id: string) => row(id).querySelector('[data-state]')?.getAttribute('data-state');
const cells = (id: string) => within(row(id)).getAllByRole('gridcell').map((c) => c.textContent);

describe('Agents: the live table', () => {
  it('shows every agent by name with login, employee and tab number, site, groups, state, reason and time in state', async () => {
    await open();
    expect(screen.getByRole('grid', { name: 'MCE agents' })).toBe(grid());
    expect(rowIds()).toEqual(['a4', 'a3', 'a2', 'a1']); // Ёлкин sorts as Елкин
    expect(cells('a1')).toEqual(['Смирнова Анна', 'smirnova', '00101Смирнова Анна Павловна', 'Москва', 'Продажи', 'Talking', '', '01:05']);
    // Named as in 1C: the name is not said twice; the tab number and the department are.
    expect(cells('a4')[2]).toBe('00104Contact centre');
    expect(stateOf('a1')).toBe('talking');
    // A known reason translated, an hour in state as h:mm:ss, and no employee: a marker that leads to the identity tab.
    expect(cells('a2').slice(5)).toEqual(['Break', 'Lunch', '1:01:05']);
    const notLinked = within(row('a2')).getByRole('link', { name: /not linked/ });
    expect(notLinked.getAttribute('href')).toBe('#/agents/identity?search=petrov');
    // A state MCE sent that we do not know, and a reason we do not know: as they are.
    expect(stateOf('a3')).toBe('dnd_custom');
    expect(cells('a3').slice(5, 7)).toEqual(['dnd_custom', 'Перекур у входа']);
  });

  it('counts agents per state, with the total, the MCE mode and the age of the last event', async () => {
    await open();
    const counts = screen.getByRole('group', { name: 'Agents by state' });
    expect(within(counts).getByRole('button', { name: 'Talking: 1' })).toBeTruthy();
    expect(within(counts).getByRole('button', { name: 'Available: 1' })).toBeTruthy();
    expect(within(counts).getByRole('button', { name: 'Offline: 0' })).toBeTruthy();
    expect(within(counts).getByRole('button', { name: 'dnd_custom: 1' })).toBeTruthy();
    expect(screen.getByTestId('agents-total').textContent).toBe('4 agents in all');
    expect(screen.getByRole('status', { name: 'MCE link: Live' })).toBeTruthy();
    expect(screen.getByTestId('agents-last-event').textContent).toBe('last event 1 min ago');
  });

  it('in Russian', async () => {
    await open({ language: 'ru' });
    expect(screen.getByRole('grid', { name: 'Операторы MCE' })).toBeTruthy();
    expect(cells('a2').slice(5)).toEqual(['Перерыв', 'Обед', '1:01:05']);
    expect(screen.getByRole('button', { name: 'Разговор: 1' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Связь с MCE: В реальном времени' })).toBeTruthy();
    expect(screen.getByTestId('agents-total').textContent).toBe('всего 4 оператора');
    expect(screen.getByRole('textbox', { name: 'Поиск по имени, логину или табельному номеру' })).toBeTruthy();
  });

  it('applies deltas in place: states change, rows keep their order, new agents come in by name and removed ones leave', async () => {
    const r = await open();
    act(() => r.client.emit('agents.changed', delta(10, 11, [agent('a1', { name: 'Смирнова Анна', login: 'smirnova', state: 'hold', since: new Date().toISOString(), employee: linked('E1', 'Смирнова Анна Павловна', '00101') }), agent('a5', { name: 'Жуков Дан', login: 'zhukov' })], { removed: ['a3'] })));
    await settle();
    expect(rowIds()).toEqual(['a4', 'a5', 'a2', 'a1']);
    expect(stateOf('a1')).toBe('hold');
    expect(cells('a1')[7]).toBe('00:00');
    expect(screen.getByRole('button', { name: 'On hold: 1' })).toBeTruthy();
  });

  it('renders once for many deltas within 250 ms, and at most four times a second under a stream, ticking included', async () => {
    const r = await open();
    await settle(2000);
    let v = 10;
    // One act per delta, so React commits whatever a timer asked for before the next one.
    const burst = async (n: number, gapMs: number) => {
      for (let i = 0; i < n; i++) {
        await act(async () => {
          r.client.emit('agents.changed', delta(v, v + 1, [agent('a1', { name: 'Смирнова Анна', login: 'smirnova', state: i % 2 ? 'talking' : 'hold' })]));
          v += 1;
          await vi.advanceTimersByTimeAsync(gapMs);
        });
      }
    };
    const before = window.__argusAgentsRenders!;
    await burst(49, 5); // 245 ms
    expect(window.__argusAgentsRenders! - before).toBeLessThanOrEqual(1);
    await settle(260);
    expect(window.__argusAgentsRenders! - before).toBeGreaterThanOrEqual(1);
    expect(window.__argusAgentsRenders! - before).toBeLessThanOrEqual(2);
    // The last of them is what shows.
    expect(stateOf('a1')).toBe('hold');

    const start = window.__argusAgentsRenders!;
    await burst(500, 10); // 5 s of a delta every 10 ms
    const renders = window.__argusAgentsRenders! - start;
    expect(renders).toBeLessThanOrEqual(21);
    expect(renders).toBeGreaterThanOrEqual(15);

    // Quiet: the clock alone ticks once a second.
    const quiet = window.__argusAgentsRenders!;
    const shown = cells('a2')[7];
    for (let i = 0; i < 30; i++) await settle(100);
    expect(window.__argusAgentsRenders! - quiet).toBe(3);
    expect(cells('a2')[7]).not.toBe(shown);
  });

  it('holds rows still under the pointer (cells still update), counts who entered or left the filter, and lets them in when the pointer leaves', async () => {
    const r = await open();
    fireEvent.click(screen.getByRole('button', { name: 'Break: 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Talking: 1' }));
    await settle();
    expect(rowIds()).toEqual(['a2', 'a1']);
    fireEvent.pointerEnter(grid().parentElement!);
    act(() =>
      r.client.emit('agents.changed', delta(10, 11, [
        agent('a1', { name: 'Смирнова Анна', login: 'smirnova', state: 'available', employee: linked('E1', 'Смирнова Анна Павловна', '00101') }),
        agent('a4', { name: 'Ёлкин Глеб', login: 'elkin', state: 'talking', employee: linked('E4', 'Ёлкин Глеб Ильич', '00104') }),
      ])),
    );
    await settle();
    expect(rowIds()).toEqual(['a2', 'a1']);
    expect(stateOf('a1')).toBe('available');
    expect(screen.getByRole('note').textContent).toMatch(/^Rows hold still while the pointer is over the table: 1 entered the filter, 1 left\./);
    fireEvent.pointerLeave(grid().parentElement!);
    await settle();
    expect(rowIds()).toEqual(['a4', 'a2']);
    expect(screen.queryByTestId('agents-frozen-note')).toBeNull();
  });

  it('filters by site, group and search (name, login, tab number); "/" focuses the search, Esc clears it; filters survive live data', async () => {
    const r = await open();
    fireEvent.change(screen.getByRole('combobox', { name: 'Site' }), { target: { value: 'Казань' } });
    await settle();
    expect(rowIds()).toEqual(['a4', 'a2']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Group' }), { target: { value: 'VIP' } });
    await settle();
    expect(rowIds()).toEqual(['a2']);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await settle();
    expect(rowIds()).toHaveLength(4);

    const search = screen.getByRole('textbox', { name: 'Search by name, login or tab number' });
    grid().focus();
    fireEvent.keyDown(document, { key: '/' });
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: '00103' } });
    await settle();
    expect(rowIds()).toEqual(['a3']);
    act(() => r.client.emit('agents.changed', delta(10, 11, [agent('a4', { name: 'Ёлкин Глеб', login: 'elkin', state: 'break' })])));
    await settle();
    expect(rowIds()).toEqual(['a3']);
    expect((search as HTMLInputElement).value).toBe('00103');
    fireEvent.change(search, { target: { value: 'ПЕТРОВ' } });
    await settle();
    expect(rowIds()).toEqual(['a2']);
    fireEvent.keyDown(search, { key: 'Escape' });
    await settle();
    expect((search as HTMLInputElement).value).toBe('');
    expect(rowIds()).toHaveLength(4);
  });

  it('says when nothing matches, with a way back', async () => {
    await open();
    fireEvent.change(screen.getByRole('textbox', { name: 'Search by name, login or tab number' }), { target: { value: 'nobody-like-this' } });
    await settle();
    expect(screen.getByText('Nothing found')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    await settle();
    expect(rowIds()).toHaveLength(4);
  });

  it('opens an agent with Enter: ids, since with its zone, employee and how it is linked', async () => {
    await open();
    grid().focus();
    fireEvent.keyDown(grid(), { key: 'ArrowDown' });
    fireEvent.keyDown(grid(), { key: 'Enter' });
    await settle();
    const drawer = screen.getByRole('dialog');
    expect(within(drawer).getByText('a3')).toBeTruthy();
    expect(within(drawer).getByText('ivanova')).toBeTruthy();
    expect(within(drawer).getByText('Иванова Вера Олеговна')).toBeTruthy();
    expect(within(drawer).getByText('00103')).toBeTruthy();
    expect(within(drawer).getByText('by the login in 1C')).toBeTruthy();
    expect(drawer.textContent).toContain('2 Mar 2026 13:00');
    expect(drawer.textContent).toContain('MSK');
  });
});

describe('Agents: empty, loading and error states', () => {
  it('says how to configure MCE when it is not configured', async () => {
    await open({ handlers: handlers({ 'agents.list': () => list([], { mode: 'not_configured', lastEventAt: null }) }) });
    expect(screen.getByText('MCE is not configured')).toBeTruthy();
    expect(screen.getByText(/gatewayctl config set mce\.url/)).toBeTruthy();
    expect(screen.getByText(/gatewayctl credentials set mce/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open Settings' }).getAttribute('href')).toBe('#/settings');
    // The command block sits in valid HTML (a <pre> inside a <p> is not: browsers split the paragraph).
    expect(screen.getByText(/gatewayctl config set mce\.url/).closest('p')).toBeNull();
  });

  it('says MCE has reported no agents yet, with the mode', async () => {
    await open({ handlers: handlers({ 'agents.list': () => list([], { mode: 'fallback' }) }) });
    expect(screen.getByText('No agents yet')).toBeTruthy();
    expect(screen.getByText(/MCE link: Fallback polling\. MCE has not reported any agent yet/)).toBeTruthy();
  });

  it('shows the gateway’s error and loads again on Retry', async () => {
    let fail = true;
    await open({
      handlers: handlers({
        'agents.list': () => {
          if (fail) throw gatewayError('mce_unavailable', 'The MCE listener is not running in this process.');
          return list(agents());
        },
      }),
    });
    expect(screen.getByRole('alert').textContent).toContain('The MCE listener is not running in this process.');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await settle();
    expect(rowIds()).toHaveLength(4);
  });

  it('reloads the list after the console reconnects', async () => {
    const r = await open();
    const lists = () => r.client.calls.filter((c) => c.method === 'agents.list').length;
    expect(lists()).toBe(1);
    act(() => r.client.setState('reconnecting'));
    act(() => r.client.setState('open'));
    await settle();
    expect(lists()).toBe(2);
  });

  it('a reload pushed by the gateway (a sync applied or a link made elsewhere) refreshes the identity count on the tab too', async () => {
    let open5 = true;
    const r = await open({
      handlers: handlers({ 'agents.identity': () => report([], { counts: { agent_without_employee: open5 ? 5 : 1, employee_without_agent: 0, duplicate_login: 0, deactivated_in_mce: 0 } }) }),
    });
    const identityCalls = () => r.client.calls.filter((c) => c.method === 'agents.identity').length;
    expect(screen.getByLabelText('5 discrepancies')).toBeTruthy();
    // A state change alone leaves the report alone.
    const before = identityCalls();
    act(() => r.client.emit('agents.changed', delta(10, 11, [agent('a4', { name: 'Ёлкин Глеб', login: 'elkin', state: 'break' })])));
    await settle();
    expect(identityCalls()).toBe(before);
    open5 = false;
    act(() => r.client.emit('agents.changed', delta(11, 12, [], { reload: true })));
    await settle();
    expect(screen.getByLabelText('1 discrepancy')).toBeTruthy();
  });

  it('names the whole employee on hover, however narrow the column', async () => {
    await open();
    expect(row('a1').querySelector('.employee-cell')?.getAttribute('title')).toBe('Смирнова Анна Павловна · 00101 · Contact centre');
  });
});
