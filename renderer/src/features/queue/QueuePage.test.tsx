import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Input, Output, QueueFilter, QueueOperation } from '../../../../core/contract/index.ts';
import { gatewayError, type FakeHandlers } from '../../client/fake-client.ts';
import { renderConsole } from '../../test/render.tsx';
import { countsOf, emptyHealth, sampleAttempt, sampleOperation, toRow } from './fixtures.ts';
import { QueuePage } from './QueuePage.tsx';
import { RetryFailedButton } from './RetryFailed.tsx';

afterEach(() => vi.useRealTimers());

function matches(op: QueueOperation, f: QueueFilter, withStatus = true): boolean {
  if (withStatus && f.status?.length && !f.status.includes(op.status)) return false;
  if (f.type?.length && !f.type.includes(op.type)) return false;
  if (f.priority?.length && !f.priority.includes(op.priority)) return false;
  if (f.from && op.createdAt < new Date(f.from).toISOString()) return false;
  if (f.to && op.createdAt >= new Date(f.to).toISOString()) return false;
  if (f.search && !JSON.stringify(op).toLowerCase().includes(f.search.toLowerCase())) return false;
  return true;
}

/** A small in-memory queue behind the fake client, answering as the gateway would. */
function queueHandlers(state: { ops: QueueOperation[]; asOf: string }): FakeHandlers {
  return {
    'queue.list': ({ filter, offset, limit }): Output<'queue.list'> => {
      const rows = state.ops.filter((o) => matches(o, filter)).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      return { total: rows.length, operations: rows.slice(offset, offset + limit).map(toRow), asOf: state.asOf };
    },
    'queue.counts': ({ filter }) => {
      const counts = countsOf(state.ops.filter((o) => matches(o, filter, false)));
      return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
    },
    'queue.health': () => emptyHealth,
    'queue.countFailed': ({ filter }) => ({ count: state.ops.filter((o) => o.status === 'failed' && matches(o, filter, false)).length }),
    'queue.get': ({ id }) => {
      const op = state.ops.find((o) => o.id === id)!;
      return { operation: op, attempts: op.status === 'failed' ? [sampleAttempt(op, 1), sampleAttempt(op, 2, { httpStatus: 500, error: '1C answered 500: internal error' })] : [] };
    },
    'queue.retry': ({ id }) => ({ ...state.ops.find((o) => o.id === id)!, status: 'pending' as const, retryCount: 0 }),
  };
}

const failedOp = sampleOperation(2, { status: 'failed', type: 'schedule_upload', retryCount: 1, maxRetries: 1, errorMessage: 'gave up after 2 attempts: 1C answered 500: internal error', errorKind: 'retryable', result: null, apiEndpoint: 'POST /sendSchedule' });

function seed() {
  return { ops: [sampleOperation(1), failedOp, sampleOperation(3, { status: 'pending', type: 'personnel_sync', priority: 1 })], asOf: '2026-03-02T10:00:00.000Z' };
}

const lastListFilter = (calls: Array<{ method: string; input: unknown }>): QueueFilter | undefined =>
  (calls.filter((c) => c.method === 'queue.list').at(-1)?.input as Input<'queue.list'> | undefined)?.filter;

