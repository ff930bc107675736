// Queue operations fetched page by page as the virtualized table scrolls, bounded by a snapshot:
// the first page's `asOf` (the gateway's clock) fixes which operations the table holds, so new
// work never shifts the rows under the cursor. Status changes of rows already shown update in
// place (queue.changed invalidates the pages). Operations created since the snapshot are counted
// for the "N new" banner and come in when the operator asks (or after their own enqueue).
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Input, Output, QueueFilter, QueueOperationRow } from '../../../../core/contract/index.ts';
import { contractQueryKey, useConsoleClient, type ContractCallError } from '../../client/index.ts';
import { boundBySnapshot, newSinceSnapshot, selectedTotal } from './filters.ts';

export const pageSize = 200;
/**
 * queue.changed covers changes made in the gateway's own process; work done by the CLI or
 * another machine on the same database shows up on this backstop refetch.
 */
export const BACKSTOP_MS = 15_000;

/** Page indices that cover rows [first, last], plus one page ahead in each direction. */
export function pagesFor(first: number, last: number, total: number | null): number[] {
  const lastPage = total === null ? Number.POSITIVE_INFINITY : Math.max(0, Math.ceil(total / pageSize) - 1);
  const lo = Math.max(0, Math.floor(first / pageSize) - (first % pageSize < pageSize / 4 ? 1 : 0));
  const hi = Math.min(lastPage, Math.floor(last / pageSize) + (last % pageSize > (pageSize * 3) / 4 ? 1 : 0));
  const out = [0];
  for (let p = Math.max(lo, 1); p <= hi; p++) out.push(p);
  return out;
}

export interface OperationPages {
  total: number | null;
  getRow(index: number): QueueOperationRow | undefined;
  /** Index of a loaded row by id, or -1. */
  indexOf(id: string): number;
  onRangeChange(first: number, last: number): void;
  /** The filter key the rows on screen belong to (changes when a new filter's snapshot is in). */
  shownKey: string | null;
  /** A new filter's first page is on its way; the previous rows stay meanwhile. */
  isSwitching: boolean;
  /** Operations matching the filter created since the snapshot (not in the table yet). */
  newCount: number;
  /** Take the new operations in: a fresh snapshot. */
  showNew(): void;
  isPending: boolean;
  error: ContractCallError | null;
  refetch(): void;
}

interface Snapshot {
  key: string;
  filter: QueueFilter;
  asOf: string;
}

export function useOperationPages(filter: QueueFilter): OperationPages {
  const client = useConsoleClient();
  const queryClient = useQueryClient();
  const filterKey = JSON.stringify(filter);
  const [shown, setShown] = useState<Snapshot | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [snapError, setSnapError] = useState<ContractCallError | null>(null);

  // Each filter (and each "show new") starts with a fresh first page; its asOf becomes the
  // snapshot and the page is cached under the bounded input the other pages use.
  useEffect(() => {
    let cancelled = false;
    const f = JSON.parse(filterKey) as QueueFilter;
    const input: Input<'queue.list'> = { filter: f, offset: 0, limit: pageSize };
    client.call('queue.list', input).then(
      (data) => {
        if (cancelled) return;
        queryClient.setQueryData(contractQueryKey('queue.list', { filter: boundBySnapshot(f, data.asOf), offset: 0, limit: pageSize }), data);
        setSnapError(null);
        setShown({ key: filterKey, filter: f, asOf: data.asOf });
      },
      (e: ContractCallError) => {
        if (!cancelled) setSnapError(e);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, queryClient, filterKey, refresh]);

  const shownKey = shown?.key ?? null;
  const [range, setRange] = useState<{ key: string | null; first: number; last: number }>({ key: null, first: 0, last: 0 });
  const current = range.key === shownKey ? range : { key: shownKey, first: 0, last: 0 };
  const bounded = useMemo(() => (shown ? boundBySnapshot(shown.filter, shown.asOf) : null), [shown]);
  const totalRef = useRef<number | null>(null);
  const pages = useMemo(() => (bounded ? pagesFor(current.first, current.last, totalRef.current) : []), [bounded, current.first, current.last]);

  const results = useQueries({
    queries: pages.map((page) => {
      const input: Input<'queue.list'> = { filter: bounded ?? {}, offset: page * pageSize, limit: pageSize };
      return { queryKey: contractQueryKey('queue.list', input), queryFn: () => client.call('queue.list', input), refetchInterval: BACKSTOP_MS };
    }),
  });

  const firstData = results[0]?.data as Output<'queue.list'> | undefined;
  const total = firstData?.total ?? null;
  totalRef.current = total;

  const byPage = new Map<number, QueueOperationRow[]>();
  results.forEach((r, i) => {
    const data = r.data as Output<'queue.list'> | undefined;
    if (data) byPage.set(pages[i]!, data.operations);
  });
  const byPageRef = useRef(byPage);
  byPageRef.current = byPage;

  const newFilter = shown ? newSinceSnapshot(shown.filter, shown.asOf) : null;
  const newInput: Input<'queue.counts'> = { filter: newFilter ?? {} };
  const newCounts = useQuery({
    queryKey: contractQueryKey('queue.counts', newInput),
    queryFn: () => client.call('queue.counts', newInput),
    enabled: newFilter !== null,
    refetchInterval: BACKSTOP_MS,
  });
  const newCount = newFilter && newCounts.data ? selectedTotal(newCounts.data.counts, shown?.filter.status) : 0;

  const onRangeChange = useCallback(
    (f: number, l: number) => setRange((r) => (r.key === shownKey && r.first === f && r.last === l ? r : { key: shownKey, first: f, last: l })),
    [shownKey],
  );
  const getRow = useCallback((index: number) => byPageRef.current.get(Math.floor(index / pageSize))?.[index % pageSize], []);
  const indexOf = useCallback((id: string) => {
    for (const [page, rows] of byPageRef.current) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * pageSize + i;
    }
    return -1;
  }, []);
  const showNew = useCallback(() => setRefresh((n) => n + 1), []);

  return {
    total,
    getRow,
    indexOf,
    onRangeChange,
    shownKey,
    isSwitching: shownKey !== null && shownKey !== filterKey,
    newCount,
    showNew,
    isPending: shown === null && snapError === null,
    error: snapError ?? (results.find((r) => r.error)?.error as ContractCallError | undefined) ?? null,
    refetch: () => {
      if (shown === null) setRefresh((n) => n + 1);
      results.forEach((r) => void r.refetch());
    },
  };
}
