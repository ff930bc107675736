import { QueryClient } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { Output, ParsedInput } from '../../../../core/contract/index.ts';
import { createFakeClient } from '../../client/fake-client.ts';
import { ContractProvider } from '../../client/query.tsx';
import { pageSize, pagesFor, useItemPages } from './useItemPages.ts';

describe('pagesFor', () => {
  it('always keeps the first page (total and facets) and looks one page ahead near a page edge', () => {
    expect(pagesFor(0, 20, 1000)).toEqual([0]);
    expect(pagesFor(180, 199, 1000)).toEqual([0, 1]);
    expect(pagesFor(410, 430, 1000)).toEqual([0, 1, 2]);
    expect(pagesFor(990, 999, 1000)).toEqual([0, 4]);
  });
});

describe('useItemPages', () => {
  it('keeps at most two page requests in flight and never sends pages that scrolled away', async () => {
    const total = 100 * pageSize;
    const pending: Array<{ offset: number; resolve: () => void }> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const client = createFakeClient({
      'plans.items': (input: ParsedInput<'plans.items'>) =>
        new Promise<Output<'plans.items'>>((resolve) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          const items = Array.from({ length: pageSize }, (_, i) => ({
            id: input.offset + i + 1, planId: 1, entity: 'employee' as const, externalId: `E${input.offset + i}`, action: 'create' as const,
            label: `row ${input.offset + i}`, tabN: null, departmentId: null, departmentName: null, area: null, changes: [], reasons: [], excluded: false, applied: false,
          }));
          pending.push({ offset: input.offset, resolve: () => { inFlight--; resolve({ total, items, facets: { departments: [], areas: [] } }); } });
        }),
    });
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => <ContractProvider client={client} queryClient={qc}>{children}</ContractProvider>;
    const { result } = renderHook(() => useItemPages({ planId: 1, action: 'create' }), { wrapper });

    await waitFor(() => expect(pending).toHaveLength(1));
    await act(async () => pending.shift()!.resolve());
    await waitFor(() => expect(result.current.total).toBe(total));
    expect(result.current.getRow(5)?.label).toBe('row 5');

    // A fling: the visible range jumps through 40 pages faster than the server answers.
    for (let p = 10; p < 50; p++) {
      act(() => result.current.onRangeChange(p * pageSize + 50, p * pageSize + 70));
      await act(() => new Promise((r) => setTimeout(r, 130)));
    }
    // Let everything that was sent come back.
    for (let i = 0; i < 100 && (pending.length > 0 || inFlight > 0); i++) {
      await act(async () => pending.shift()?.resolve());
      await act(() => new Promise((r) => setTimeout(r, 5)));
    }
    await waitFor(() => expect(result.current.getRow(49 * pageSize + 60)?.label).toBe(`row ${49 * pageSize + 60}`));
    expect(maxInFlight).toBeLessThanOrEqual(2);
    const asked = client.calls.filter((c) => c.method === 'plans.items').map((c) => (c.input as { offset: number }).offset / pageSize);
    // far fewer than the 40 pages passed on the way, and the last one among them
    expect(asked.length).toBeLessThan(20);
    expect(asked).toContain(49);
  });
});

describe('useItemPages, when the filter changes', () => {
  it('keeps the previous filter’s rows on screen, marked as such, until the new first page answers', async () => {
    const answers: Array<{ action: string; resolve: () => void }> = [];
    const client = createFakeClient({
      'plans.items': (input: ParsedInput<'plans.items'>) =>
        new Promise<Output<'plans.items'>>((resolve) => {
          const items = [0, 1, 2].map((i) => ({
            id: i + 1, planId: 1, entity: 'employee' as const, externalId: `E${i}`, action: input.action as 'create',
            label: `${String(input.action)} ${i}`, tabN: null, departmentId: null, departmentName: null, area: null, changes: [], reasons: [], excluded: false, applied: false,
          }));
          answers.push({ action: String(input.action), resolve: () => resolve({ total: 3, items, facets: { departments: [], areas: [] } }) });
        }),
    });
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => <ContractProvider client={client} queryClient={qc}>{children}</ContractProvider>;
    const { result, rerender } = renderHook(({ action }: { action: 'create' | 'update' }) => useItemPages({ planId: 1, action }), { wrapper, initialProps: { action: 'create' } });
    await waitFor(() => expect(answers).toHaveLength(1));
    await act(async () => answers.shift()!.resolve());
    await waitFor(() => expect(result.current.getRow(0)?.label).toBe('create 0'));
    expect(result.current.isPlaceholder).toBe(false);

    rerender({ action: 'update' });
    await waitFor(() => expect(answers).toHaveLength(1));
    expect(result.current.getRow(0)?.label).toBe('create 0');
    expect(result.current.isPlaceholder).toBe(true);
    await act(async () => answers.shift()!.resolve());
    await waitFor(() => expect(result.current.getRow(0)?.label).toBe('update 0'));
    expect(result.current.isPlaceholder).toBe(false);
  });
});
