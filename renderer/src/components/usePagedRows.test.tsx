import { QueryClient } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { Output, ParsedInput, ScheduleGridRow } from '../../../core/contract/index.ts';
import { createFakeClient } from '../client/fake-client.ts';
import { ContractProvider } from '../client/query.tsx';
import { employeeForTests, gridRowForTests, scheduleListHandler } from '../features/schedules/fixtures.ts';
import { usePagedRows } from './usePagedRows.ts';

type Filter = { month: string; search?: string };

/** schedules.list held until released, rows named after the month and the search. */
function heldList() {
  const waiting: Array<() => void> = [];
  const make = (input: ParsedInput<'schedules.list'>) =>
    scheduleListHandler(2, (i, m) => gridRowForTests(i, m, [], { employee: employeeForTests(i, { fullName: `${m} ${input.search ?? 'all'} ${i}` }) }))(input);
  const client = createFakeClient({
    'schedules.list': (input: ParsedInput<'schedules.list'>) => new Promise<Output<'schedules.list'>>((resolve) => waiting.push(() => resolve(make(input)))),
  });
  return { client, release: () => waiting.shift()!(), pending: () => waiting.length };
}

function render(client: ReturnType<typeof createFakeClient>) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => <ContractProvider client={client} queryClient={qc}>{children}</ContractProvider>;
  return renderHook(({ filter }: { filter: Filter }) => usePagedRows('schedules.list', filter, 100, (o) => o.rows, filter.month), { wrapper, initialProps: { filter: { month: '2026-12' } as Filter } });
}

const name = (r: ScheduleGridRow | undefined) => r?.employee.fullName;

describe('usePagedRows while a new filter loads', () => {
  it('keeps the rows of the same month on screen, marked as a placeholder, then shows the new ones', async () => {
    const h = heldList();
    const { result, rerender } = render(h.client);
    await waitFor(() => expect(h.pending()).toBe(1));
    await act(async () => h.release());
    await waitFor(() => expect(name(result.current.getRow(0))).toBe('2026-12 all 0'));

    rerender({ filter: { month: '2026-12', search: 'ив' } });
    await waitFor(() => expect(h.pending()).toBe(1));
    expect(name(result.current.getRow(0))).toBe('2026-12 all 0');
    expect(result.current.isPlaceholder).toBe(true);
    await act(async () => h.release());
    await waitFor(() => expect(name(result.current.getRow(0))).toBe('2026-12 ив 0'));
    expect(result.current.isPlaceholder).toBe(false);
  });

  it('shows nothing of another month while it loads', async () => {
    const h = heldList();
    const { result, rerender } = render(h.client);
    await waitFor(() => expect(h.pending()).toBe(1));
    await act(async () => h.release());
    await waitFor(() => expect(name(result.current.getRow(0))).toBe('2026-12 all 0'));

    rerender({ filter: { month: '2027-01' } });
    await waitFor(() => expect(h.pending()).toBe(1));
    expect(result.current.getRow(0)).toBeUndefined();
    expect(result.current.isPlaceholder).toBe(false);
    expect(result.current.total).toBeNull();
    await act(async () => h.release());
    await waitFor(() => expect(name(result.current.getRow(0))).toBe('2027-01 all 0'));
  });
});
