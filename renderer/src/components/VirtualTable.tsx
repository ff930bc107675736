// A virtualized, keyboard-friendly grid: only visible rows exist in the DOM, so 100 000 rows
// scroll like 100. ARIA grid semantics: focus stays on the grid, aria-activedescendant names
// the active row; arrows move, PageUp/PageDown/Home/End jump, Enter opens, Space toggles.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualColumn<T> {
  id: string;
  header: ReactNode;
  /** A CSS grid track: "36px", "minmax(220px, 2fr)". */
  width: string;
  align?: 'left' | 'right' | 'center';
  render(row: T, index: number): ReactNode;
}

export interface VirtualTableProps<T> {
  /** Accessible name of the grid. */
  label: string;
  rowCount: number;
  /** The row at an index, or undefined while its page is still loading. */
  getRow(index: number): T | undefined;
  /**
   * Optional React keys. Read through a stable wrapper: the virtualizer recomputes keys for
   * every row only when the row count changes, never per render (that would walk all
   * 100 000 rows each frame). Rows are fixed-height, so index keys are fine without it.
   */
  getRowKey?(index: number, row: T | undefined): string | number;
  columns: Array<VirtualColumn<T>>;
  rowHeight?: number;
  /** CSS height of the scrolling area. */
  height: number | string;
  activeIndex: number;
  onActiveIndexChange(index: number): void;
  onOpen?(row: T, index: number): void;
  onToggle?(row: T, index: number): void;
  /** Called with the rendered index range, so a pager can fetch what is about to be seen. */
  onRangeChange?(start: number, end: number): void;
  /** Row text while its data is loading. */
  placeholder?: ReactNode;
  rowClassName?(row: T): string | undefined;
  /** A data attribute on each row for tests and benchmarks (e.g. data-agent-id). */
  rowAttribute?: { name: `data-${string}`; value(row: T): string };
  /** Exposed for the benchmark and tests: the scrolling element. */
  scrollTestId?: string;
  overscan?: number;
}

