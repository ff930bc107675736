import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../audit/canonical-json.ts';
import { employeeAfterJson, employeeLabel, summariseVacations, type EmployeeAfter } from './model.ts';
import { employee } from './testing/fixtures.ts';

describe('employeeAfterJson', () => {
  it('writes exactly the canonical JSON the audit log would write', () => {
    const plain: EmployeeAfter = { ...employee(1), vacations: [{ date: '2026-01-01', days: 7.00333 }] };
    expect(employeeAfterJson(plain)).toBe(canonicalJson(plain));
    const tricky: EmployeeAfter = {
      ...employee(2, { rate: null, login: null, area: null, terminationDate: '2026-03-01', active: false }),
      lastName: 'О"Брайен\\',
      firstName: 'Tab\there\nnew',
      secondName: 'emoji 😀 and lone \ud800',
      sn: '\u2028',
      normWeek: 36.5,
    };
    expect(employeeAfterJson(tricky)).toBe(canonicalJson(tricky));
    expect(JSON.parse(employeeAfterJson(tricky))).toEqual(JSON.parse(canonicalJson(tricky)));
    const noVacations = employee(3);
    expect(employeeAfterJson(noVacations)).toBe(canonicalJson(noVacations));
  });
});

describe('labels', () => {
  it('names a person as a reviewer reads them', () => {
    expect(employeeLabel({ lastName: 'Иванов', firstName: 'Иван', secondName: 'Иванович', tabN: '223-16' })).toBe('Иванов Иван Иванович (223-16)');
    expect(employeeLabel({ lastName: 'Smith', firstName: 'Anna', secondName: '', tabN: '10-000' })).toBe('Smith Anna (10-000)');
    expect(summariseVacations([])).toBe('none');
    expect(summariseVacations([{ date: '2026-01-01', days: 1 }, { date: '2026-02-01', days: 2.5 }])).toBe('2 accruals, latest 2026-02-01: 2.5 days');
  });
});
