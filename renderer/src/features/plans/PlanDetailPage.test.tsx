import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Input, Output, PlanItem, PlanSummary } from '../../../../core/contract/index.ts';
import { gatewayError, type FakeHandlers } from '../../client/fake-client.ts';
import { samplePlanForTests } from '../../client/fixtures.ts';
import { renderConsole } from '../../test/render.tsx';
import { PlanDetailPage } from './PlanDetailPage.tsx';

function mkItem(id: number, over: Partial<PlanItem>): PlanItem {
  return {
    id, planId: 5, entity: 'employee', externalId: `A-${id}`, action: 'update', label: `Сотрудник ${id}`, tabN: String(100 + id),
    departmentId: 'D1', departmentName: 'Отдел продаж', area: 'Москва', changes: [], reasons: [], excluded: false, applied: false,
    ...over,
  };
}

const items: PlanItem[] = [
  mkItem(1, { label: 'Иванов Иван (101)', changes: [{ field: 'rate', before: 0.5, after: 1 }] }),
  mkItem(2, { label: 'Петрова Анна (102)', departmentId: 'D2', departmentName: 'Бухгалтерия', area: 'Казань', changes: [{ field: 'normWeek', before: 40, after: 36 }] }),
  mkItem(3, { label: 'Сидоров Пётр (103)', action: 'deactivate', changes: [{ field: 'active', before: true, after: false }] }),
  mkItem(4, { label: 'AR_agents[7]', action: 'invalid', tabN: null, reasons: ['tabN is required'] }),
];

function handlers(plan: PlanSummary, log: { excluded?: Input<'plans.exclude'> } = {}): FakeHandlers {
  return {
    'plans.get': () => plan,
    'plans.items': (input): Output<'plans.items'> => {
      const actions = input.action === undefined ? null : Array.isArray(input.action) ? input.action : [input.action];
      const s = input.search?.toLowerCase();
      const rows = items.filter(
        (i) => (!actions || actions.includes(i.action)) && (!input.departmentId || i.departmentId === input.departmentId) && (!input.area || i.area === input.area) && (!s || i.label.toLowerCase().includes(s)),
      );
      return {
        total: rows.length,
        items: rows.slice(input.offset, input.offset + input.limit),
        facets: {
          departments: [{ id: 'D1', name: 'Отдел продаж', count: 3 }, { id: 'D2', name: 'Бухгалтерия', count: 1 }],
          areas: [{ area: 'Москва', count: 3 }, { area: 'Казань', count: 1 }],
        },
      };
    },
    'plans.exclude': (input) => {
      log.excluded = input;
      return { ...plan, excludedCount: input.externalIds.length };
    },
  };
}

const awaiting = samplePlanForTests(5, { counts: { create: 0, update: 2, deactivate: 1, unchanged: 0, invalid: 1 } });

