import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MceStatus } from '../../../../core/contract/index.ts';
import { renderConsole } from '../../test/render.tsx';
import { MCE_STATUS_REFRESH_MS, MceCard } from './MceCard.tsx';

afterEach(() => vi.useRealTimers());

function status(over: Partial<MceStatus> = {}): MceStatus {
  return {
    mode: 'fallback',
    modeSince: '2026-03-02T09:48:00.000Z',
    endpoint: 'http://mce-srv:8090',
    simulated: false,
    lastEventAt: new Date(Date.now() - 3000).toISOString(),
    agents: 20000,
    eventsPerSec: 4812.37,
    counters: { events: 1284311, snapshots: 14, seqGaps: 3, resyncs: 3, reconnects: 2, tokenRefreshes: 41, badFrames: 0, polls: 152 },
    lastError: { code: 'mce_socket_closed', message: 'The MCE socket closed (1006) and did not come back within 60 s; polling REST every 5 s.', at: '2026-03-02T09:48:00.000Z', permanent: false },
    writtenAt: new Date().toISOString(),
    stale: false,
    ...over,
  };
}

const card = () => screen.getByRole('region', { name: 'MCE / Oktell' });

describe('Health: the MCE card', () => {
  it('shows mode, endpoint, last event, agents, events per second, the counters and the last error verbatim', async () => {
    renderConsole(<MceCard />, { handlers: { 'mce.status': () => status() }, zone: 'Europe/Moscow' });
    expect(await within(card()).findByRole('status', { name: 'MCE link: Fallback polling' })).toBeTruthy();
    const c = card();
    expect(within(c).getByText('http://mce-srv:8090')).toBeTruthy();
    expect(within(c).getByText('3 sec ago')).toBeTruthy();
    expect(within(c).getByText('20,000')).toBeTruthy();
    expect(within(c).getByText('4,812.4')).toBeTruthy();
    const counters = within(c).getByRole('table', { name: 'MCE listener counters' });
    const pairs = within(counters).getAllByRole('row').map((r) => r.textContent);
    expect(pairs).toEqual(['Status events1,284,311', 'Full snapshots14', 'Seq gaps3', 'Resyncs3', 'Reconnects2', 'Token refreshes41', 'Bad frames0', 'REST polls152']);
    const error = within(c).getByTestId('mce-last-error');
    expect(error.textContent).toContain('The MCE socket closed (1006) and did not come back within 60 s; polling REST every 5 s.');
    expect(error.textContent).toContain('the gateway keeps retrying');
    expect(error.textContent).toContain('2 Mar 2026 12:48');
    expect(error.textContent).toContain('mce_socket_closed');
    expect(c.textContent).toContain('mode since');
  });

  it('says a permanent error needs action, and names the built-in simulator instead of an endpoint', async () => {
    renderConsole(<MceCard />, {
      language: 'ru',
      handlers: { 'mce.status': () => status({ mode: 'offline', simulated: true, endpoint: 'http://127.0.0.1:41234', lastError: { code: 'mce_auth', message: 'MCE refused the user name or password (HTTP 401).', at: '2026-03-02T09:48:00.000Z', permanent: true } }) },
    });
    expect(await within(card()).findByRole('status', { name: 'Связь с MCE: Нет связи с MCE' })).toBeTruthy();
    expect(within(card()).getByText('встроенный симулятор (демо)')).toBeTruthy();
    expect(within(card()).queryByText('http://127.0.0.1:41234')).toBeNull();
    const error = within(card()).getByTestId('mce-last-error');
    expect(error.textContent).toContain('нужно вмешательство');
    expect(error.textContent).toContain('MCE refused the user name or password (HTTP 401).');
  });

  it('says calmly how to configure MCE when it is not', async () => {
    renderConsole(<MceCard />, { handlers: { 'mce.status': () => status({ mode: 'not_configured', endpoint: null, lastEventAt: null, lastError: null, modeSince: null }) } });
    const line = await screen.findByTestId('mce-not-configured');
    expect(line.textContent).toContain('MCE is not configured: agent states are not tracked.');
    expect(line.textContent).toContain('gatewayctl config set mce.url …');
    expect(line.textContent).toContain('gatewayctl credentials set mce …');
    expect(within(line).getByRole('link', { name: /Open Settings/ }).getAttribute('href')).toBe('#/settings');
    expect(within(card()).queryByRole('table')).toBeNull();
  });

  it('says when no process runs the listener (a status read from the database)', async () => {
    renderConsole(<MceCard />, { handlers: { 'mce.status': () => status({ stale: true, writtenAt: new Date(Date.now() - 600_000).toISOString() }) } });
    expect((await within(card()).findByRole('note')).textContent).toContain('No gateway process runs the MCE listener: status written');
  });

  it('refetches every few seconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const r = renderConsole(<MceCard />, { handlers: { 'mce.status': () => status() } });
    const calls = () => r.client.calls.filter((c) => c.method === 'mce.status').length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(100);
    });
    expect(calls()).toBe(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(MCE_STATUS_REFRESH_MS);
    });
    expect(calls()).toBe(2);
  });
});
