// Audit entries fetched page by page as the virtualized table scrolls (newest first). The log
// only grows at the top; pages are not refetched on a timer, so rows do not move under the
// cursor while reading; "refresh" (or opening the screen again: no stale time) takes new entries in.
import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { AuditEntryView, AuditFilterInput, Input, Output } from '../../../../core/contract/index.ts';
import { contractQueryKey, useConsoleClient, type ContractCallError } from '../../client/index.ts';
import { pageSize, pagesFor } from '../queue/useOperationPages.ts';

/** The queue's page size: pagesFor computes page indices for it. */
export const auditPageSize = pageSize;

export interface AuditPages {
  total: number | null;
  getRow(index: number): AuditEntryView | undefined;
  onRangeChange(first: number, last: number): void;
  isPending: boolean;
  isFetching: boolean;
  error: ContractCallError | null;
  refetch(): void;
}

export function useAuditPages(filter: AuditFilterInput): AuditPages {
  const client = useConsoleClient();
  const key = JSON.stringify(filter);
  const [range, setRange] = useState({ key, first: 0, last: 0 });
  const current = range.key === key ? range : { key, first: 0, last: 0 };
  const totalRef = useRef<number | null>(null);
  const pages = useMemo(() => pagesFor(current.first, current.last, totalRef.current), [current.first, current.last, key]);
  const results = useQueries({
    queries: pages.map((page) => {
      const input: Input<'audit.list'> = { ...filter, offset: page * auditPageSize, limit: auditPageSize };
      return { queryKey: contractQueryKey('audit.list', input), queryFn: () => client.call('audit.list', input), staleTime: 0, placeholderData: (prev: unknown) => prev };
    }),
  });
  const first = results[0];
  const total = (first?.data as Output<'audit.list'> | undefined)?.total ?? null;
  totalRef.current = total;
  const byPage = new Map<number, AuditEntryView[]>();
  results.forEach((r, i) => {
    const data = r.data as Output<'audit.list'> | undefined;
    if (data) byPage.set(pages[i]!, data.entries);
  });
  const byPageRef = useRef(byPage);
  byPageRef.current = byPage;
  const onRangeChange = useCallback(
    (f: number, l: number) => setRange((r) => (r.key === key && r.first === f && r.last === l ? r : { key, first: f, last: l })),
    [key],
  );
  const getRow = useCallback((index: number) => byPageRef.current.get(Math.floor(index / auditPageSize))?.[index % auditPageSize], []);
  return {
    total,
    getRow,
    onRangeChange,
    isPending: first?.isPending ?? true,
    isFetching: results.some((r) => r.isFetching),
    error: (results.find((r) => r.error)?.error as ContractCallError | undefined) ?? null,
    refetch: () => results.forEach((r) => void r.refetch()),
  };
}
