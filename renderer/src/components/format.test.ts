import { describe, expect, it } from 'vitest';
import { civilToday, formatCivilDate, formatInstant, formatNumber, formatPeriod, monthOf, relativeAge, zoneAbbreviation, zoneLabel } from './format.ts';

describe('time with zone', () => {
  it('shows an instant as wall time in the zone, the zone named', () => {
    const f = formatInstant('2026-11-23T22:30:00Z', 'Europe/Moscow', 'ru');
    expect(f?.full).toBe('24.11.2026 01:30 MSK (Europe/Moscow)');
    expect(f?.iso).toBe('2026-11-23T22:30:00.000Z');
  });

  it('names UTC plainly', () => {
    expect(formatInstant('2026-11-23T22:30:00Z', 'UTC', 'ru')?.full).toBe('23.11.2026 22:30 UTC');
  });

  it('uses each site zone, so the same instant reads differently in Vladivostok', () => {
    expect(formatInstant('2026-11-23T22:30:00Z', 'Asia/Vladivostok', 'ru')?.full).toBe('24.11.2026 08:30 VLAT (Asia/Vladivostok)');
    expect(formatInstant('2026-11-23T22:30:00Z', 'Europe/Kaliningrad', 'ru')?.full).toBe('24.11.2026 00:30 EET (Europe/Kaliningrad)');
  });

  it('falls back to the UTC offset for a zone without a customary abbreviation', () => {
    expect(zoneAbbreviation('Asia/Kolkata', new Date('2026-01-01T00:00:00Z'))).toBe('UTC+05:30');
    expect(zoneLabel('Asia/Kolkata', new Date('2026-01-01T00:00:00Z'))).toBe('UTC+05:30 (Asia/Kolkata)');
  });

  it('writes English dates without the US month/day ambiguity', () => {
    expect(formatInstant('2026-03-04T05:06:00Z', 'UTC', 'en')?.local).toBe('4 Mar 2026 05:06');
  });

  it('refuses an unparseable instant instead of printing "Invalid Date"', () => {
    expect(formatInstant('not a date', 'UTC', 'ru')).toBeNull();
  });
});

describe('civil dates', () => {
  it('never shift with a zone', () => {
    expect(formatCivilDate('2026-01-01', 'ru')).toBe('01.01.2026');
    expect(formatCivilDate('2026-01-01', 'en')).toBe('1 Jan 2026');
    expect(formatPeriod('2026-01-01', '2026-01-31', 'ru')).toBe('01.01.2026 – 31.01.2026');
    expect(formatPeriod('2026-01-01', '2026-01-31', 'en')).toBe('1–31 Jan 2026');
    expect(formatPeriod('2026-01-15', '2026-02-14', 'en')).toBe('15 Jan – 14 Feb 2026');
    expect(formatPeriod('2025-12-15', '2026-01-14', 'en')).toBe('15 Dec 2025 – 14 Jan 2026');
  });

  it('knows today in a zone and the month around a date', () => {
    // 22:30 UTC on 23 Nov is already 24 Nov in Moscow.
    expect(civilToday('Europe/Moscow', new Date('2026-11-23T22:30:00Z'))).toBe('2026-11-24');
    expect(civilToday('UTC', new Date('2026-11-23T22:30:00Z'))).toBe('2026-11-23');
    expect(monthOf('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('relative age', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it('reads the largest whole unit, in the language of the console', () => {
    expect(relativeAge('2026-11-24T11:57:00Z', now, 'en')).toBe('3 min. ago');
    expect(relativeAge('2026-11-24T09:00:00Z', now, 'ru')).toBe('3 ч назад');
    expect(relativeAge('2026-11-25T12:00:00Z', now, 'en')).toBe('tomorrow');
    expect(relativeAge('2026-11-24T11:59:55Z', now, 'en')).toBe('now');
    // A past event a little ahead of a clock that ticks every few seconds is "now", not "in 24 sec."
    expect(relativeAge('2026-11-24T12:00:24Z', now, 'ru')).toMatch(/^через 24\sсек\.$/);
    expect(relativeAge('2026-11-24T12:00:24Z', now, 'ru', { past: true })).toBe('сейчас');
  });
});

describe('numbers', () => {
  it('group thousands by locale', () => {
    expect(formatNumber(100000, 'en')).toBe('100,000');
    expect(formatNumber(100000, 'ru').replace(/\s/g, ' ')).toBe('100 000');
  });
});
