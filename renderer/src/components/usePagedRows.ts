// Rows of a paged contract query fetched as a virtualized grid scrolls (the way plan items are
// paged): the first page brings the total and whatever else the answer carries (days, facets,
// codes); other pages load when their rows come into view, at most two requests in flight, and a
// page that scrolled away before its turn is never sent. Query keys are [method, input], so the
// contract's events (an upload's progress, a fetch's) refresh exactly the pages on screen.
import { useQueries } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Input, Output } from '../../../core/contract/index.ts';
import { contractQueryKey, useConsoleClient, type ContractCallError } from '../client/index.ts';
import { useKeptFirstPage } from './useKeptFirstPage.ts';

export type PagedMethod = 'plans.items' | 'schedules.list' | 'schedules.uploadState' | 'timesheets.grid' | 'norms.list';
export type PageFilter<M extends PagedMethod> = Omit<Input<M>, 'offset' | 'limit'>;

const rangeThrottleMs = 120;
const maxInFlight = 2;

/** A page that scrolled away before its turn came: never sent, fetched again if wanted. */
export class SkippedPage extends Error {
  constructor(page: number) {
    super(`page ${page} is no longer on screen`);
    this.name = 'SkippedPage';
  }
}

function createGate(limit: number) {
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  return {
    async acquire(): Promise<void> {
      if (inFlight < limit) {
        inFlight++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next) next();
      else inFlight--;
    },
  };
}

/** Page indices that cover rows [first, last], plus one page ahead in each direction near an edge. */
export function pagesFor(first: number, last: number, total: number | null, pageSize: number): number[] {
  const lastPage = total === null ? Number.POSITIVE_INFINITY : Math.max(0, Math.ceil(total / pageSize) - 1);
  const lo = Math.max(0, Math.floor(first / pageSize) - (first % pageSize < pageSize / 4 ? 1 : 0));
  const hi = Math.min(lastPage, Math.floor(last / pageSize) + (last % pageSize > (pageSize * 3) / 4 ? 1 : 0));
  const out = [0];
  for (let p = Math.max(lo, 1); p <= hi; p++) out.push(p);
  return out;
}

export interface PagedRows<M extends PagedMethod, R> {
  total: number | null;
  /** The first page's answer (days, facets, codes…), the previous filter's while a new one loads. */
  first: Output<M> | null;
  getRow(index: number): R | undefined;
  /** Every row loaded so far under the current filter, in order (for "select all loaded"). */
  loaded(): R[];
  onRangeChange(first: number, last: number): void;
  isPending: boolean;
  /** The first page shown is an older filter's (kept on screen to avoid a flash). */
  isPlaceholder: boolean;
  isFetching: boolean;
  error: ContractCallError | null;
  refetch(): void;
  /** Epoch ms when the first page of the current filter arrived (benchmark mark). */
  firstPageAt: number | null;
}

/** `keepScope`: while a new filter loads, the previous one's rows stay on screen if they share it (the month). */
export function usePagedRows<M extends PagedMethod, R>(method: M, filter: PageFilter<M>, pageSize: number, rowsOf: (out: Output<M>) => R[], keepScope?: string): PagedRows<M, R> {
  const client = useConsoleClient();
  const filterKey = JSON.stringify(filter);
  const [range, setRange] = useState<{ key: string; first: number; last: number }>({ key: filterKey, first: 0, last: 0 });
  const current = range.key === filterKey ? range : { key: filterKey, first: 0, last: 0 };

  const totalRef = useRef<number | null>(null);
  const pages = useMemo(() => pagesFor(current.first, current.last, totalRef.current, pageSize), [current.first, current.last, pageSize]);
  const gate = useRef(createGate(maxInFlight)).current;
  const wanted = useRef<{ key: string; pages: Set<number> }>({ key: filterKey, pages: new Set(pages) });

  const results = useQueries({
    queries: pages.map((page) => {
      const input = { ...filter, offset: page * pageSize, limit: pageSize } as Input<M>;
      return {
        queryKey: contractQueryKey(method, input),
        queryFn: async (): Promise<Output<M>> => {
          if (page === 0) return client.call(method, input);
          await gate.acquire();
          try {
            if (wanted.current.key !== filterKey || !wanted.current.pages.has(page)) throw new SkippedPage(page);
            return await client.call(method, input);
          } finally {
            gate.release();
          }
        },
        retry: (failures: number, error: Error) => !(error instanceof SkippedPage) && failures < 2,
      };
    }),
  });

  const first = results[0];
  const kept = useKeptFirstPage(first?.data as Output<M> | undefined, first?.isPending ?? true, keepScope ?? filterKey);
  const firstData = kept.data;
  const total = firstData ? (firstData as { total: number }).total : null;
  totalRef.current = kept.isPlaceholder ? null : total;

  const byPage = new Map<number, R[]>();
  results.forEach((r, i) => {
    const data = r.data as Output<M> | undefined;
    if (data) byPage.set(pages[i]!, rowsOf(data));
  });
  if (kept.isPlaceholder && firstData) byPage.set(0, rowsOf(firstData));
  const byPageRef = useRef(byPage);
  byPageRef.current = byPage;

  const [firstPageAt, setFirstPageAt] = useState<number | null>(null);
  const firstUpdatedAt = first && !kept.isPlaceholder ? first.dataUpdatedAt : 0;
  useEffect(() => {
    if (firstUpdatedAt) setFirstPageAt(firstUpdatedAt);
  }, [firstUpdatedAt]);

  const latest = useRef<{ key: string; first: number; last: number } | null>(null);
  const flushed = useRef<{ key: string; first: number; last: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flush = useCallback(() => {
    const next = latest.current;
    flushed.current = next;
    if (next) setRange((r) => (r.key === next.key && r.first === next.first && r.last === next.last ? r : next));
  }, []);
  const onRangeChange = useCallback(
    (f: number, l: number) => {
      latest.current = { key: filterKey, first: f, last: l };
      wanted.current = { key: filterKey, pages: new Set(pagesFor(f, l, totalRef.current, pageSize)) };
      if (timer.current) return;
      flush();
      const trailing = () => {
        timer.current = null;
        if (latest.current !== flushed.current) {
          flush();
          timer.current = setTimeout(trailing, rangeThrottleMs);
        }
      };
      timer.current = setTimeout(trailing, rangeThrottleMs);
    },
    [filterKey, flush, pageSize],
  );
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const getRow = useCallback((index: number) => byPageRef.current.get(Math.floor(index / pageSize))?.[index % pageSize], [pageSize]);
  const loaded = useCallback(() => [...byPageRef.current.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, rows]) => rows), []);

  return {
    total,
    first: firstData,
    getRow,
    loaded,
    onRangeChange,
    isPending: first?.isPending ?? true,
    isPlaceholder: kept.isPlaceholder,
    isFetching: results.some((r) => r.isFetching),
    error: (results.find((r) => r.error && !(r.error instanceof SkippedPage))?.error as ContractCallError | undefined) ?? null,
    refetch: () => results.forEach((r) => void r.refetch()),
    firstPageAt,
  };
}
