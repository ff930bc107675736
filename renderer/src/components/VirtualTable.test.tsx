import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderConsole } from '../test/render.tsx';
import { VirtualTable, type VirtualColumn } from './VirtualTable.tsx';

interface Row { n: number; name: string }
const columns: Array<VirtualColumn<Row>> = [
  { id: 'n', header: 'No.', width: '60px', align: 'right', render: (r) => r.n },
  { id: 'name', header: 'Name', width: '1fr', render: (r) => r.name },
];

function Harness({ count, onOpen, onToggle, missing }: { count: number; onOpen?: (r: Row) => void; onToggle?: (r: Row) => void; missing?: (i: number) => boolean }) {
  const [active, setActive] = useState(0);
  return (
    <VirtualTable<Row>
      label="People"
      rowCount={count}
      getRow={(i) => (missing?.(i) ? undefined : { n: i + 1, name: `Person ${i + 1}` })}
      columns={columns}
      rowHeight={20}
      height={400}
      activeIndex={active}
      onActiveIndexChange={setActive}
      onOpen={onOpen}
      onToggle={onToggle}
      placeholder="loading…"
    />
  );
}

const activeRow = () => {
  const grid = screen.getByRole('grid', { name: 'People' });
  const id = grid.getAttribute('aria-activedescendant');
  return id ? document.getElementById(id) : null;
};

describe('VirtualTable', () => {
  it('renders only a window of a 100 000-row table, with the full count announced', () => {
    renderConsole(<Harness count={100_000} />);
    const grid = screen.getByRole('grid', { name: 'People' });
    expect(grid.getAttribute('aria-rowcount')).toBe('100001');
    const rows = within(grid).getAllByRole('row');
    // header + a viewport of 400 px / 20 px and the overscan, never 100 000
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(within(grid).getByText('Person 1')).toBeTruthy();
  });

  it('moves with the arrows, jumps with Home/End and PageDown, opens with Enter, toggles with Space', async () => {
    const onOpen = vi.fn();
    const onToggle = vi.fn();
    renderConsole(<Harness count={100_000} onOpen={onOpen} onToggle={onToggle} />);
    const grid = screen.getByRole('grid', { name: 'People' });
    grid.focus();
    expect(within(activeRow()!).getByText('Person 1')).toBeTruthy();

    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(within(activeRow()!).getByText('Person 3')).toBeTruthy();
    expect(activeRow()!.getAttribute('aria-selected')).toBe('true');

    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    expect(within(activeRow()!).getByText('Person 2')).toBeTruthy();
    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    expect(within(activeRow()!).getByText('Person 1')).toBeTruthy();

    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenLastCalledWith({ n: 1, name: 'Person 1' }, 0);
    fireEvent.keyDown(grid, { key: ' ' });
    expect(onToggle).toHaveBeenLastCalledWith({ n: 1, name: 'Person 1' }, 0);

    // 400 px / 20 px = 20 rows in view; a page moves by the view less two rows of context
    fireEvent.keyDown(grid, { key: 'PageDown' });
    expect(within(activeRow()!).getByText('Person 19')).toBeTruthy();

    fireEvent.keyDown(grid, { key: 'End' });
    // the virtualizer scrolls the last row into the DOM and it becomes the active descendant
    await waitFor(() => expect(within(activeRow()!).getByText('Person 100000')).toBeTruthy());
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(within(activeRow()!).getByText('Person 100000')).toBeTruthy();
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenLastCalledWith({ n: 100000, name: 'Person 100000' }, 99_999);

    fireEvent.keyDown(grid, { key: 'Home' });
    await waitFor(() => expect(within(activeRow()!).getByText('Person 1')).toBeTruthy());
  });

  it('shows a placeholder for rows still loading and does not open them', () => {
    const onOpen = vi.fn();
    renderConsole(<Harness count={50} onOpen={onOpen} missing={(i) => i === 1} />);
    const grid = screen.getByRole('grid', { name: 'People' });
    expect(within(grid).getAllByText('loading…')).toHaveLength(1);
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('opens a row on click', () => {
    const onOpen = vi.fn();
    renderConsole(<Harness count={5} onOpen={onOpen} />);
    fireEvent.click(screen.getByText('Person 4'));
    expect(onOpen).toHaveBeenCalledWith({ n: 4, name: 'Person 4' }, 3);
  });
});
