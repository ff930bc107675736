// A plan's items fetched page by page as the virtualized table scrolls: the first page
// brings the total and the facets; other pages load when their rows come into view.
import { useQueries } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Input, Output, PlanFacets, PlanItem } from '../../../../core/contract/index.ts';
import { contractQueryKey, useConsoleClient, type ContractCallError } from '../../client/index.ts';
import { useKeptFirstPage } from '../../components/useKeptFirstPage.ts';

export const pageSize = 200;
const rangeThrottleMs = 120;
/** Page requests in flight at once; more wait, and go out only if still wanted then. */
const maxInFlight = 2;

/** A page that scrolled away before its turn came: never sent, fetched again if wanted. */
export class SkippedPage extends Error {
  constructor(page: number) {
    super(`page ${page} is no longer on screen`);
    this.name = 'SkippedPage';
  }
}

/** A tiny semaphore: the server answers pages one after another, so a queue of stale pages would delay the ones on screen. */
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
      if (next) next(); // the slot passes straight to the next waiter
      else inFlight--;
    },
  };
}

export type ItemsFilter = Omit<Input<'plans.items'>, 'offset' | 'limit'>;

/** Page indices that cover rows [first, last], plus one page ahead in each direction. */
export function pagesFor(first: number, last: number, total: number | null): number[] {
  const lastPage = total === null ? Number.POSITIVE_INFINITY : Math.max(0, Math.ceil(total / pageSize) - 1);
  const lo = Math.max(0, Math.floor(first / pageSize) - (first % pageSize < pageSize / 4 ? 1 : 0));
  const hi = Math.min(lastPage, Math.floor(last / pageSize) + (last % pageSize > (pageSize * 3) / 4 ? 1 : 0));
  const out = [0];
  for (let p = Math.max(lo, 1); p <= hi; p++) out.push(p);
  return out;
}

export interface ItemPages {
  total: number | null;
  facets: PlanFacets | null;
  getRow(index: number): PlanItem | undefined;
  /** Every row loaded so far under the current filter (for "select all loaded"). */
  loaded(): PlanItem[];
  onRangeChange(first: number, last: number): void;
  isPending: boolean;
  /** True while the first page is for an older filter (kept on screen to avoid a flash). */
  isPlaceholder: boolean;
  error: ContractCallError | null;
  refetch(): void;
  /** Epoch ms when the first page of the current filter arrived (benchmark mark). */
  firstPageAt: number | null;
}

export function useItemPages(filter: ItemsFilter): ItemPages {
  const client = useConsoleClient();
  const filterKey = JSON.stringify(filter);
  const [range, setRange] = useState<{ key: string; first: number; last: number }>({ key: filterKey, first: 0, last: 0 });
  const current = range.key === filterKey ? range : { key: filterKey, first: 0, last: 0 };

  const totalRef = useRef<number | null>(null);
  const pages = useMemo(() => pagesFor(current.first, current.last, totalRef.current), [current.first, current.last]);
  const gate = useRef(createGate(maxInFlight)).current;
  /** Pages wanted by the latest (not yet throttled) range: what a waiting request checks. */
  const wanted = useRef<{ key: string; pages: Set<number> }>({ key: filterKey, pages: new Set(pages) });

  const results = useQueries({
    queries: pages.map((page) => {
      const input: Input<'plans.items'> = { ...filter, offset: page * pageSize, limit: pageSize };
      return {
        queryKey: contractQueryKey('plans.items', input),
        queryFn: async () => {
          if (page === 0) return client.call('plans.items', input);
          await gate.acquire();
          try {
            if (wanted.current.key !== filterKey || !wanted.current.pages.has(page)) throw new SkippedPage(page);
            return await client.call('plans.items', input);
          } finally {
            gate.release();
          }
        },
        retry: (failures: number, error: Error) => !(error instanceof SkippedPage) && failures < 2,
      };
    }),
  });

  const first = results[0];
  const kept = useKeptFirstPage(first?.data as Output<'plans.items'> | undefined, first?.isPending ?? true, String(filter.planId));
  const firstData = kept.data ?? undefined;
  const total = firstData?.total ?? null;
  totalRef.current = kept.isPlaceholder ? null : total;

  const byPage = new Map<number, PlanItem[]>();
  results.forEach((r, i) => {
    const data = r.data as Output<'plans.items'> | undefined;
    if (data) byPage.set(pages[i]!, data.items);
  });
  if (kept.isPlaceholder && firstData) byPage.set(0, firstData.items);
  const byPageRef = useRef(byPage);
  byPageRef.current = byPage;

  const [firstPageAt, setFirstPageAt] = useState<number | null>(null);
  const firstUpdatedAt = first && !kept.isPlaceholder ? first.dataUpdatedAt : 0;
  useEffect(() => {
    if (firstUpdatedAt) setFirstPageAt(firstUpdatedAt);
  }, [firstUpdatedAt]);

  // The visible range changes every frame while scrolling. Asking for pages (and
  // re-rendering the page around the grid) at most every `rangeThrottleMs` keeps a fling
  // through 100 000 rows from queueing hundreds of page requests nobody will look at.
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
      wanted.current = { key: filterKey, pages: new Set(pagesFor(f, l, totalRef.current)) };
      if (timer.current) return; // a trailing flush is already scheduled
      flush(); // leading edge: the first move is answered at once
      const trailing = () => {
        timer.current = null;
        if (latest.current !== flushed.current) {
          flush();
          timer.current = setTimeout(trailing, rangeThrottleMs);
        }
      };
      timer.current = setTimeout(trailing, rangeThrottleMs);
    },
    [filterKey, flush],
  );
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const getRow = useCallback((index: number) => byPageRef.current.get(Math.floor(index / pageSize))?.[index % pageSize], []);
  const loaded = useCallback(() => [...byPageRef.current.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, items]) => items), []);

  return {
    total,
    facets: firstData?.facets ?? null,
    getRow,
    loaded,
    onRangeChange,
    isPending: first?.isPending ?? true,
    isPlaceholder: kept.isPlaceholder,
    error: (results.find((r) => r.error && !(r.error instanceof SkippedPage))?.error as ContractCallError | undefined) ?? null,
    refetch: () => results.forEach((r) => void r.refetch()),
    firstPageAt,
  };
}
