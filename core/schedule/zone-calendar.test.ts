import { describe, expect, it } from 'vitest';
import { splitDayNight, ZoneCalendar, type ShiftTimes } from './zone-calendar.ts';
import { wireInstant } from './upload-plan.ts';

const H = 3_600_000;
const M = 60_000;

/** A shift by wall times in a zone: end at or before start is the next day (minutes 1440 = 24:00). */
function shift(cal: ZoneCalendar, date: string, start: string, end: string, breakMinutes = 0, breakStart?: string): ShiftTimes {
  const min = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const s = min(start);
  const e = min(end);
  const startAt = cal.instant(date, s);
  const endAt = cal.instant(date, e <= s ? e + 1440 : e);
  let breakStartAt: number | null = null;
  if (breakMinutes > 0) {
    const b = min(breakStart!);
    breakStartAt = cal.instant(date, b < s ? b + 1440 : b);
  }
  return { date, startAt, endAt, breakMinutes, breakStartAt };
}

describe('day/night split (night 22:00–06:00 local, paid time only)', () => {
  it('reproduces the example: Yekaterinburg, 2026-12-10 19:00–07:00, a 60-minute break at 02:00', () => {
    const cal = new ZoneCalendar('Asia/Yekaterinburg');
    const s = shift(cal, '2026-12-10', '19:00', '07:00', 60, '02:00');
    expect(wireInstant(s.startAt)).toBe('2026-12-10T14:00:00Z');
    expect(splitDayNight(cal, s)).toEqual({ paidMs: 39_600_000, dayMs: 14_400_000, nightMs: 25_200_000 });
  });

  it('splits shifts across midnight without a break', () => {
    const cal = new ZoneCalendar('Europe/Moscow');
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '22:00', '06:00'))).toEqual({ paidMs: 8 * H, dayMs: 0, nightMs: 8 * H });
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '20:00', '04:00'))).toEqual({ paidMs: 8 * H, dayMs: 2 * H, nightMs: 6 * H });
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '09:00', '18:00'))).toEqual({ paidMs: 9 * H, dayMs: 9 * H, nightMs: 0 });
  });

  it('takes a break out of the part it falls in', () => {
    const cal = new ZoneCalendar('Europe/Moscow');
    // 19:00–07:00: 3 h day before 22:00, 8 h night, 1 h day after 06:00.
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '19:00', '07:00', 30, '20:00'))).toEqual({ paidMs: 11.5 * H, dayMs: 3.5 * H, nightMs: 8 * H });
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '19:00', '07:00', 30, '03:00'))).toEqual({ paidMs: 11.5 * H, dayMs: 4 * H, nightMs: 7.5 * H });
    // A break across 22:00: 21:30–22:30 takes 30 min of each.
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '19:00', '07:00', 60, '21:30'))).toEqual({ paidMs: 11 * H, dayMs: 3.5 * H, nightMs: 7.5 * H });
  });

  it('counts the night that began the evening before for an early shift', () => {
    const cal = new ZoneCalendar('Europe/Moscow');
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '03:00', '11:00'))).toEqual({ paidMs: 8 * H, dayMs: 5 * H, nightMs: 3 * H });
  });

  it('handles the 24:00 edge: a shift ending at midnight, and one starting at it', () => {
    const cal = new ZoneCalendar('Europe/Moscow');
    const s = cal.instant('2026-12-10', 16 * 60);
    const toMidnight = { date: '2026-12-10', startAt: s, endAt: cal.instant('2026-12-10', 1440), breakMinutes: 0, breakStartAt: null };
    expect(toMidnight.endAt).toBe(cal.midnight('2026-12-11'));
    expect(splitDayNight(cal, toMidnight)).toEqual({ paidMs: 8 * H, dayMs: 6 * H, nightMs: 2 * H });
    expect(splitDayNight(cal, shift(cal, '2026-12-11', '00:00', '08:00'))).toEqual({ paidMs: 8 * H, dayMs: 2 * H, nightMs: 6 * H });
  });

  it('counts the hours that really pass over a clock change (Europe/Berlin)', () => {
    const cal = new ZoneCalendar('Europe/Berlin');
    // Spring forward: 02:00 → 03:00 on 29 March 2026; 22:00–06:00 is 7 hours long.
    const spring = shift(cal, '2026-03-28', '22:00', '06:00');
    expect(spring.endAt - spring.startAt).toBe(7 * H);
    expect(splitDayNight(cal, spring)).toEqual({ paidMs: 7 * H, dayMs: 0, nightMs: 7 * H });
    expect(splitDayNight(cal, shift(cal, '2026-03-28', '20:00', '08:00', 60, '02:30'))).toMatchObject({ dayMs: 4 * H, nightMs: 6 * H });
    // Fall back: 03:00 → 02:00 on 25 October 2026; the night is 9 hours long.
    const autumn = shift(cal, '2026-10-24', '22:00', '06:00');
    expect(autumn.endAt - autumn.startAt).toBe(9 * H);
    expect(splitDayNight(cal, autumn)).toEqual({ paidMs: 9 * H, dayMs: 0, nightMs: 9 * H });
    // Start times are read in the offset of their own date: summer and winter.
    expect(wireInstant(cal.instant('2026-03-28', 22 * 60))).toBe('2026-03-28T21:00:00Z');
    expect(wireInstant(cal.instant('2026-03-29', 22 * 60))).toBe('2026-03-29T20:00:00Z');
  });

  it('reads a wall time inside a spring-forward gap as the time after the change', () => {
    const cal = new ZoneCalendar('America/New_York');
    // 2026-03-08 02:30 does not exist in New York (02:00 → 03:00).
    expect(wireInstant(cal.instant('2026-03-08', 2 * 60 + 30))).toBe('2026-03-08T07:30:00Z');
    expect(cal.local(cal.instant('2026-03-08', 4 * 60), '2026-03-08')).toEqual({ date: '2026-03-08', minutes: 4 * 60 });
  });

  it('gives local wall times of instants on and off clock-change days', () => {
    const cal = new ZoneCalendar('Asia/Vladivostok');
    const t = cal.instant('2026-12-31', 23 * 60 + 15);
    expect(cal.local(t, '2026-12-31')).toEqual({ date: '2026-12-31', minutes: 23 * 60 + 15 });
    expect(cal.local(t + 2 * H, '2026-12-31')).toEqual({ date: '2027-01-01', minutes: 60 + 15 });
    expect(cal.wallTime(t + 45 * M, '2026-12-31')).toBe('00:00');
  });

  it('counts the hours that passed across New York clock changes, and edges at 06:00 and 22:00 exactly', () => {
    const cal = new ZoneCalendar('America/New_York');
    // Spring: 20:00–08:00 is 11 h, 7 of them night; autumn: 13 h, 9 of them night.
    expect(splitDayNight(cal, shift(cal, '2026-03-07', '20:00', '08:00'))).toEqual({ paidMs: 11 * H, dayMs: 4 * H, nightMs: 7 * H });
    expect(splitDayNight(cal, shift(cal, '2026-10-31', '20:00', '08:00'))).toEqual({ paidMs: 13 * H, dayMs: 4 * H, nightMs: 9 * H });
    // A repeated wall time is the second one (after the clocks went back): 01:30–05:00 is 3.5 h.
    expect(wireInstant(cal.instant('2026-11-01', 90))).toBe('2026-11-01T06:30:00Z');
    // Ending at 06:00 or starting at 22:00 adds no day time; breaks across 06:00 and 22:00 take from both parts.
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '06:00', '22:00'))).toEqual({ paidMs: 16 * H, dayMs: 16 * H, nightMs: 0 });
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '22:00', '06:00', 60, '05:00'))).toEqual({ paidMs: 7 * H, dayMs: 0, nightMs: 7 * H });
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '21:00', '07:00', 60, '05:30'))).toEqual({ paidMs: 9 * H, dayMs: 1.5 * H, nightMs: 7.5 * H });
    expect(splitDayNight(cal, shift(cal, '2026-12-10', '21:00', '07:00', 60, '21:30'))).toEqual({ paidMs: 9 * H, dayMs: 1.5 * H, nightMs: 7.5 * H });
  });

  it('refuses an unknown zone', () => {
    expect(() => new ZoneCalendar('Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
