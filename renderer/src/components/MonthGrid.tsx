// A grid virtualized in both directions: employees down (100 000 rows scroll like 100), the days
// of a month and the totals across, with the employee column and the header row sticky. ARIA
// grid semantics at cell level: focus stays on the grid, aria-activedescendant names the active
// cell; arrows move between cells, PageUp/PageDown jump, Home/End go to the row's ends
// (Ctrl+Home/End to the first and last row), Enter opens the row.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './MonthGrid.css';

export interface GridColumn<T> {
  id: string;
  /** Pixels: every column of the scrolled part has a fixed width. */
  width: number;
  header: ReactNode;
  /** The header's accessible name when its content is not text enough (a date with its weekday). */
  headerLabel?: string;
  /** Shared by the header and every cell of the column (weekend, today). */
  className?: string;
  align?: 'left' | 'right' | 'center';
  render(row: T, index: number): ReactNode;
  /** The cell's class for this row (a contradiction, a day outside employment). */
  cellClassName?(row: T): string | undefined;
  /** The cell's accessible name, when the visible text is shorthand ("4 ☾7"). */
  cellLabel?(row: T): string | undefined;
  /** A tooltip with the whole story of the cell. */
  cellTitle?(row: T): string | undefined;
}

export interface CellPosition {
  row: number;
  /** 0: the sticky employee column; 1…n: the scrolled columns. */
  col: number;
}

export interface MonthGridProps<T> {
  label: string;
  rowCount: number;
  getRow(index: number): T | undefined;
  /** The sticky first column (the employee). */
  lead: { header: ReactNode; width: number; render(row: T, index: number): ReactNode };
  columns: Array<GridColumn<T>>;
  rowHeight?: number;
  headerHeight?: number;
  height: number | string;
  active: CellPosition;
  onActiveChange(cell: CellPosition): void;
  onOpen?(row: T, index: number, col: number): void;
  onRangeChange?(first: number, last: number): void;
  placeholder?: ReactNode;
  rowClassName?(row: T): string | undefined;
  /** A data attribute on each row for tests (data-employee-id). */
  rowAttribute?: { name: `data-${string}`; value(row: T): string };
  testId?: string;
  /** Changing it scrolls the active cell into view (a link that names a day). */
  revealKey?: string;
}

