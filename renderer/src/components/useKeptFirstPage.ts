// While a new filter's first page loads, the previous filter's stays on screen (no flash to
// "loading"). useQueries cannot do it with placeholderData: it does not know which query of the
// new list followed which of the old (a documented limitation, TanStack/query#7051), so the
// paged grids keep the last answer themselves. Only within a scope: a filter typed on the same
// month keeps the rows, another month does not (its days would carry the old month's shifts).
import { useRef } from 'react';

export function useKeptFirstPage<T>(data: T | undefined, isPending: boolean, scope = ''): { data: T | null; isPlaceholder: boolean } {
  const last = useRef<{ scope: string; data: T } | null>(null);
  // Written during render on purpose: the same answer always gives the same value (idempotent).
  if (data !== undefined) last.current = { scope, data };
  const placeholder = data === undefined && isPending && last.current?.scope === scope ? last.current.data : null;
  return { data: data ?? placeholder, isPlaceholder: placeholder !== null };
}
