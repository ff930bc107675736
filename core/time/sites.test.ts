import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { civilToday, isValidZone, siteForArea, zoneForArea } from './sites.ts';

describe('sites', () => {
  it('maps English and Russian site names to zones, case- and ё-insensitively', () => {
    expect(zoneForArea('Moscow')).toBe('Europe/Moscow');
    expect(zoneForArea('Yekaterinburg')).toBe('Asia/Yekaterinburg');
    expect(zoneForArea('екатеринбург')).toBe('Asia/Yekaterinburg');
    expect(zoneForArea(' НОВОСИБИРСК ')).toBe('Asia/Novosibirsk');
    expect(zoneForArea('г. Владивосток')).toBe('Asia/Vladivostok');
    expect(zoneForArea('Калининград')).toBe('Europe/Kaliningrad');
    expect(siteForArea('Москва')?.name).toBe('Moscow');
  });

  it('falls back for unknown or missing areas', () => {
    expect(zoneForArea(null)).toBe('Europe/Moscow');
    expect(zoneForArea('Atlantis')).toBe('Europe/Moscow');
    expect(zoneForArea('', 'Asia/Novosibirsk')).toBe('Asia/Novosibirsk');
  });

  it('gives the civil date in the site zone', () => {
    // 20:30 UTC on 31 March is already 1 April in Vladivostok (UTC+10) and Yekaterinburg (UTC+5), not in Kaliningrad (UTC+2).
    const clock = new ManualClock('2026-03-31T20:30:00Z');
    expect(civilToday(clock, 'Asia/Vladivostok')).toBe('2026-04-01');
    expect(civilToday(clock, 'Asia/Yekaterinburg')).toBe('2026-04-01');
    expect(civilToday(clock, 'Europe/Moscow')).toBe('2026-03-31');
    expect(civilToday(clock, 'Europe/Kaliningrad')).toBe('2026-03-31');
  });

  it('refuses an unknown zone', () => {
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(() => civilToday(new ManualClock(), 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
