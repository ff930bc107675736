// The virtualized grid of a plan's items with its paging. Kept apart from the filters above
// it: while scrolling, the paging state changes several times a second, and only this part
// of the screen should re-render for it.
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanFacets, PlanItem } from '../../../../core/contract/index.ts';
import { ErrorView, LoadingState } from '../../components/ViewStates.tsx';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable.tsx';
import { useItemPages, type ItemsFilter } from './useItemPages.ts';

export interface GridSummary {
  total: number | null;
  facets: PlanFacets | null;
  /** Every row loaded so far under the current filter. */
  loaded(): PlanItem[];
}

export interface ItemsGridProps {
  filter: ItemsFilter;
  columns: Array<VirtualColumn<PlanItem>>;
  height: number | string;
  activeIndex: number;
  onActiveIndexChange(index: number): void;
  onOpen(item: PlanItem): void;
  onToggle?(item: PlanItem): void;
  /** What to show when nothing matches. */
  empty: ReactNode;
  /** Total and facets for the controls above; called only when they change. */
  onSummary(summary: GridSummary): void;
}

export const itemsGridTestId = 'plan-items-grid';

export function ItemsGrid({ filter, columns, height, activeIndex, onActiveIndexChange, onOpen, onToggle, empty, onSummary }: ItemsGridProps) {
  const { t } = useTranslation();
  const pages = useItemPages(filter);
  const filterKey = JSON.stringify(filter);
  const { total, facets, loaded } = pages;

  useEffect(() => onSummary({ total, facets, loaded }), [total, facets, loaded, onSummary]);

  // Benchmark and diagnostics: one frame after rows of a fresh first page were committed.
  useEffect(() => {
    if (pages.firstPageAt === null || pages.isPlaceholder) return;
    const id = requestAnimationFrame(() => {
      performance.mark?.('argus:items-rendered', { detail: { dataAt: pages.firstPageAt } });
    });
    return () => cancelAnimationFrame(id);
  }, [pages.firstPageAt, pages.isPlaceholder]);

  if (pages.isPending) return <LoadingState />;
  if (pages.error && total === null) return <ErrorView error={pages.error} onRetry={pages.refetch} />;
  if (!total) return <>{empty}</>;
  return (
    <VirtualTable
      key={filterKey}
      label={t('plans.items.label')}
      rowCount={total}
      getRow={pages.getRow}
      columns={columns}
      height={height}
      activeIndex={Math.min(activeIndex, total - 1)}
      onActiveIndexChange={onActiveIndexChange}
      onOpen={onOpen}
      onToggle={onToggle}
      onRangeChange={pages.onRangeChange}
      placeholder={t('plans.items.loadingRow')}
      rowClassName={(item) => (item.excluded ? 'is-excluded' : undefined)}
      scrollTestId={itemsGridTestId}
    />
  );
}
