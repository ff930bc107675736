import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PlanItem } from '../../../../core/contract/index.ts';
import { renderConsole } from '../../test/render.tsx';
import { DepartmentNames, FullDiff, InlineDiff } from './Diff.tsx';

function item(over: Partial<PlanItem>): PlanItem {
  return {
    id: 1, planId: 1, entity: 'employee', externalId: 'A-1', action: 'update', label: 'Иванов Иван Иванович (223-16)',
    tabN: '223-16', departmentId: 'D1', departmentName: 'Отдел продаж', area: 'Москва', changes: [], reasons: [], excluded: false, applied: false,
    ...over,
  };
}

describe('field-level diff', () => {
  it('names each field and shows before → after, with dates, numbers and booleans as people read them', () => {
    renderConsole(
      <FullDiff item={item({ changes: [
        { field: 'rate', before: 0.5, after: 1 },
        { field: 'terminationDate', before: null, after: '2026-11-30' },
        { field: 'active', before: true, after: false },
        { field: 'someNewField', before: 'x', after: 'y' },
      ] })} />,
      { language: 'ru' },
    );
    const table = screen.getByRole('table', { name: 'Изменения' });
    const rows = within(table).getAllByRole('row').slice(1);
    const cells = rows.map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent));
    expect(cells).toEqual([
      ['Ставка', '0,5', '1'],
      ['Дата увольнения', 'пусто', '30.11.2026'],
      ['Активен', 'да', 'нет'],
      // an unknown field is shown by its own name rather than hidden
      ['someNewField', 'x', 'y'],
    ]);
  });

  it('keeps a table row to the first changes and counts the rest', () => {
    renderConsole(
      <InlineDiff item={item({ changes: [
        { field: 'lastName', before: 'Петрова', after: 'Иванова' },
        { field: 'rate', before: 1, after: 0.75 },
        { field: 'normWeek', before: 40, after: 36 },
        { field: 'area', before: 'Москва', after: 'Казань' },
      ] })} />,
    );
    expect(screen.getByText('Last name:')).toBeTruthy();
    expect(screen.getByText('Петрова')).toBeTruthy();
    expect(screen.getByText('Иванова')).toBeTruthy();
    expect(screen.getByText('0.75')).toBeTruthy();
    expect(screen.queryByText('Weekly hours norm:')).toBeNull();
    expect(screen.getByText(/2 more fields/)).toBeTruthy();
  });

  it('shows why an invalid record was refused instead of a diff', () => {
    renderConsole(<InlineDiff item={item({ action: 'invalid', reasons: ['tabN is required', 'rate must be between 0 and 1, got 1.5'] })} />);
    expect(screen.getByText('tabN is required; rate must be between 0 and 1, got 1.5')).toBeTruthy();
  });

  it('says a created record is new rather than showing an empty diff', () => {
    renderConsole(<InlineDiff item={item({ action: 'create' })} />, { language: 'ru' });
    expect(screen.getByText('новая запись')).toBeTruthy();
  });

  it('reads department ids as names the plan knows, and shortens ids it cannot name', () => {
    const names = new Map([['dec629f9-1a3f-ae68-8000-000000000001', 'Группа чатов №1']]);
    renderConsole(
      <DepartmentNames.Provider value={names}>
        <InlineDiff item={item({ changes: [
          { field: 'positionId', before: 'fb1c68f0-c1c5-013b-7f32-352b05bd3792', after: 'b775f7e6-7aaa-b073-6161-9653103122ae' },
          { field: 'positionName', before: 'Оператор', after: 'Старший оператор' },
          { field: 'departmentId', before: 'ffffffff-0000-0000-0000-000000000000', after: 'dec629f9-1a3f-ae68-8000-000000000001' },
        ] })} />
      </DepartmentNames.Provider>,
    );
    // the position's id is left out of the one-line summary: its name says it
    expect(screen.queryByText('fb1c68f0…')).toBeNull();
    expect(screen.getByText('Старший оператор')).toBeTruthy();
    expect(screen.getByText('Группа чатов №1').getAttribute('title')).toBe('dec629f9-1a3f-ae68-8000-000000000001');
    expect(screen.getByText('ffffffff…').getAttribute('title')).toBe('ffffffff-0000-0000-0000-000000000000');
  });
});
