import { describe, expect, it } from 'vitest';
import { hashParam, hrefFor, parseHash } from './router.ts';

describe('month screens in the URL', () => {
  it('reads the month and the tab of Schedules and Timesheets, and refuses what is not a month or a tab', () => {
    expect(parseHash('#/schedules')).toMatchObject({ section: 'schedules', month: null, tab: 'grid' });
    expect(parseHash('#/schedules/2026-12')).toMatchObject({ section: 'schedules', month: '2026-12', tab: 'grid' });
    expect(parseHash('#/schedules/2026-12/upload')).toMatchObject({ section: 'schedules', month: '2026-12', tab: 'upload' });
    expect(parseHash('#/schedules/2026-12/imports')).toMatchObject({ section: 'schedules', month: '2026-12', tab: 'imports' });
    expect(parseHash('#/schedules/2026-12?employee=e1&date=2026-12-07')).toMatchObject({ section: 'schedules', month: '2026-12', tab: 'grid' });
    expect(parseHash('#/timesheets/2027-01/norms')).toMatchObject({ section: 'timesheets', month: '2027-01', tab: 'norms' });
    for (const bad of ['#/schedules/2026-13', '#/schedules/2026-1', '#/schedules/december', '#/schedules/2026-12/norms', '#/schedules/2026-12/grid', '#/timesheets/2026-12/upload', '#/timesheets/2026-12/norms/x']) {
      expect(parseHash(bad), bad).toEqual({ section: 'notFound' });
    }
  });

  it('writes links that read back the same', () => {
    expect(hrefFor({ section: 'schedules' })).toBe('#/schedules');
    expect(hrefFor({ section: 'schedules', month: '2026-12' })).toBe('#/schedules/2026-12');
    expect(hrefFor({ section: 'schedules', month: '2026-12', tab: 'grid' })).toBe('#/schedules/2026-12');
    expect(hrefFor({ section: 'timesheets', month: '2026-12', tab: 'norms' })).toBe('#/timesheets/2026-12/norms');
    for (const r of [{ section: 'schedules', month: '2026-11', tab: 'upload' }, { section: 'timesheets', month: '2026-02', tab: 'grid' }] as const) {
      expect(parseHash(hrefFor(r))).toMatchObject(r);
    }
    expect(hashParam('#/schedules/2026-12?employee=emp%201&date=2026-12-07', 'employee')).toBe('emp 1');
  });
});