export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const {
    label, rowCount, getRow, getRowKey, columns, rowHeight = 34, height, activeIndex, onActiveIndexChange,
    onOpen, onToggle, onRangeChange, placeholder, rowClassName, rowAttribute, scrollTestId, overscan = 8,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const keyFns = useRef({ getRowKey, getRow });
  keyFns.current = { getRowKey, getRow };
  const hasKeys = getRowKey !== undefined;
  const getItemKey = useCallback(
    (i: number) => keyFns.current.getRowKey?.(i, keyFns.current.getRow(i)) ?? i,
    // A new function only when the count changes, so keys are computed once per count.
    [rowCount, hasKeys],
  );
  const template = columns.map((c) => c.width).join(' ');

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    // Rows re-render in React's own time; flushSync from scroll handlers warns inside lifecycles.
    useFlushSync: false,
    // The sticky header takes the first row's height inside the scroller.
    paddingStart: rowHeight,
    scrollPaddingStart: rowHeight,
    getItemKey,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (onRangeChange && last >= first) onRangeChange(first, last);
  }, [first, last, onRangeChange]);

  const moveTo = useCallback(
    (index: number) => {
      if (rowCount === 0) return;
      const next = Math.max(0, Math.min(rowCount - 1, index));
      onActiveIndexChange(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [rowCount, onActiveIndexChange, virtualizer],
  );

  const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 2);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // Keys typed into an input inside a row (none today) stay with the input.
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox') return;
    switch (e.key) {
      case 'ArrowDown': moveTo(activeIndex + 1); break;
      case 'ArrowUp': moveTo(activeIndex - 1); break;
      case 'PageDown': moveTo(activeIndex + pageSize); break;
      case 'PageUp': moveTo(activeIndex - pageSize); break;
      case 'Home': moveTo(0); break;
      case 'End': moveTo(rowCount - 1); break;
      case 'Enter': {
        const row = getRow(activeIndex);
        if (row !== undefined && onOpen) onOpen(row, activeIndex);
        break;
      }
      case ' ': {
        const row = getRow(activeIndex);
        if (row !== undefined && onToggle) onToggle(row, activeIndex);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  const rowId = (i: number) => `${baseId}-row-${i}`;

  // Stable handlers, so a row that stays on screen is not re-rendered while scrolling.
  const latest = useRef({ onActiveIndexChange, onOpen, getRow });
  latest.current = { onActiveIndexChange, onOpen, getRow };
  const onRowPress = useCallback((index: number) => latest.current.onActiveIndexChange(index), []);
  const onRowActivate = useCallback((index: number, target: HTMLElement) => {
    if (target.closest('input,button,a,label')) return;
    scrollRef.current?.focus({ preventScroll: true });
    const row = latest.current.getRow(index);
    if (row !== undefined) latest.current.onOpen?.(row, index);
  }, []);
  const activeVisible = activeIndex >= first && activeIndex <= last;

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length}
      aria-activedescendant={rowCount > 0 && activeVisible ? rowId(activeIndex) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      className="vt"
      data-testid={scrollTestId}
      style={{ height, overflow: 'auto', position: 'relative', contain: 'strict' }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        <div role="rowgroup" className="vt-head" style={{ position: 'sticky', top: 0, zIndex: 2 }}>
          <div role="row" aria-rowindex={1} className="vt-row vt-header" style={{ gridTemplateColumns: template, height: rowHeight }}>
            {columns.map((c) => (
              <div key={c.id} role="columnheader" className={`vt-cell align-${c.align ?? 'left'}`}>
                {c.header}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup">
          {items.map((vi) => {
            const row = getRow(vi.index);
            return (
              <Row<T>
                key={vi.key}
                id={rowId(vi.index)}
                index={vi.index}
                row={row}
                active={vi.index === activeIndex}
                extraClass={row !== undefined ? rowClassName?.(row) : undefined}
                attrName={rowAttribute?.name}
                attrValue={row !== undefined ? rowAttribute?.value(row) : undefined}
                template={template}
                rowHeight={rowHeight}
                start={vi.start}
                columns={columns}
                placeholder={placeholder}
                onPress={onRowPress}
                onActivate={onRowActivate}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps<T> {
  id: string;
  index: number;
  row: T | undefined;
  active: boolean;
  extraClass: string | undefined;
  attrName: string | undefined;
  attrValue: string | undefined;
  template: string;
  rowHeight: number;
  start: number;
  columns: Array<VirtualColumn<T>>;
  placeholder: ReactNode;
  onPress(index: number): void;
  onActivate(index: number, target: HTMLElement): void;
}

function RowImpl<T>({ id, index, row, active, extraClass, attrName, attrValue, template, rowHeight, start, columns, placeholder, onPress, onActivate }: RowProps<T>) {
  return (
    <div
      {...(attrName && attrValue !== undefined ? { [attrName]: attrValue } : {})}
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      data-index={index}
      className={`vt-row${active ? ' is-active' : ''}${extraClass ? ` ${extraClass}` : ''}${index % 2 ? ' is-odd' : ''}`}
      style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${start}px)` }}
      onMouseDown={() => onPress(index)}
      onClick={(e) => onActivate(index, e.target as HTMLElement)}
    >
      {row === undefined ? (
        <div role="gridcell" className="vt-cell vt-placeholder" style={{ gridColumn: '1 / -1' }}>{placeholder}</div>
      ) : (
        columns.map((c) => (
          <div key={c.id} role="gridcell" className={`vt-cell align-${c.align ?? 'left'}`}>
            {c.render(row, index)}
          </div>
        ))
      )}
    </div>
  );
}

/** Rows re-render only when their own data, activity or the columns change. */
const Row = memo(RowImpl) as typeof RowImpl;