describe('plan detail', () => {
  it('groups the diff by action with counts and lists the rows of the chosen action', async () => {
    renderConsole(<PlanDetailPage planId={5} />, { handlers: handlers(awaiting) });
    const grid = await screen.findByRole('grid', { name: 'Plan items' });
    // update is the first non-empty action of this plan
    expect(within(grid).getByText('Иванов Иван (101)')).toBeTruthy();
    expect(within(grid).queryByText('Сидоров Пётр (103)')).toBeNull();
    const actions = screen.getByRole('radiogroup', { name: 'Action' });
    fireEvent.click(within(actions).getByRole('radio', { name: 'Invalid: 1' }));
    await waitFor(() => expect(within(screen.getByRole('grid', { name: 'Plan items' })).getByText('tabN is required')).toBeTruthy());
  });

  it('filters by department and site from the facets, and searches', async () => {
    const r = renderConsole(<PlanDetailPage planId={5} />, { handlers: handlers(awaiting) });
    await screen.findByRole('grid', { name: 'Plan items' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Department' }), { target: { value: 'D2' } });
    await waitFor(() => {
      const grid = screen.getByRole('grid', { name: 'Plan items' });
      expect(within(grid).getByText('Петрова Анна (102)')).toBeTruthy();
      expect(within(grid).queryByText('Иванов Иван (101)')).toBeNull();
    });
    expect(r.client.calls.some((c) => c.method === 'plans.items' && (c.input as Input<'plans.items'>).departmentId === 'D2')).toBe(true);
    fireEvent.change(screen.getByRole('combobox', { name: 'Department' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Site' }), { target: { value: 'Москва' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Search by name, tab number or code' }), { target: { value: 'иванов' } });
    await waitFor(() => expect(r.client.calls.some((c) => c.method === 'plans.items' && (c.input as Input<'plans.items'>).search === 'иванов' && (c.input as Input<'plans.items'>).area === 'Москва')).toBe(true));
  });

  it('opens the field-level change with Enter and closes it with Esc; "/" focuses the search', async () => {
    renderConsole(<PlanDetailPage planId={5} />, { handlers: handlers(awaiting) });
    const grid = await screen.findByRole('grid', { name: 'Plan items' });
    await within(grid).findByText('Иванов Иван (101)');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    const dialog = await screen.findByRole('dialog', { name: 'Петрова Анна (102)' });
    const changes = within(dialog).getByRole('table', { name: 'Changes' });
    expect(within(changes).getByText('Weekly hours norm')).toBeTruthy();
    expect(within(changes).getByText('40')).toBeTruthy();
    expect(within(changes).getByText('36')).toBeTruthy();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Петрова Анна (102)' })).toBeNull());

    fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Search by name, tab number or code' }));
  });

  it('excludes the selected items in one call', async () => {
    const log: { excluded?: Input<'plans.exclude'> } = {};
    renderConsole(<PlanDetailPage planId={5} />, { handlers: handlers(awaiting, log) });
    await screen.findByText('Иванов Иван (101)');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select item Иванов Иван (101)' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select item Петрова Анна (102)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Exclude selected (2)' }));
    await waitFor(() => expect(log.excluded).toEqual({ planId: 5, externalIds: ['A-1', 'A-2'], excluded: true }));
  });

  it('puts an unmissable warning with counts and threshold on a mass deactivation', async () => {
    const plan = samplePlanForTests(5, {
      counts: { create: 0, update: 0, deactivate: 1, unchanged: 0, invalid: 0 },
      massDeactivation: { flagged: true, deactivations: 1240, activeEmployees: 4000, thresholdPct: 10, emptyResponse: false },
    });
    renderConsole(<PlanDetailPage planId={5} />, { handlers: handlers(plan) });
    const alert = (await screen.findByText(/Mass deactivation/)).closest('[role="alert"]')!;
    expect(alert.textContent).toContain('Mass deactivation: 1,240 of 4,000 active employees (31 %)');
    expect(alert.textContent).toContain('10 % threshold');
  });

  it('applies an approved plan with a determinate progress bar, and shows a refusal verbatim', async () => {
    const approved = samplePlanForTests(5, { status: 'approved', approvedBy: 'Анна', approvedAt: '2026-01-15T10:00:00.000Z', counts: awaiting.counts });
    let release: (() => void) | null = null;
    const stale = 'stale plan: the directory changed since it was computed; generate a new plan';
    const r = renderConsole(<PlanDetailPage planId={5} />, {
      handlers: {
        ...handlers(approved),
        'plans.apply': () =>
          new Promise((_resolve, reject) => {
            release = () => reject(gatewayError('plan_stale', stale));
          }),
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply changes' }));
    await waitFor(() => expect(release).not.toBeNull());
    act(() => r.client.emit('plan.applyProgress', { planId: 5, done: 1, total: 4 }));
    const bar = await screen.findByRole('progressbar', { name: 'Apply progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByText('Applied 1 of 4')).toBeTruthy();
    // progress of another plan does not move this bar
    act(() => r.client.emit('plan.applyProgress', { planId: 6, done: 4, total: 4 }));
    expect(screen.getByRole('progressbar', { name: 'Apply progress' }).getAttribute('aria-valuenow')).toBe('25');
    await act(async () => release!());
    const alert = (await screen.findByText('The plan was not applied')).closest('[role="alert"]')!;
    expect(alert.textContent).toContain(stale);
    // in the operator's words too, with the way out
    expect(alert.textContent).toContain('The plan is stale: the directory changed after it was generated.');
    expect(within(alert as HTMLElement).getByRole('button', { name: 'Generate a new plan for the same period' })).toBeTruthy();
    // applying again cannot succeed: the button is gone, the way out stays
    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull();
  });

  it('says that retention removed the items of a pruned plan instead of showing an empty grid, and asks for none', async () => {
    const pruned = samplePlanForTests(5, {
      status: 'applied',
      approvedBy: 'Анна',
      approvedAt: '2026-01-15T10:00:00.000Z',
      appliedAt: '2026-01-15T11:00:00.000Z',
      appliedItems: 3,
      counts: awaiting.counts,
      itemsPrunedAt: '2026-04-16T02:00:00.000Z',
    });
    const r = renderConsole(<PlanDetailPage planId={5} />, { handlers: handlers(pruned) });
    const notice = await screen.findByText(/by the retention policy/);
    expect(notice.textContent).toMatch(/^Items of this plan were removed on 16 Apr 2026 \d\d:\d\d .+ by the retention policy \(retention\.planDays\); its summary and the audit log remain\.$/);
    // the summary stays
    expect(screen.getByText('Plan 5')).toBeTruthy();
    expect(screen.getByText(/Approved by Анна/)).toBeTruthy();
    expect(screen.queryByRole('grid', { name: 'Plan items' })).toBeNull();
    expect(screen.queryByRole('radiogroup', { name: 'Action' })).toBeNull();
    expect(r.client.calls.some((c) => c.method === 'plans.items')).toBe(false);
  });

  it('says plainly when the plan does not exist', async () => {
    renderConsole(<PlanDetailPage planId={99} />, { handlers: { 'plans.get': () => { throw gatewayError('plan_not_found', 'plan 99 does not exist'); } } });
    const alert = (await screen.findByText(/plan 99 does not exist/)).closest('[role="alert"]')!;
    expect(alert.textContent).toContain('Plan 99 was not found');
  });
});
