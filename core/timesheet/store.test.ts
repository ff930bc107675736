import { describe, expect, it } from 'vitest';
import { zoneCalendar } from '../schedule/zone-calendar.ts';
import { timesheetDate } from './store.ts';

describe("1C's timesheet dates", () => {
  it('read the UTC instant of local midnight as the local date (PROTOCOLS.md §1.4 example)', () => {
    expect(timesheetDate('2018-03-27T21:00:00Z', zoneCalendar('Europe/Moscow'))).toBe('2018-03-28');
    expect(timesheetDate('2026-12-09T19:00:00Z', zoneCalendar('Asia/Yekaterinburg'))).toBe('2026-12-10');
  });

  it("name the same day when 1C writes its own server's midnight for an employee in another zone", () => {
    // Moscow's midnight seen from Kaliningrad (23:00 the day before) and from Vladivostok (07:00).
    expect(timesheetDate('2026-12-09T21:00:00Z', zoneCalendar('Europe/Kaliningrad'))).toBe('2026-12-10');
    expect(timesheetDate('2026-12-09T21:00:00Z', zoneCalendar('Asia/Vladivostok'))).toBe('2026-12-10');
  });

  it('take a date, or local midnight without a zone, as it is, and a zone-less instant as UTC', () => {
    const cal = zoneCalendar('Europe/Moscow');
    expect(timesheetDate('2019-02-01', cal)).toBe('2019-02-01');
    expect(timesheetDate('2019-02-01T00:00:00', cal)).toBe('2019-02-01');
    expect(timesheetDate('2018-03-27T21:00:00', cal)).toBe('2018-03-28');
    expect(timesheetDate('2018-03-28T00:00:00+03:00', cal)).toBe('2018-03-28');
    expect(timesheetDate('вчера', cal)).toBeNull();
  });
});