export function MonthGrid<T>(props: MonthGridProps<T>) {
  const {
    label, rowCount, getRow, lead, columns, rowHeight = 40, headerHeight = 40, height, active, onActiveChange, onOpen, onRangeChange,
    placeholder, rowClassName, rowAttribute, testId, revealKey,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const widths = useRef(columns.map((c) => c.width));
  widths.current = columns.map((c) => c.width);
  const widthKey = widths.current.join(',');

  const rows = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    useFlushSync: false,
    paddingStart: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const cols = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => widths.current[i] ?? 60,
    overscan: 3,
    useFlushSync: false,
    paddingStart: lead.width,
    scrollPaddingStart: lead.width,
  });
  // Column widths come from props: a new set (another month's days) is measured again.
  useEffect(() => cols.measure(), [widthKey, cols]);

  const rowItems = rows.getVirtualItems();
  const colItems = cols.getVirtualItems();
  const first = rowItems[0]?.index ?? 0;
  const last = rowItems[rowItems.length - 1]?.index ?? -1;
  useEffect(() => {
    if (onRangeChange && last >= first) onRangeChange(first, last);
  }, [first, last, onRangeChange]);

  const moveTo = useCallback(
    (row: number, col: number) => {
      if (rowCount === 0) return;
      const r = Math.max(0, Math.min(rowCount - 1, row));
      const c = Math.max(0, Math.min(columns.length, col));
      onActiveChange({ row: r, col: c });
      rows.scrollToIndex(r, { align: 'auto' });
      // The employee column is always in view; going to it goes back to the month's start.
      if (c > 0) cols.scrollToIndex(c - 1, { align: 'auto' });
      else cols.scrollToOffset(0);
    },
    [rowCount, columns.length, onActiveChange, rows, cols],
  );

  // A link that names a day: bring its cell into view once.
  const revealed = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (revealKey === undefined || revealed.current === revealKey || rowCount === 0) return;
    revealed.current = revealKey;
    rows.scrollToIndex(Math.min(active.row, rowCount - 1), { align: 'auto' });
    if (active.col > 0) cols.scrollToIndex(active.col - 1, { align: 'center' });
  }, [revealKey, rowCount, active.row, active.col, rows, cols]);

  const pageSize = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? rowHeight * 10) - headerHeight) / rowHeight) - 1);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const { row, col } = active;
    switch (e.key) {
      case 'ArrowDown': moveTo(row + 1, col); break;
      case 'ArrowUp': moveTo(row - 1, col); break;
      case 'ArrowRight': moveTo(row, col + 1); break;
      case 'ArrowLeft': moveTo(row, col - 1); break;
      case 'PageDown': moveTo(row + pageSize, col); break;
      case 'PageUp': moveTo(row - pageSize, col); break;
      case 'Home': moveTo(e.ctrlKey || e.metaKey ? 0 : row, 0); break;
      case 'End': moveTo(e.ctrlKey || e.metaKey ? rowCount - 1 : row, e.ctrlKey || e.metaKey ? col : columns.length); break;
      case 'Enter': {
        const r = getRow(row);
        if (r !== undefined && onOpen) onOpen(r, row, col);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  const cellId = useCallback((row: number, col: number) => `${baseId}-r${row}-c${col}`, [baseId]);
  const activeRendered = active.row >= first && active.row <= last && (active.col === 0 || colItems.some((c) => c.index === active.col - 1));

  const latest = useRef({ onActiveChange, onOpen, getRow });
  latest.current = { onActiveChange, onOpen, getRow };
  const onCellPress = useCallback((row: number, col: number) => latest.current.onActiveChange({ row, col }), []);
  const onCellOpen = useCallback((row: number, col: number, target: HTMLElement) => {
    if (target.closest('input,button,a,label')) return;
    scrollRef.current?.focus({ preventScroll: true });
    const r = latest.current.getRow(row);
    if (r !== undefined) latest.current.onOpen?.(r, row, col);
  }, []);

  const totalWidth = cols.getTotalSize();
  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length + 1}
      aria-activedescendant={rowCount > 0 && activeRendered ? cellId(active.row, active.col) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      className="mg"
      data-testid={testId}
      style={{ height, overflow: 'auto', position: 'relative', contain: 'strict' }}
    >
      <div style={{ height: rows.getTotalSize(), width: totalWidth, position: 'relative' }}>
        <div role="rowgroup" className="mg-head" style={{ position: 'sticky', top: 0, zIndex: 3, height: headerHeight, width: totalWidth }}>
          <div role="row" aria-rowindex={1} className="mg-row mg-header-row" style={{ height: headerHeight, width: totalWidth }}>
            <div role="columnheader" aria-colindex={1} className="mg-lead mg-header" style={{ width: lead.width, height: headerHeight }}>
              {lead.header}
            </div>
            {colItems.map((vc) => {
              const c = columns[vc.index]!;
              return (
                <div
                  key={c.id}
                  role="columnheader"
                  aria-colindex={vc.index + 2}
                  aria-label={c.headerLabel}
                  className={`mg-cell mg-header align-${c.align ?? 'center'}${c.className ? ` ${c.className}` : ''}`}
                  style={{ left: vc.start, width: vc.size, height: headerHeight }}
                >
                  {c.header}
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup">
          {rowItems.map((vr) => {
            const row = getRow(vr.index);
            return (
              <GridRow<T>
                key={vr.key}
                index={vr.index}
                row={row}
                top={vr.start}
                height={rowHeight}
                width={totalWidth}
                lead={lead}
                columns={columns}
                colItems={colItems}
                activeCol={vr.index === active.row ? active.col : -1}
                cellId={cellId}
                extraClass={row !== undefined ? rowClassName?.(row) : undefined}
                attrName={rowAttribute?.name}
                attrValue={row !== undefined ? rowAttribute?.value(row) : undefined}
                placeholder={placeholder}
                onPress={onCellPress}
                onOpen={onCellOpen}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface GridRowProps<T> {
  index: number;
  row: T | undefined;
  top: number;
  height: number;
  width: number;
  lead: MonthGridProps<T>['lead'];
  columns: Array<GridColumn<T>>;
  colItems: ReadonlyArray<{ index: number; start: number; size: number }>;
  activeCol: number;
  cellId(row: number, col: number): string;
  extraClass: string | undefined;
  attrName: string | undefined;
  attrValue: string | undefined;
  placeholder: ReactNode;
  onPress(row: number, col: number): void;
  onOpen(row: number, col: number, target: HTMLElement): void;
}

function GridRowImpl<T>({ index, row, top, height, width, lead, columns, colItems, activeCol, cellId, extraClass, attrName, attrValue, placeholder, onPress, onOpen }: GridRowProps<T>) {
  return (
    <div
      {...(attrName && attrValue !== undefined ? { [attrName]: attrValue } : {})}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={activeCol >= 0}
      data-index={index}
      className={`mg-row${activeCol >= 0 ? ' is-active' : ''}${index % 2 ? ' is-odd' : ''}${extraClass ? ` ${extraClass}` : ''}`}
      style={{ top, height, width }}
    >
      <div
        id={cellId(index, 0)}
        role="rowheader"
        aria-colindex={1}
        className={`mg-lead${activeCol === 0 ? ' is-active-cell' : ''}`}
        style={{ width: lead.width, height }}
        onMouseDown={() => onPress(index, 0)}
        onClick={(e) => onOpen(index, 0, e.target as HTMLElement)}
      >
        {row === undefined ? <span className="vt-placeholder">{placeholder}</span> : lead.render(row, index)}
      </div>
      {row !== undefined &&
        colItems.map((vc) => {
          const c = columns[vc.index]!;
          const extra = c.cellClassName?.(row);
          return (
            <div
              key={c.id}
              id={cellId(index, vc.index + 1)}
              role="gridcell"
              aria-colindex={vc.index + 2}
              aria-label={c.cellLabel?.(row)}
              title={c.cellTitle?.(row)}
              className={`mg-cell align-${c.align ?? 'center'}${c.className ? ` ${c.className}` : ''}${extra ? ` ${extra}` : ''}${activeCol === vc.index + 1 ? ' is-active-cell' : ''}`}
              style={{ left: vc.start, width: vc.size, height }}
              onMouseDown={() => onPress(index, vc.index + 1)}
              onDoubleClick={(e) => onOpen(index, vc.index + 1, e.target as HTMLElement)}
            >
              {c.render(row, index)}
            </div>
          );
        })}
    </div>
  );
}

/** Rows re-render only when their data, the active cell in them, or the visible columns change. */
const GridRow = memo(GridRowImpl) as typeof GridRowImpl;
