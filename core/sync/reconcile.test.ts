import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/clock.ts';
import { civilToday } from '../time/sites.ts';
import { reconcile, vacationScopeFor } from './reconcile.ts';
import type { NewPlanItem } from './model.ts';
import { ROOT, SALES, employee, rawAgent, response, snapshot } from './testing/fixtures.ts';

const TODAY = '2026-03-15';

function only(items: NewPlanItem[], entity: NewPlanItem['entity']): NewPlanItem[] {
  return items.filter((i) => i.entity === entity);
}
function item(items: NewPlanItem[], externalId: string): NewPlanItem {
  const found = items.find((i) => i.externalId === externalId && i.entity === 'employee');
  if (!found) throw new Error(`no item ${externalId}`);
  return found;
}

describe('reconcile: employees', () => {
  it('creates an agent unknown to the directory with every field of /agents', () => {
    const r = reconcile({ response: response([rawAgent(1, { rate: '0,5' })]), directory: snapshot({ departments: [], positions: [] }), today: TODAY });
    const it1 = item(r.items, 'a-1');
    expect(it1).toMatchObject({ action: 'create', label: 'Иванов Иван Иванович (1-16)', tabN: '1-16', departmentId: 'd-sales', departmentName: 'Продажи', area: 'Moscow' });
    expect(it1.after).toEqual({
      ...employee(1, { rate: 0.5 }),
      vacations: [{ date: '2026-01-01', days: 7.5 }],
    });
    expect(r.counts.create).toBe(4); // two departments, one position, one employee
  });

  it('reports an identical agent as unchanged, with nothing to apply', () => {
    const r = reconcile({ response: response([rawAgent(1)]), directory: snapshot({ employees: [employee(1)] }), today: TODAY });
    expect(item(r.items, 'a-1')).toMatchObject({ action: 'unchanged', changes: null, after: null });
    expect(r.counts).toEqual({ create: 0, update: 0, deactivate: 0, unchanged: 4, invalid: 0 });
  });

  it('lists every changed field with before and after', () => {
    const agent = rawAgent(1, {
      tabN: '1-17',
      lastname: 'Петрова',
      firstname: 'Анна',
      secondname: '',
      startwork: '2020-03-01',
      positionId: 'p-sup',
      position: 'Супервизор',
      positionChangeDate: '2026-03-01',
      departmentId: 'd-root',
      rate: 0.75,
      normWeek: 36,
      normWeekChangeDate: '2026-03-01',
      Login: 'petrova',
      SN: 'sn-x',
      Db_ID: 'db-x',
      area: 'Екатеринбург',
    });
    const r = reconcile({ response: response([agent]), directory: snapshot({ employees: [employee(1)] }), today: TODAY });
    const it1 = item(r.items, 'a-1');
    expect(it1.action).toBe('update');
    expect(it1.changes).toEqual([
      { field: 'tabN', before: '1-16', after: '1-17' },
      { field: 'lastName', before: 'Иванов', after: 'Петрова' },
      { field: 'firstName', before: 'Иван', after: 'Анна' },
      { field: 'secondName', before: 'Иванович', after: '' },
      { field: 'hireDate', before: '2020-02-01', after: '2020-03-01' },
      { field: 'positionId', before: 'p-op', after: 'p-sup' },
      { field: 'positionName', before: 'Оператор', after: 'Супервизор' },
      { field: 'positionChangeDate', before: '2020-02-01', after: '2026-03-01' },
      { field: 'departmentId', before: 'd-sales', after: 'd-root' },
      { field: 'rate', before: 1, after: 0.75 },
      { field: 'normWeek', before: 40, after: 36 },
      { field: 'normWeekChangeDate', before: '2020-02-01', after: '2026-03-01' },
      { field: 'login', before: 'ivanov1', after: 'petrova' },
      { field: 'sn', before: 'sn-1', after: 'sn-x' },
      { field: 'dbId', before: 'db-1', after: 'db-x' },
      { field: 'area', before: 'Moscow', after: 'Екатеринбург' },
    ]);
    expect(it1.after).toMatchObject({ lastName: 'Петрова', rate: 0.75, active: true });
    expect(it1.after).not.toHaveProperty('vacations');
  });

  it('summarises vacation balance changes, and names the dates when the summary alone would not differ', () => {
    const added = reconcile({
      response: response([rawAgent(1, { AR_vacation: [{ date: '2026-01-01', vacation: 7.5 }, { date: '2026-02-01', vacation: '9,83' }] })]),
      directory: snapshot({ employees: [employee(1)] }),
      today: TODAY,
    });
    const a = item(added.items, 'a-1');
    expect(a.changes).toEqual([{ field: 'vacations', before: '1 accrual, latest 2026-01-01: 7.5 days', after: '2 accruals, latest 2026-02-01: 9.83 days' }]);
    expect(a.after).toMatchObject({ vacations: [{ date: '2026-01-01', days: 7.5 }, { date: '2026-02-01', days: 9.83 }] });

    const corrected = reconcile({
      response: response([rawAgent(1, { AR_vacation: [{ date: '2026-01-01', vacation: 7 }, { date: '2026-02-01', vacation: 9 }] })]),
      directory: snapshot({ employees: [employee(1)], vacations: { 'a-1': [{ date: '2026-01-01', days: 7.5 }, { date: '2026-02-01', days: 9 }] } }),
      today: TODAY,
    });
    expect(item(corrected.items, 'a-1').changes).toEqual([{ field: 'vacations', before: '2026-01-01: 7.5', after: '2026-01-01: 7' }]);

    const cleared = reconcile({ response: response([rawAgent(1, { AR_vacation: null })]), directory: snapshot({ employees: [employee(1)] }), today: TODAY });
    expect(item(cleared.items, 'a-1')).toMatchObject({ action: 'update', changes: [{ field: 'vacations', before: '1 accrual, latest 2026-01-01: 7.5 days', after: 'none' }], after: { vacations: [] } });
  });

  it('widens the vacation scope to dates 1C sent outside the period', () => {
    const resp = response([rawAgent(1, { AR_vacation: [{ date: '2025-12-01', vacation: 1 }] }), rawAgent(2, { AR_vacation: [{ date: '2027-01-01', vacation: 2 }] })]);
    expect(vacationScopeFor(resp, '2026-01-01', '2026-12-31')).toEqual({ from: '2025-12-01', to: '2027-01-01' });
    expect(vacationScopeFor(response([rawAgent(1)]), '2026-01-01', '2026-12-31')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});

describe('reconcile: deactivation', () => {
  it('keeps an employee active on the finishwork day, recording the termination date', () => {
    const r = reconcile({ response: response([rawAgent(1, { finishwork: '2026-03-15' })]), directory: snapshot({ employees: [employee(1)] }), today: '2026-03-15' });
    expect(item(r.items, 'a-1')).toMatchObject({ action: 'update', changes: [{ field: 'terminationDate', before: null, after: '2026-03-15' }], after: { active: true } });
    expect(r.massDeactivation.deactivations).toBe(0);
  });

  it('deactivates the day after finishwork, with the reason', () => {
    const r = reconcile({ response: response([rawAgent(1, { finishwork: '2026-03-14' })]), directory: snapshot({ employees: [employee(1)] }), today: '2026-03-15' });
    const it1 = item(r.items, 'a-1');
    expect(it1.action).toBe('deactivate');
    expect(it1.changes).toEqual([
      { field: 'terminationDate', before: null, after: '2026-03-14' },
      { field: 'active', before: true, after: false },
    ]);
    expect(it1.reasons?.[0]).toMatch(/finishwork 2026-03-14 has passed \(today is 2026-03-15 in Europe\/Moscow\)/);
    expect(r.counts.deactivate).toBe(1);
  });

  it('decides "the day after" in the site zone of each employee', () => {
    // 20:30 UTC on 31 March: already 1 April in Vladivostok, still 31 March in Moscow and Kaliningrad.
    const clock = new ManualClock('2026-03-31T20:30:00Z');
    const agents = [
      rawAgent(1, { finishwork: '2026-03-31', area: 'Vladivostok' }),
      rawAgent(2, { finishwork: '2026-03-31', area: 'Москва' }),
      rawAgent(3, { finishwork: '2026-03-31', area: 'Калининград' }),
      rawAgent(4, { finishwork: '2026-03-31', area: null }),
    ];
    const dir = snapshot({ employees: [employee(1, { area: 'Vladivostok' }), employee(2, { area: 'Москва' }), employee(3, { area: 'Калининград' }), employee(4, { area: null })] });
    const r = reconcile({ response: response(agents), directory: dir, today: (zone) => civilToday(clock, zone) });
    expect(item(r.items, 'a-1').action).toBe('deactivate');
    expect(item(r.items, 'a-2').action).toBe('update');
    expect(item(r.items, 'a-3').action).toBe('update');
    expect(item(r.items, 'a-4').action).toBe('update');
    // An unknown area follows the configured default zone.
    const east = reconcile({ response: response(agents), directory: dir, today: (zone) => civilToday(clock, zone), defaultZone: 'Asia/Novosibirsk' });
    expect(item(east.items, 'a-4').action).toBe('deactivate');
  });

  it('deactivates an active employee missing from 1C and ignores one already inactive', () => {
    const dir = snapshot({ employees: [employee(1), employee(2), employee(3, { active: false })] });
    const r = reconcile({ response: response([rawAgent(1)]), directory: dir, today: TODAY });
    expect(item(r.items, 'a-2')).toMatchObject({
      action: 'deactivate',
      changes: [{ field: 'active', before: true, after: false }],
      reasons: ['missing from the 1C response'],
      after: { ...employee(2), active: false },
      departmentName: 'Продажи',
    });
    expect(r.items.find((i) => i.externalId === 'a-3')).toBeUndefined();
  });

  it('leaves an already deactivated, terminated employee unchanged', () => {
    const dir = snapshot({ employees: [employee(1, { active: false, terminationDate: '2026-03-01' })] });
    const r = reconcile({ response: response([rawAgent(1, { finishwork: '2026-03-01' })]), directory: dir, today: TODAY });
    expect(item(r.items, 'a-1').action).toBe('unchanged');
  });

  it('reactivates a deactivated employee who is back in 1C without a passed finishwork', () => {
    const dir = snapshot({ employees: [employee(1, { active: false })] });
    const r = reconcile({ response: response([rawAgent(1)]), directory: dir, today: TODAY });
    expect(item(r.items, 'a-1')).toMatchObject({ action: 'update', changes: [{ field: 'active', before: false, after: true }], after: { active: true } });
  });

  it('creates an agent first seen after finishwork as inactive', () => {
    const r = reconcile({ response: response([rawAgent(1, { finishwork: '2026-03-01' })]), directory: snapshot({}), today: TODAY });
    expect(item(r.items, 'a-1')).toMatchObject({ action: 'create', after: { active: false, terminationDate: '2026-03-01' } });
    expect(r.massDeactivation.deactivations).toBe(0);
  });
});

describe('reconcile: the mass-deactivation guard', () => {
  const staff = (n: number) => Array.from({ length: n }, (_, i) => employee(i + 1));
  const agents = (n: number) => Array.from({ length: n }, (_, i) => rawAgent(i + 1));

  it('flags a plan deactivating more than 10 % of active employees', () => {
    const r = reconcile({ response: response(agents(89)), directory: snapshot({ employees: staff(100) }), today: TODAY });
    expect(r.massDeactivation).toEqual({ flagged: true, deactivations: 11, activeEmployees: 100, thresholdPct: 10, emptyResponse: false });
  });

  it('does not flag exactly the threshold', () => {
    const r = reconcile({ response: response(agents(90)), directory: snapshot({ employees: staff(100) }), today: TODAY });
    expect(r.massDeactivation).toMatchObject({ flagged: false, deactivations: 10 });
  });

  it('counts finishwork deactivations and honours a configured threshold', () => {
    const list = agents(100).map((a, i) => (i < 3 ? { ...a, finishwork: '2026-03-01' } : a));
    expect(reconcile({ response: response(list), directory: snapshot({ employees: staff(100) }), today: TODAY, maxDeactivationPct: 2 }).massDeactivation).toMatchObject({
      flagged: true,
      deactivations: 3,
      thresholdPct: 2,
    });
    expect(reconcile({ response: response(list), directory: snapshot({ employees: staff(100) }), today: TODAY, maxDeactivationPct: 5 }).massDeactivation.flagged).toBe(false);
  });

  it('always flags an empty AR_agents against a non-empty directory, whatever the threshold', () => {
    const r = reconcile({ response: response([]), directory: snapshot({ employees: staff(3) }), today: TODAY, maxDeactivationPct: 100 });
    expect(r.massDeactivation).toEqual({ flagged: true, deactivations: 3, activeEmployees: 3, thresholdPct: 100, emptyResponse: true });
  });

  it('does not flag an empty response against an empty directory', () => {
    const r = reconcile({ response: response([], []), directory: snapshot({ departments: [], positions: [] }), today: TODAY });
    expect(r.massDeactivation).toMatchObject({ flagged: false, emptyResponse: false });
    expect(r.items).toEqual([]);
  });
});

describe('reconcile: invalid records', () => {
  it('keeps broken records as invalid items with their reasons, and never deactivates them', () => {
    const broken = rawAgent(2, { tabN: '', normWeek: 'сорок' });
    const r = reconcile({ response: response([rawAgent(1), broken]), directory: snapshot({ employees: [employee(1), employee(2)] }), today: TODAY });
    const it2 = item(r.items, 'a-2');
    expect(it2).toMatchObject({ action: 'invalid', after: null, label: 'Иванов Иван' });
    expect(it2.reasons!.join('\n')).toMatch(/tabN/);
    expect(it2.reasons!.join('\n')).toMatch(/normWeek/);
    expect(r.counts.deactivate).toBe(0);
  });

  it('names a record without an agentId by its position in the response', () => {
    const { agentId: _dropped, ...noId } = rawAgent(5);
    const r = reconcile({ response: response([noId]), directory: snapshot({}), today: TODAY });
    expect(only(r.items, 'employee')).toEqual([expect.objectContaining({ externalId: 'AR_agents[0]', action: 'invalid' })]);
  });

  it('reports an unknown department as a reason instead of failing', () => {
    const r = reconcile({ response: response([rawAgent(1, { departmentId: 'd-ghost' })]), directory: snapshot({}), today: TODAY });
    expect(item(r.items, 'a-1')).toMatchObject({ action: 'invalid', reasons: ['departmentId: unknown department "d-ghost" (not in AR_departments)'], departmentId: 'd-ghost' });
  });

  it('marks agents of an invalid department invalid, and keeps that department', () => {
    const badSales = { departmentId: 'd-sales', department: '', parentDepartmentId: 'd-root' };
    const r = reconcile({ response: response([rawAgent(1)], [ROOT, badSales]), directory: snapshot({ employees: [employee(1)] }), today: TODAY });
    expect(item(r.items, 'a-1')).toMatchObject({ action: 'invalid', reasons: ['departmentId: department "d-sales" is itself invalid in this response'] });
    const depts = only(r.items, 'department');
    expect(depts.find((d) => d.externalId === 'd-sales')?.action).toBe('invalid');
    expect(depts.some((d) => d.action === 'deactivate')).toBe(false);
    expect(r.counts.deactivate).toBe(0);
  });
});

describe('reconcile: departments and positions', () => {
  it('creates, updates, deactivates and reactivates departments', () => {
    const dir = snapshot({
      departments: [
        { externalId: 'd-root', name: 'Контакт-центр', parentId: null, active: true },
        { externalId: 'd-sales', name: 'Отдел продаж', parentId: null, active: true },
        { externalId: 'd-old', name: 'Архив', parentId: 'd-root', active: true },
        { externalId: 'd-back', name: 'Поддержка', parentId: 'd-root', active: false },
      ],
    });
    const back = { departmentId: 'd-back', department: 'Поддержка', parent_departmentId: 'd-root' };
    const fresh = { departmentId: 'd-new', department: 'Взыскание', parentDepartmentId: 'd-root' };
    const r = reconcile({ response: response([rawAgent(1)], [ROOT, SALES, back, fresh]), directory: dir, today: TODAY });
    const d = Object.fromEntries(only(r.items, 'department').map((i) => [i.externalId, i]));
    expect(d['d-root']?.action).toBe('unchanged');
    expect(d['d-sales']).toMatchObject({
      action: 'update',
      changes: [
        { field: 'name', before: 'Отдел продаж', after: 'Продажи' },
        { field: 'parentId', before: null, after: 'd-root' },
      ],
    });
    expect(d['d-old']).toMatchObject({ action: 'deactivate', after: { externalId: 'd-old', active: false } });
    expect(d['d-back']).toMatchObject({ action: 'update', changes: [{ field: 'active', before: false, after: true }] });
    expect(d['d-new']).toMatchObject({ action: 'create', after: { externalId: 'd-new', name: 'Взыскание', parentId: 'd-root', active: true } });
  });

  it('takes positions from the agents: create, rename, deactivate, but keeps one a broken record still holds', () => {
    const dir = snapshot({
      positions: [
        { externalId: 'p-op', name: 'Оператор КЦ', active: true },
        { externalId: 'p-gone', name: 'Стажёр', active: true },
        { externalId: 'p-held', name: 'Аналитик', active: true },
      ],
    });
    const agents = [rawAgent(1), rawAgent(2, { positionId: 'p-sup', position: 'Супервизор' }), rawAgent(3, { positionId: 'p-held', position: 'Аналитик', normWeek: null })];
    const r = reconcile({ response: response(agents), directory: dir, today: TODAY });
    const p = Object.fromEntries(only(r.items, 'position').map((i) => [i.externalId, i]));
    expect(p['p-op']).toMatchObject({ action: 'update', changes: [{ field: 'name', before: 'Оператор КЦ', after: 'Оператор' }] });
    expect(p['p-sup']).toMatchObject({ action: 'create', label: 'Супервизор' });
    expect(p['p-gone']).toMatchObject({ action: 'deactivate', changes: [{ field: 'active', before: true, after: false }] });
    expect(p['p-held']).toBeUndefined();
  });
});
