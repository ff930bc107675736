import { describe, expect, it } from 'vitest';
import { boundBySnapshot, emptyFilters, newSinceSnapshot, selectedTotal, toContractFilter } from './filters.ts';
import { instantToZonedLocal, zonedLocalToInstant } from '../../components/zoned.ts';

const now = Date.parse('2026-03-02T10:00:00Z');

describe('filters → contract filter', () => {
  it('sends nothing for an empty screen', () => {
    expect(toContractFilter(emptyFilters, now, 'Europe/Moscow')).toEqual({ filter: {}, problem: null });
  });

  it('carries status, type, priority (sorted) and trimmed search', () => {
    const r = toContractFilter({ ...emptyFilters, status: ['failed', 'pending'], type: ['schedule_upload'], priority: [3, 1], search: '  Сервис ' }, now, 'UTC');
    expect(r.filter).toEqual({ status: ['failed', 'pending'], type: ['schedule_upload'], priority: [1, 3], search: 'Сервис' });
  });

  it('turns a preset into a start fixed at the moment the filter was chosen', () => {
    expect(toContractFilter({ ...emptyFilters, time: '24h' }, now, 'UTC').filter).toEqual({ from: '2026-03-01T10:00:00.000Z' });
    expect(toContractFilter({ ...emptyFilters, time: '1h' }, now, 'UTC').filter).toEqual({ from: '2026-03-02T09:00:00.000Z' });
  });

  it('reads a custom range as wall time in the display zone', () => {
    const r = toContractFilter({ ...emptyFilters, time: 'custom', customFrom: '2026-03-02T10:00', customTo: '2026-03-03T00:00' }, now, 'Europe/Moscow');
    expect(r).toEqual({ filter: { from: '2026-03-02T07:00:00.000Z', to: '2026-03-02T21:00:00.000Z' }, problem: null });
    expect(toContractFilter({ ...emptyFilters, time: 'custom', customFrom: '2026-03-02T10:00' }, now, 'Asia/Vladivostok').filter).toEqual({ from: '2026-03-02T00:00:00.000Z' });
  });

  it('leaves a backwards custom range out and says why', () => {
    const r = toContractFilter({ ...emptyFilters, time: 'custom', customFrom: '2026-03-03T00:00', customTo: '2026-03-02T00:00', type: ['plan_apply'] }, now, 'UTC');
    expect(r).toEqual({ filter: { type: ['plan_apply'] }, problem: 'customRangeOrder' });
  });
});

describe('snapshot bounds', () => {
  const snap = '2026-03-02T10:00:00.000Z';
  it('bounds the table by the snapshot unless the filter ends earlier', () => {
    expect(boundBySnapshot({ type: ['plan_apply'] }, snap)).toEqual({ type: ['plan_apply'], to: snap });
    expect(boundBySnapshot({ to: '2026-03-01T00:00:00Z' }, snap)).toEqual({ to: '2026-03-01T00:00:00Z' });
    expect(boundBySnapshot({}, null)).toEqual({});
  });

  it('counts new operations from the snapshot on, within the filter', () => {
    expect(newSinceSnapshot({ status: ['failed'] }, snap)).toEqual({ status: ['failed'], from: snap });
    expect(newSinceSnapshot({ to: '2026-03-01T00:00:00Z' }, snap)).toBeNull();
    expect(selectedTotal({ pending: 2, processing: 1, completed: 5, failed: 3, cancelled: 0 }, ['failed', 'pending'])).toBe(5);
    expect(selectedTotal({ pending: 2, processing: 1, completed: 5, failed: 3, cancelled: 0 }, undefined)).toBe(11);
  });
});

describe('zoned wall time', () => {
  it('converts both ways, across a DST change', () => {
    expect(zonedLocalToInstant('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(zonedLocalToInstant('2026-01-01T12:00', 'Europe/Berlin')).toBe('2026-01-01T11:00:00.000Z');
    expect(zonedLocalToInstant('not a time', 'UTC')).toBeNull();
    expect(instantToZonedLocal('2026-03-02T07:00:00Z', 'Europe/Moscow')).toBe('2026-03-02T10:00');
  });
});
