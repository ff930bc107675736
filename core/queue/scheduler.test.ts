import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/index.ts';
import { ManualClock } from '../time/clock.ts';
import { listOperations } from './queries.ts';
import { DEFAULT_SCHEDULE, parseScheduleSettings, type ScheduleSettings } from './schedule-settings.ts';
import { nextRuns, previousRun, syncPeriodFor } from './schedule-times.ts';
import { lastScheduledRun, PersonnelSyncScheduler, scheduleInfo, setSchedule } from './scheduler.ts';
import { tempDb, type TempDb } from './testing/temp-db.ts';

const S = (over: Partial<ScheduleSettings>): ScheduleSettings => ({ ...DEFAULT_SCHEDULE, ...over });
const local = (isoUtc: string, zone: string): string => DateTime.fromISO(isoUtc, { zone }).toFormat("ccc yyyy-MM-dd HH:mm ZZ");

describe('next run times', () => {
  it('default: the last Saturday of each month at 01:30 Moscow time', () => {
    expect(nextRuns(DEFAULT_SCHEDULE, '2026-01-15T09:00:00Z')).toEqual([
      '2026-01-30T22:30:00.000Z',
      '2026-02-27T22:30:00.000Z',
      '2026-03-27T22:30:00.000Z',
      '2026-04-24T22:30:00.000Z',
      '2026-05-29T22:30:00.000Z',
    ]);
    expect(nextRuns(DEFAULT_SCHEDULE, '2026-01-15T09:00:00Z').map((r) => local(r, 'Europe/Moscow'))[0]).toBe('Sat 2026-01-31 01:30 +03:00');
  });

  it('is strictly after `from`: a run at that very instant is not next', () => {
    expect(nextRuns(DEFAULT_SCHEDULE, '2026-01-30T22:30:00Z', 1)).toEqual(['2026-02-27T22:30:00.000Z']);
    expect(nextRuns(DEFAULT_SCHEDULE, '2026-01-30T22:29:59.999Z', 1)).toEqual(['2026-01-30T22:30:00.000Z']);
  });

  it('weekly on a weekday', () => {
    const s = S({ frequency: 'weekly', weekday: 1, time: '09:00', zone: 'Asia/Yekaterinburg' });
    expect(nextRuns(s, '2026-01-15T09:00:00Z', 3)).toEqual(['2026-01-19T04:00:00.000Z', '2026-01-26T04:00:00.000Z', '2026-02-02T04:00:00.000Z']);
  });

  it('daily, including later today, in a zone ahead of UTC', () => {
    const s = S({ frequency: 'daily', time: '23:45', zone: 'Asia/Vladivostok' });
    // 09:00Z is 19:00 in Vladivostok: today's 23:45 is still ahead
    expect(nextRuns(s, '2026-01-15T09:00:00Z', 3)).toEqual(['2026-01-15T13:45:00.000Z', '2026-01-16T13:45:00.000Z', '2026-01-17T13:45:00.000Z']);
    // 15:00Z is already 01:00 on the 16th there
    expect(nextRuns(s, '2026-01-15T15:00:00Z', 1)).toEqual(['2026-01-16T13:45:00.000Z']);
  });

  it('monthly on week 1, 2, 3 and 4 of the month', () => {
    const dates = (week: 1 | 2 | 3 | 4): string[] =>
      nextRuns(S({ weekOfMonth: week, weekday: 3, time: '10:00', zone: 'Europe/Kaliningrad' }), '2026-01-01T00:00:00Z', 3).map((r) => local(r, 'Europe/Kaliningrad'));
    expect(dates(1)).toEqual(['Wed 2026-01-07 10:00 +02:00', 'Wed 2026-02-04 10:00 +02:00', 'Wed 2026-03-04 10:00 +02:00']);
    expect(dates(2)).toEqual(['Wed 2026-01-14 10:00 +02:00', 'Wed 2026-02-11 10:00 +02:00', 'Wed 2026-03-11 10:00 +02:00']);
    expect(dates(3)).toEqual(['Wed 2026-01-21 10:00 +02:00', 'Wed 2026-02-18 10:00 +02:00', 'Wed 2026-03-18 10:00 +02:00']);
    expect(dates(4)).toEqual(['Wed 2026-01-28 10:00 +02:00', 'Wed 2026-02-25 10:00 +02:00', 'Wed 2026-03-25 10:00 +02:00']);
    // April 2026 starts on a Wednesday: its first Wednesday is the 1st, its last the 29th
    expect(nextRuns(S({ weekOfMonth: 1, weekday: 3, time: '10:00', zone: 'Europe/Kaliningrad' }), '2026-03-31T00:00:00Z', 1).map((r) => local(r, 'Europe/Kaliningrad'))).toEqual(['Wed 2026-04-01 10:00 +02:00']);
    expect(nextRuns(S({ weekOfMonth: 'last', weekday: 3, time: '10:00', zone: 'Europe/Kaliningrad' }), '2026-04-01T00:00:00Z', 1).map((r) => local(r, 'Europe/Kaliningrad'))).toEqual(['Wed 2026-04-29 10:00 +02:00']);
  });

  it('follows DST in Europe/Berlin: same wall time, shifted UTC; a time that does not exist runs once, an hour later', () => {
    const daily = S({ frequency: 'daily', time: '01:30', zone: 'Europe/Berlin' });
    expect(nextRuns(daily, '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T00:30:00.000Z', // CET
      '2026-03-29T00:30:00.000Z', // still CET at 01:30: clocks change at 02:00
      '2026-03-29T23:30:00.000Z', // CEST
      '2026-03-30T23:30:00.000Z',
    ]);
    const weekly = S({ frequency: 'weekly', weekday: 7, time: '02:30', zone: 'Europe/Berlin' });
    const spring = nextRuns(weekly, '2026-03-20T00:00:00Z', 3).map((r) => local(r, 'Europe/Berlin'));
    expect(spring).toEqual(['Sun 2026-03-22 02:30 +01:00', 'Sun 2026-03-29 03:30 +02:00', 'Sun 2026-04-05 02:30 +02:00']);
    // autumn: 02:30 happens twice on 25 October; it runs once
    const autumn = nextRuns(weekly, '2026-10-20T00:00:00Z', 3);
    expect(autumn.map((r) => local(r, 'Europe/Berlin').slice(0, 14))).toEqual(['Sun 2026-10-25', 'Sun 2026-11-01', 'Sun 2026-11-08']);
    expect(new Set(autumn).size).toBe(3);
  });

  it('previousRun finds the latest slot at or before an instant, months back', () => {
    expect(previousRun(DEFAULT_SCHEDULE, '2026-03-10T00:00:00Z')).toBe('2026-02-27T22:30:00.000Z');
    expect(previousRun(DEFAULT_SCHEDULE, '2026-02-27T22:30:00Z')).toBe('2026-02-27T22:30:00.000Z');
    expect(previousRun(S({ frequency: 'daily', time: '06:00', zone: 'UTC' }), '2026-03-10T05:59:00Z')).toBe('2026-03-09T06:00:00.000Z');
  });

  it('a scheduled run syncs the month of its slot in the schedule zone', () => {
    // 22:30Z on 31 January is already 1 February in Moscow
    expect(syncPeriodFor(DEFAULT_SCHEDULE, '2026-01-31T22:30:00Z')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(syncPeriodFor(DEFAULT_SCHEDULE, '2026-01-30T22:30:00Z')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
  });
});

describe('settings', () => {
  it('accepts preset city names and IANA zones, refuses the rest with the reason', () => {
    expect(parseScheduleSettings({ zone: 'novosibirsk' }).zone).toBe('Asia/Novosibirsk');
    expect(parseScheduleSettings({ zone: 'America/Sao_Paulo' }).zone).toBe('America/Sao_Paulo');
    expect(() => parseScheduleSettings({ zone: 'Mars/Olympus' })).toThrow(/unknown time zone "Mars\/Olympus"/);
    expect(() => parseScheduleSettings({ zone: 'UTC+3' })).toThrow(/unknown time zone/);
    expect(() => parseScheduleSettings({ time: '24:00' })).toThrow('invalid schedule: time: expected a time HH:MM (00:00–23:59)');
    expect(() => parseScheduleSettings({ weekOfMonth: 5 })).toThrow(/weekOfMonth is 1, 2, 3, 4 or "last"/);
    expect(() => parseScheduleSettings({ weekday: 0 })).toThrow(/weekday is 1 \(Monday\) to 7 \(Sunday\)/);
  });
});

describe('PersonnelSyncScheduler', () => {
  let t: TempDb;
  let clock: ManualClock;
  beforeEach(() => {
    t = tempDb();
    clock = new ManualClock('2026-01-15T09:00:00Z');
  });
  afterEach(() => t.cleanup());

  const syncs = (): { key: string | null; data: unknown; by: string | null }[] =>
    listOperations(t.db, { type: 'personnel_sync', order: 'oldest' }).items.map((o) => ({ key: o.idempotencyKey, data: o.data, by: o.createdBy }));

  it('first start only sets the baseline; then enqueues each slot once', () => {
    const s = new PersonnelSyncScheduler({ db: t.db, clock });
    expect(s.tick()).toBeNull();
    expect(lastScheduledRun(t.db)).toBeNull(); // a baseline, not a run
    clock.set('2026-01-30T22:29:00Z');
    expect(s.tick()).toBeNull();
    clock.set('2026-01-30T22:30:00Z');
    expect(s.tick()?.created).toBe(true);
    expect(s.tick()).toBeNull();
    clock.advance(3_600_000);
    expect(s.tick()).toBeNull();
    expect(syncs()).toEqual([{ key: 'schedule:personnel_sync:2026-01-30T22:30:00.000Z', data: { from: '2026-01-01', to: '2026-01-31' }, by: 'scheduler' }]);
    expect(scheduleInfo(t.db, clock).lastRunAt).toBe('2026-01-30T22:30:00.000Z');
  });

  it('runs a slot missed while the machine was off once at start, not once per miss', () => {
    new PersonnelSyncScheduler({ db: t.db, clock }).tick(); // baseline
    clock.set('2026-05-10T08:00:00Z'); // off through four slots (Jan, Feb, Mar, Apr)
    const restarted = new PersonnelSyncScheduler({ db: t.db, clock });
    expect(restarted.tick()?.created).toBe(true);
    expect(restarted.tick()).toBeNull();
    expect(syncs()).toEqual([{ key: 'schedule:personnel_sync:2026-04-24T22:30:00.000Z', data: { from: '2026-04-01', to: '2026-04-30' }, by: 'scheduler' }]);
  });

  it('two processes on one database never enqueue one slot twice', () => {
    const a = new PersonnelSyncScheduler({ db: t.db, clock });
    const b = new PersonnelSyncScheduler({ db: t.reopen(), clock });
    a.tick();
    clock.set('2026-02-01T00:00:00Z');
    const results = [b.tick(), a.tick(), b.tick()];
    expect(results.filter((r) => r?.created)).toHaveLength(1);
    expect(syncs()).toHaveLength(1);
  });

  it('does nothing while off; a settings change moves the baseline so it never triggers a catch-up', () => {
    const s = new PersonnelSyncScheduler({ db: t.db, clock });
    s.tick();
    setSchedule(t.db, { enabled: false }, 'Анна', clock);
    expect(scheduleInfo(t.db, clock).nextRuns).toEqual([]);
    clock.set('2026-02-01T00:00:00Z');
    expect(s.tick()).toBeNull();
    // daily at 06:00 UTC: today's 06:00 is past, but the change itself must not run it
    clock.set('2026-02-01T12:00:00Z');
    const info = setSchedule(t.db, { enabled: true, frequency: 'daily', time: '06:00', zone: 'UTC' }, 'Анна', clock);
    expect(info.nextRuns.slice(0, 2)).toEqual(['2026-02-02T06:00:00.000Z', '2026-02-03T06:00:00.000Z']);
    expect(s.tick()).toBeNull();
    clock.set('2026-02-02T06:00:00Z');
    expect(s.tick()?.created).toBe(true);
    expect(syncs()).toHaveLength(1);
    expect(listAudit(t.db, {}).entries.filter((e) => e.action === 'schedule.set').map((e) => e.actor)).toEqual(['Анна', 'Анна']);
  });

  it('reports settings, next five runs and the last run', () => {
    const info = scheduleInfo(t.db, clock);
    expect(info).toMatchObject({ settings: DEFAULT_SCHEDULE, zone: 'Europe/Moscow', lastRunAt: null });
    expect(info.nextRuns).toHaveLength(5);
    expect(() => setSchedule(t.db, { time: '7:30' }, 'Анна', clock)).toThrow(/expected a time HH:MM/);
    expect(scheduleInfo(t.db, clock).settings.time).toBe('01:30');
  });
});
