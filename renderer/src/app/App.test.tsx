import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Output } from '../../../core/contract/index.ts';
import type { FakeHandlers } from '../client/fake-client.ts';
import { samplePlanForTests } from '../client/fixtures.ts';
import { renderConsole } from '../test/render.tsx';
import { NotBuilt } from '../components/NotBuilt.tsx';
import { App } from './App.tsx';
import { hashParam, hrefFor, parseHash } from './router.ts';

const info = (demo: boolean, simulated: Output<'app.info'>['simulated'] = demo ? ['onec', 'mce'] : []): Output<'app.info'> => ({
  version: '0.1.0', host: 'web', demo, simulated, dataDir: '/tmp/x', zone: 'Europe/Moscow', startedAt: '2026-11-24T10:00:00.000Z', actor: 'tester',
});

const handlers = (demo: boolean): FakeHandlers => ({
  'app.info': () => info(demo),
  'health.summary': () => ({ status: 'degraded', checkedAt: '2026-11-24T10:00:00.000Z', checks: [{ name: 'onec', status: 'degraded', checkedAt: '2026-11-24T10:00:00.000Z', latencyMs: 812, reason: '1C answered slowly' }] }),
  'plans.list': (input) => {
    const plans = [samplePlanForTests(1, { status: 'applied', createdAt: '2026-11-24T09:00:00.000Z' }), samplePlanForTests(2, { createdAt: '2026-11-20T09:00:00.000Z' })];
    const filtered = input.status ? plans.filter((p) => p.status === input.status) : plans;
    return { total: filtered.length, plans: filtered };
  },
});

describe('routes', () => {
  it('parses sections and plan ids, and refuses what does not exist', () => {
    expect(parseHash('')).toEqual({ section: 'health' });
    expect(parseHash('#/plans/12')).toEqual({ section: 'plans', planId: 12 });
    expect(parseHash('#/plans/abc')).toEqual({ section: 'notFound' });
    expect(parseHash('#/nowhere')).toEqual({ section: 'notFound' });
    expect(parseHash('#/agents')).toEqual({ section: 'agents', tab: 'live' });
    expect(parseHash('#/agents/identity?search=op1017')).toEqual({ section: 'agents', tab: 'identity' });
    expect(parseHash('#/agents/other')).toEqual({ section: 'notFound' });
    expect(hrefFor({ section: 'agents', tab: 'identity' })).toBe('#/agents/identity');
    expect(hashParam('#/agents/identity?search=op%201017', 'search')).toBe('op 1017');
    expect(hashParam('#/agents/identity', 'search')).toBeNull();
  });
});

describe('app shell', () => {
  it('says plainly when the gateway runs on its built-in simulators, which, and where to start', async () => {
    renderConsole(<App />, { handlers: handlers(true) });
    const banner = await screen.findByRole('note', { name: 'Demo: built-in simulators' });
    await waitFor(() => expect(banner.textContent).toContain('built-in 1C:ZUP and MCE/Oktell simulators'));
    expect(within(banner).getByRole('link', { name: 'Watch agents →' }).getAttribute('href')).toBe('#/agents');
    expect(within(banner).getByRole('link', { name: 'Generate a plan →' }).getAttribute('href')).toBe('#/plans');
  });

  it('with a real 1C and only MCE simulated, says so and offers only the agents', async () => {
    renderConsole(<App />, { handlers: { ...handlers(true), 'app.info': () => info(true, ['mce']) } });
    const banner = await screen.findByRole('note', { name: 'Demo: built-in simulators' });
    await waitFor(() => expect(banner.textContent).toContain('agent states come from the built-in MCE/Oktell simulator'));
    expect(within(banner).queryByRole('link', { name: 'Generate a plan →' })).toBeNull();
    expect(within(banner).getByRole('link', { name: 'Watch agents →' })).toBeTruthy();
  });

  it('in demo mode with an address already saved, says it takes effect after a restart', async () => {
    renderConsole(<App />, { handlers: { ...handlers(true), 'config.get': () => ({ values: { 'onec.url': 'http://zup.example/zup/hs/wfm' } }) } });
    const banner = await screen.findByRole('note', { name: 'Demo: built-in simulators' });
    await waitFor(() => expect(banner.textContent).toContain('A 1C endpoint is saved (http://zup.example/zup/hs/wfm) and takes effect when the gateway restarts'));
  });

  it('shows no demo banner against real systems, and the health checks with their reason', async () => {
    renderConsole(<App />, { handlers: handlers(false) });
    expect(await screen.findByText('1C answered slowly')).toBeTruthy();
    expect(screen.getByText('812 ms')).toBeTruthy();
    expect(screen.queryByRole('note', { name: 'Demo: built-in simulators' })).toBeNull();
  });

  it('navigates, marks the current section, and counts plans awaiting approval', async () => {
    renderConsole(<App />, { handlers: handlers(false) });
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    expect(await screen.findByLabelText('1 plan awaits approval')).toBeTruthy();
    act(() => {
      window.location.hash = '#/plans';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await waitFor(() => expect(nav.querySelector('[aria-current="page"]')?.textContent).toContain('Sync plans'));
    const list = await screen.findByRole('grid', { name: 'Plans' });
    // the plan awaiting approval comes first although it is older
    const firstRow = list.querySelectorAll('[role="row"]')[1]!;
    expect(firstRow.textContent).toContain('Awaiting approval');
  });

  it('says a section is not built yet rather than showing an empty page', () => {
    renderConsole(<NotBuilt section="Audit" />);
    expect(screen.getByText('This section is not built yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open sync plans' }).getAttribute('href')).toBe('#/plans');
  });

  it('switches to Russian', async () => {
    renderConsole(<App />, { handlers: handlers(false) });
    fireEvent.click(screen.getByRole('radio', { name: 'RU' }));
    expect(await screen.findByRole('heading', { name: 'Состояние шлюза' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('ru');
  });

  it('announces a plan applied elsewhere, wherever the operator is', async () => {
    const r = renderConsole(<App />, { handlers: handlers(false) });
    act(() => r.client.emit('plan.changed', { planId: 9, status: 'applied' }));
    const link = await screen.findByRole('link', { name: 'Plan 9 applied.' });
    expect(link.getAttribute('href')).toBe('#/plans/9');
    // other transitions are not announced: the lists refresh on their own
    act(() => r.client.emit('plan.changed', { planId: 10, status: 'approved' }));
    expect(screen.queryByText(/Plan 10/)).toBeNull();
  });

  it('explains a refused token and how to get a good one', async () => {
    const r = renderConsole(<App />, { handlers: handlers(false) });
    act(() => r.client.setState('refused'));
    expect(await screen.findByText('The gateway refused this console')).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Connection: Access refused' })).toBeTruthy();
  });
});
