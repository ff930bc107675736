import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Input } from '../../../../core/contract/index.ts';
import type { FakeHandlers } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { EnqueueForm } from './EnqueueDialog.tsx';
import { buildData, placeIssues } from './enqueueFields.ts';
import { sampleOperation } from './fixtures.ts';

describe('enqueue fields', () => {
  it('build operation data: numbers, JSON arrays, agent lists; blanks left for the engine to call required', () => {
    expect(buildData('plan_apply', { planId: ' 42 ' })).toEqual({ data: { planId: 42 }, problems: {} });
    expect(buildData('plan_apply', { planId: 'forty' })).toEqual({ data: {}, problems: { planId: 'notANumber' } });
    expect(buildData('timesheet_request', { date_start: '2026-03-01T00:00:00Z', date_end: '', AR_agents: 'a-1, a-2\na-3' }).data).toEqual({
      date_start: '2026-03-01T00:00:00Z',
      AR_agents: [{ agentId: 'a-1' }, { agentId: 'a-2' }, { agentId: 'a-3' }],
    });
    expect(buildData('schedule_upload', { agentId: 'a', period1: 'x', period2: 'y', shift: '[{"date_start": ' }).problems).toEqual({ shift: 'invalidJson' });
  });

  it('place engine issues under their fields; the rest stays general', () => {
    const placed = placeIssues('norm_hours_request', [
      { path: 'AR_agents.0.AR_norms', message: 'at least one norm' },
      { path: 'endDate', message: 'startDate must not be after endDate' },
      { path: '', message: 'Invalid input: expected object' },
      { path: 'bogus', message: 'Unrecognized key' },
    ]);
    expect(placed.byField).toEqual({ AR_agents: ['0.AR_norms: at least one norm'], endDate: ['startDate must not be after endDate'] });
    expect(placed.general).toEqual(['Invalid input: expected object', 'bogus: Unrecognized key']);
  });
});

describe('EnqueueForm', () => {
  const verdict: FakeHandlers['queue.validate'] = ({ data }) => {
    const d = data as Record<string, unknown>;
    const issues = [];
    if (typeof d.date_start !== 'string' || !d.date_start.endsWith('Z')) issues.push({ path: 'date_start', message: 'expected an ISO 8601 date-time, e.g. 2019-02-01T00:00:00Z' });
    if (!Array.isArray(d.AR_agents) || d.AR_agents.length === 0) issues.push({ path: 'AR_agents', message: 'at least one agent' });
    return { valid: issues.length === 0, issues };
  };

  function chooseType(value: string, label: RegExp = /Operation type|Тип операции/) {
    fireEvent.change(screen.getByRole('combobox', { name: label }), { target: { value } });
  }

  it("shows the engine's verdict under each field, in the operator's language, and stores nothing", async () => {
    const onEnqueued = vi.fn();
    const r = renderConsole(<EnqueueForm onCancel={() => {}} onEnqueued={onEnqueued} />, { handlers: { 'queue.validate': verdict }, language: 'ru' });
    chooseType('timesheet_request');
    fireEvent.change(screen.getByRole('textbox', { name: /Начало \(date_start\)/ }), { target: { value: 'вчера' } });
    fireEvent.click(screen.getByRole('button', { name: 'Поставить в очередь' }));
    expect(await screen.findByText('Нужны дата и время ISO 8601, например 2019-02-01T00:00:00Z')).toBeTruthy();
    expect(screen.getByText('Нужен хотя бы один сотрудник')).toBeTruthy();
    const dateInput = screen.getByRole('textbox', { name: /Начало \(date_start\)/ });
    expect(dateInput.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('textbox', { name: /Конец \(date_end\)/ }).getAttribute('aria-invalid')).not.toBe('true');
    expect(r.client.calls.map((c) => c.method)).toEqual(['queue.validate']);
    expect(onEnqueued).not.toHaveBeenCalled();
  });

  it('catches broken JSON before asking the engine', async () => {
    const r = renderConsole(<EnqueueForm onCancel={() => {}} onEnqueued={() => {}} />, { handlers: { 'queue.validate': verdict } });
    chooseType('schedule_upload');
    fireEvent.change(screen.getByRole('textbox', { name: /Shifts \(shift\)/ }), { target: { value: '[{"date_start": ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enqueue' }));
    expect(await screen.findByText('This is not JSON: check the brackets, quotes and commas.')).toBeTruthy();
    expect(r.client.calls).toEqual([]);
  });

  it('enqueues valid data with the priority and idempotency key', async () => {
    const onEnqueued = vi.fn();
    let sent: Input<'queue.enqueue'> | null = null;
    const handlers: FakeHandlers = {
      'queue.validate': verdict,
      'queue.enqueue': (input) => {
        sent = input;
        return { operation: sampleOperation(9, { type: 'timesheet_request', status: 'pending', data: input.data }), created: true };
      },
    };
    renderConsole(<EnqueueForm onCancel={() => {}} onEnqueued={onEnqueued} />, { handlers });
    chooseType('timesheet_request');
    const form = screen.getByRole('form', { name: 'Enqueue an operation' });
    fireEvent.change(within(form).getByRole('textbox', { name: /Employees \(AR_agents\)/ }), { target: { value: 'a-1, a-2' } });
    fireEvent.change(within(form).getByRole('combobox', { name: 'Priority' }), { target: { value: '1' } });
    fireEvent.change(within(form).getByRole('textbox', { name: /Idempotency key/ }), { target: { value: 'ts-march' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Enqueue' }));
    await waitFor(() => expect(onEnqueued).toHaveBeenCalledTimes(1));
    expect(sent).toEqual({
      type: 'timesheet_request',
      data: { date_start: expect.stringMatching(/^\d{4}-\d{2}-01T00:00:00Z$/), date_end: expect.stringMatching(/T00:00:00Z$/), AR_agents: [{ agentId: 'a-1' }, { agentId: 'a-2' }] },
      priority: 1,
      idempotencyKey: 'ts-march',
    });
  });
});
