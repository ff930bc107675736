import { describe, expect, it } from 'vitest';
import { ProductionCalendar } from './calendar.ts';
import { addDays } from './dates.ts';

const cal = new ProductionCalendar('2026-05-01');

function total(from: string, to: string, normWeek: number) {
  let hours = 0;
  let working = 0;
  let short = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    hours += cal.hours(d, normWeek)!;
    if (cal.day(d) !== 'off') working++;
    if (cal.day(d) === 'short') short++;
  }
  return { hours: Math.round(hours * 100) / 100, working, short };
}

describe('production calendar', () => {
  it('reproduces the 2018 reference figures of PROTOCOLS.md §1.2', () => {
    expect(total('2018-01-01', '2018-12-31', 40)).toEqual({ hours: 1970, working: 247, short: 6 });
    expect(total('2018-01-01', '2018-12-31', 36).hours).toBe(1772.4);
    expect(total('2018-01-01', '2018-12-31', 30).hours).toBe(1476);
    expect(total('2018-04-01', '2018-12-31', 40)).toEqual({ hours: 1524, working: 191, short: 4 });
    expect(total('2018-04-01', '2018-12-31', 36).hours).toBe(1371.2);
  });

  it('knows the 2018 transfers: a working Saturday, a bridge Monday', () => {
    expect(cal.day('2018-04-28')).toBe('short'); // Saturday, worked, before the May holidays
    expect(cal.day('2018-04-30')).toBe('off');
    expect(cal.day('2018-12-31')).toBe('off');
  });

  it('applies the Labour Code rules in other years', () => {
    // 2026: 23 February is a Monday (holiday), 22 February a Sunday: no short day; 8 March a Sunday → 9 March off.
    expect(cal.day('2026-02-23')).toBe('off');
    expect(cal.day('2026-03-09')).toBe('off');
    expect(cal.day('2026-03-06')).toBe('work');
    expect(cal.day('2026-04-30')).toBe('short');
    expect(cal.day('2026-12-31')).toBe('short');
    expect(cal.hours('2026-04-30', 40)).toBe(7);
    expect(cal.hours('2026-05-04', 36)).toBe(7.2);
  });

  it('has no calendar outside 2015..next year', () => {
    expect(cal.has(2027)).toBe(true);
    expect(cal.has(2028)).toBe(false);
    expect(cal.day('2028-01-10')).toBeNull();
    expect(cal.day('2014-06-02')).toBeNull();
  });
});
