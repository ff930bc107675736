import { describe, expect, it } from 'vitest';
import { employeeAfterJson, type EmployeeAfter } from './model.ts';
import { decodeStoredAfter, encodeEmployeeAfter, EMPLOYEE_STORED_ORDER, EMPLOYEE_STORED_ORDER_SHORT, type EmployeeItemColumns } from './stored-after.ts';
import { employee } from './testing/fixtures.ts';

describe('stored state to apply', () => {
  const columnsOf = (e: EmployeeAfter): EmployeeItemColumns => ({ externalId: e.externalId, tabN: e.tabN, departmentId: e.departmentId, area: e.area });

  it('gives back every field of an employee, with and without balances, from the short array and the item columns', () => {
    const withBalances: EmployeeAfter = { ...employee(1), vacations: [{ date: '2026-01-01', days: 7.00333 }, { date: '2026-02-01', days: 0 }] };
    const bare: EmployeeAfter = {
      ...employee(2, { departmentId: null, rate: null, login: null, sn: null, dbId: null, area: null, terminationDate: '2026-03-01', positionChangeDate: null, active: false }),
      lastName: 'О"Брайен\\',
      secondName: '',
      normWeek: 36.5,
    };
    const noneLeft: EmployeeAfter = { ...employee(3), vacations: [] };
    for (const e of [withBalances, bare, noneLeft]) {
      const stored = encodeEmployeeAfter(e, columnsOf(e));
      const values = JSON.parse(stored) as unknown[];
      // Neither key names nor what the item's columns hold.
      expect(values).toHaveLength(EMPLOYEE_STORED_ORDER_SHORT.length + (e.vacations ? 1 : 0));
      expect(values).not.toContain(e.externalId);
      expect(values).not.toContain(e.tabN);
      expect(stored).not.toContain('"lastName"');
      expect(decodeStoredAfter('employee', stored, 1, columnsOf(e))).toEqual(e);
      // The audit of the decoded state is the canonical JSON of the original.
      expect(employeeAfterJson(decodeStoredAfter('employee', stored, 1, columnsOf(e)))).toBe(employeeAfterJson(e));
    }
  });

  it('writes far fewer bytes than the canonical object', () => {
    const e: EmployeeAfter = { ...employee(1), vacations: [{ date: '2026-01-01', days: 7.5 }] };
    expect(encodeEmployeeAfter(e, columnsOf(e)).length).toBeLessThan(employeeAfterJson(e).length * 0.5);
  });

  it('stores the state whole, as its canonical object, when the columns say something else (never trusts them over the state)', () => {
    const e: EmployeeAfter = employee(3);
    const stored = encodeEmployeeAfter(e, { ...columnsOf(e), area: 'Kaliningrad' });
    expect(stored).toBe(employeeAfterJson(e));
    expect(decodeStoredAfter('employee', stored, 1, { ...columnsOf(e), area: 'Kaliningrad' })).toEqual(e);
    expect(encodeEmployeeAfter(e)).toBe(employeeAfterJson(e));
  });

  it('reads the full arrays that plans stored before the item columns were left out', () => {
    const e: EmployeeAfter = { ...employee(7, { area: 'Vladivostok' }), vacations: [{ date: '2026-01-01', days: 2.5 }] };
    const full = JSON.stringify([...EMPLOYEE_STORED_ORDER.map((k) => e[k]), e.vacations!.map((v) => [v.date, v.days])]);
    expect(decodeStoredAfter('employee', full, 1)).toEqual(e);
    const { vacations: _, ...bare } = e;
    expect(decodeStoredAfter('employee', JSON.stringify(EMPLOYEE_STORED_ORDER.map((k) => e[k])), 1)).toEqual(bare);
  });

  it('reads the canonical objects that plans stored before the positional form', () => {
    const e: EmployeeAfter = { ...employee(4), vacations: [{ date: '2026-01-01', days: 3 }] };
    expect(decodeStoredAfter('employee', employeeAfterJson(e))).toEqual(e);
    expect(decodeStoredAfter('department', '{"active":true,"externalId":"d-1","name":"Продажи","parentId":null}')).toEqual({ active: true, externalId: 'd-1', name: 'Продажи', parentId: null });
  });

  it('refuses a damaged row with the item it came from and what is wrong', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(code(() => decodeStoredAfter('employee', '[1,2', 17))).toMatch(/^plan item 17: the stored state to apply is unreadable \(.*JSON.*\); generate a new plan$/);
    const short = EMPLOYEE_STORED_ORDER_SHORT.length;
    const full = EMPLOYEE_STORED_ORDER.length;
    expect(code(() => decodeStoredAfter('employee', '["a-1","1-16"]', 18))).toBe(
      `plan item 18: the stored state to apply is unreadable (2 values where ${short}, ${short + 1}, ${full} or ${full + 1} belong); generate a new plan`,
    );
    const e = employee(6);
    expect(code(() => decodeStoredAfter('employee', encodeEmployeeAfter(e, columnsOf(e)), 22))).toContain("a short state without the item's columns");
    const five: EmployeeAfter = { ...employee(5), vacations: [{ date: '2026-01-01', days: 1 }] };
    const good = JSON.parse(encodeEmployeeAfter(five, columnsOf(five))) as unknown[];
    good[good.length - 1] = [['2026-01-01']];
    expect(code(() => decodeStoredAfter('employee', JSON.stringify(good), 19, columnsOf(five)))).toContain('balance 1 is not a [date, days] pair');
    expect(code(() => decodeStoredAfter('employee', '"text"', 20))).toContain('neither an array nor an employee object');
    expect(code(() => decodeStoredAfter('position', '[]', 21))).toContain('not a position object');
  });
});
