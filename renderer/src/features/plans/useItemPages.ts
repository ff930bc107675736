// A plan's items fetched page by page as the virtualized table scrolls (the grids' paging,
// components/usePagedRows.ts): the first page brings the total and the facets; other pages load
// when their rows come into view. Another plan's rows are never shown while one loads.
import type { Input, PlanFacets, PlanItem } from '../../../../core/contract/index.ts';
import { pagesFor as pagesOf, usePagedRows, type PagedRows } from '../../components/usePagedRows.ts';

export const pageSize = 200;

export type ItemsFilter = Omit<Input<'plans.items'>, 'offset' | 'limit'>;

/** Page indices that cover rows [first, last], plus one page ahead in each direction. */
export function pagesFor(first: number, last: number, total: number | null): number[] {
  return pagesOf(first, last, total, pageSize);
}

export interface ItemPages extends Omit<PagedRows<'plans.items', PlanItem>, 'first' | 'isFetching'> {
  facets: PlanFacets | null;
}

const itemsOf = (o: { items: PlanItem[] }) => o.items;

export function useItemPages(filter: ItemsFilter): ItemPages {
  const pages = usePagedRows('plans.items', filter, pageSize, itemsOf, String(filter.planId));
  return { ...pages, facets: pages.first?.facets ?? null };
}