describe('Queue screen', () => {
  it('shows counts per status and the operations, newest first', async () => {
    renderConsole(<QueuePage tableHeight={400} />, { handlers: queueHandlers(seed()) });
    const grid = await screen.findByRole('grid', { name: 'Queue operations' });
    const rows = within(grid).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('gridcell')[1]!.textContent)).toEqual(['Personnel sync', 'Schedule upload', 'Timesheet request']);
    expect(within(rows[1]!).getByText('Failed')).toBeTruthy();
    expect(within(rows[1]!).getByText('1/1')).toBeTruthy();
    expect(within(rows[1]!).getByText(/1C answered 500/)).toBeTruthy();
    const counts = screen.getByRole('group', { name: /Operations by status/ });
    await waitFor(() => expect(within(counts).getByRole('button', { name: 'Failed: 1' })).toBeTruthy());
    expect(within(counts).getByRole('button', { name: 'Completed: 1' })).toBeTruthy();
  });

  it('turns the filters into the query input: status tiles, time preset, search', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T12:00:00Z'));
    const r = renderConsole(<QueuePage tableHeight={400} />, { handlers: queueHandlers(seed()) });
    await screen.findByRole('grid', { name: 'Queue operations' });
    fireEvent.click(await screen.findByRole('button', { name: 'Failed: 1' }));
    await waitFor(() => expect(lastListFilter(r.client.calls)).toEqual({ status: ['failed'] }));
    expect(screen.getByRole('button', { name: 'Failed: 1' }).getAttribute('aria-pressed')).toBe('true');

    fireEvent.change(screen.getByRole('combobox', { name: 'Created' }), { target: { value: '24h' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Search data, result, error and ID' }), { target: { value: ' 500 ' } });
    await waitFor(() => expect(lastListFilter(r.client.calls)).toEqual({ status: ['failed'], from: '2026-03-01T12:00:00.000Z', search: '500' }));
    // Counts take the same filter (the gateway ignores its status part).
    const countsInput = r.client.calls.filter((c) => c.method === 'queue.counts').map((c) => (c.input as Input<'queue.counts'>).filter);
    expect(countsInput).toContainEqual({ status: ['failed'], from: '2026-03-01T12:00:00.000Z', search: '500' });
    const grid = screen.getByRole('grid', { name: 'Queue operations' });
    await waitFor(() => expect(within(grid).getAllByRole('row')).toHaveLength(2));
  });

  it('announces new operations instead of inserting them under the cursor', async () => {
    const state = seed();
    const r = renderConsole(<QueuePage tableHeight={400} />, { handlers: queueHandlers(state) });
    const grid = await screen.findByRole('grid', { name: 'Queue operations' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await waitFor(() => expect(grid.querySelector('[aria-selected="true"]')?.textContent).toContain('Schedule upload'));

    state.ops = [...state.ops, sampleOperation(4, { createdAt: '2026-03-02T10:00:30.000Z', type: 'plan_apply', status: 'pending', data: { planId: 9 } })];
    state.asOf = '2026-03-02T10:01:00.000Z';
    act(() => r.client.emit('queue.changed', { changed: 1, statuses: ['pending'], types: ['plan_apply'], pausedChanged: false }));

    const banner = await screen.findByRole('button', { name: 'Show 1 new operation' });
    const texts = () => within(screen.getByRole('grid', { name: 'Queue operations' })).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('gridcell')[1]!.textContent);
    expect(texts()).toEqual(['Personnel sync', 'Schedule upload', 'Timesheet request']);
    expect(grid.querySelector('[aria-selected="true"]')?.textContent).toContain('Schedule upload');

    fireEvent.click(banner);
    await waitFor(() => expect(texts()).toEqual(['Plan apply', 'Personnel sync', 'Schedule upload', 'Timesheet request']));
    await waitFor(() => expect(screen.queryByRole('button', { name: /new operation/ })).toBeNull());
  });

  it('opens a failed operation with Enter: error, kind, attempts; Retry now asks the gateway', async () => {
    const r = renderConsole(<QueuePage tableHeight={400} />, { handlers: queueHandlers(seed()) });
    const grid = await screen.findByRole('grid', { name: 'Queue operations' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    const dialog = await screen.findByRole('dialog');
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Temporary error');
    expect(alert.textContent).toContain('gave up after 2 attempts: 1C answered 500: internal error');
    expect(alert.textContent).toContain('The gateway retries these on its own schedule');
    expect(within(dialog).getByText(failedOp.id)).toBeTruthy();
    const attempts = within(dialog).getByRole('table', { name: 'Attempts' });
    expect(within(attempts).getAllByText('500')).toHaveLength(1);
    expect(within(attempts).getByText('1C answered 500: internal error')).toBeTruthy();
    expect(within(attempts).getAllByText('1.2 sec')).toHaveLength(2);
    expect(within(dialog).getByLabelText('Operation data').textContent).toContain('"agentId": "a-2"');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry now' }));
    await waitFor(() => expect(r.client.calls.some((c) => c.method === 'queue.retry' && (c.input as { id: string }).id === failedOp.id)).toBe(true));
  });
});

describe('a refused action', () => {
  it('says why in the operator language, then the gateway words', async () => {
    const handlers: FakeHandlers = {
      ...queueHandlers(seed()),
      'queue.retry': ({ id }) => {
        throw gatewayError('invalid_transition', `cannot retry operation ${id} (schedule_upload): it is processing on host-2`);
      },
    };
    renderConsole(<QueuePage tableHeight={400} />, { handlers, language: 'ru' });
    const grid = await screen.findByRole('grid', { name: 'Операции очереди' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Повторить сейчас' }));
    expect(await screen.findByText('Операция сейчас в другом состоянии, и это действие к ней неприменимо. Обновите экран и посмотрите её статус.')).toBeTruthy();
    expect(screen.getByText(/it is processing on host-2/)).toBeTruthy();
  });
});

describe('Retry all failed', () => {
  const state = { ops: [failedOp], asOf: '2026-03-02T10:00:00.000Z' };
  const handlers: FakeHandlers = {
    ...queueHandlers(state),
    'queue.countFailed': () => ({ count: 37 }),
    'queue.retryFailed': () => ({ count: 37 }),
  };

  it('confirms with the exact count and type, then retries that filter (its status part dropped)', async () => {
    const r = renderConsole(<RetryFailedButton filter={{ type: ['schedule_upload'], status: ['completed'] }} />, { handlers });
    const button = await screen.findByRole('button', { name: 'Retry all failed (37)' });
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Retry 37 failed operations of type “Schedule upload” (schedule_upload)?')).toBeTruthy();
    expect(r.client.calls.filter((c) => c.method === 'queue.countFailed').map((c) => c.input)).toContainEqual({ filter: { type: ['schedule_upload'] } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry (37)' }));
    await waitFor(() => expect(r.client.calls.find((c) => c.method === 'queue.retryFailed')?.input).toEqual({ filter: { type: ['schedule_upload'] } }));
    expect(await screen.findByText('37 operations are back in the queue.')).toBeTruthy();
  });

  it('says it in Russian with the right plural', async () => {
    renderConsole(<RetryFailedButton filter={{}} />, { handlers, language: 'ru' });
    fireEvent.click(await screen.findByRole('button', { name: 'Повторить все с ошибкой (37)' }));
    expect(await screen.findByText('Повторить 37 операций с ошибкой всех типов?')).toBeTruthy();
  });

  it('is disabled when nothing failed', async () => {
    renderConsole(<RetryFailedButton filter={{}} />, { handlers: { ...handlers, 'queue.countFailed': () => ({ count: 0 }) } });
    await waitFor(() => expect((screen.getByRole('button', { name: 'Retry all failed (0)' }) as HTMLButtonElement).disabled).toBe(true));
  });
});

describe('Queue screen opened on a status', () => {
  it('#/queue?status=failed (a desktop notification) shows the failed operations', async () => {
    window.location.hash = '#/queue?status=failed';
    const r = renderConsole(<QueuePage tableHeight={400} />, { handlers: queueHandlers(seed()) });
    const grid = await screen.findByRole('grid', { name: 'Queue operations' });
    await waitFor(() => expect(within(grid).getAllByRole('row').slice(1)).toHaveLength(1));
    expect(lastListFilter(r.client.calls)).toMatchObject({ status: ['failed'] });
    expect(within(grid).getByText('Schedule upload')).toBeTruthy();
  });

  it('ignores a status that does not exist', async () => {
    window.location.hash = '#/queue?status=everything';
    const r = renderConsole(<QueuePage tableHeight={400} />, { handlers: queueHandlers(seed()) });
    const grid = await screen.findByRole('grid', { name: 'Queue operations' });
    await waitFor(() => expect(within(grid).getAllByRole('row').slice(1)).toHaveLength(3));
    expect(lastListFilter(r.client.calls)?.status).toBeUndefined();
  });
});
