import { describe, expect, it } from 'vitest';
import { normHoursRequestSchema, normHoursWire, parseNormHoursBody } from './norm-hours-schema.ts';
import { factWorkTimeRequestSchema, factWorkTimeWire } from './fact-work-time-schema.ts';
import { scheduleRequestSchema, scheduleWire } from './schedule-schema.ts';
import { isRefusal, resultFlag, rowsOf, ShapeError } from './shape.ts';
import { parseTimesheetBody, timesheetWire, timesheetRequestSchema } from './timetype-schema.ts';
import { describeIssues } from './agents-schema.ts';

const issues = (r: { success: boolean; error?: unknown }) => (r.success ? [] : describeIssues(r.error as never));

describe('getNormHours schemas', () => {
  it('builds the documented request body', () => {
    const req = normHoursRequestSchema.parse({
      startDate: '2019-01-01',
      endDate: '2019-12-31',
      calculationMode: 'month',
      agents: [{ agentId: 'a', norms: [{ normWeek: 40, changeDate: '2019-03-01' }] }],
    });
    expect(normHoursWire(req)).toEqual({
      startDate: '2019-01-01',
      endDate: '2019-12-31',
      calculationMode: 'month',
      AR_agents: [{ agentId: 'a', AR_norms: [{ normWeek: 40, changeDate: '2019-03-01' }] }],
    });
  });

  it('names what is wrong in a request', () => {
    const r = normHoursRequestSchema.safeParse({ startDate: '2019-12-31', endDate: '2019-01-01', calculationMode: 'week', agents: [] });
    expect(issues(r)).toEqual(['calculationMode: must be "month", "quarter" or "year"', 'agents: must list at least one agent']);
    const r2 = normHoursRequestSchema.safeParse({ startDate: '2019-12-31', endDate: '2019-01-01', calculationMode: 'year', agents: [{ agentId: 'a', norms: [{ normWeek: 40, changeDate: '2019-1-1' }] }] });
    expect(issues(r2)).toEqual(['agents.0.norms.0.changeDate: not a date YYYY-MM-DD: "2019-1-1"', 'startDate 2019-12-31 is after endDate 2019-01-01']);
    const r3 = normHoursRequestSchema.safeParse({ startDate: '2019-12-31', endDate: '2019-01-01', calculationMode: 'year', agents: [{ agentId: 'a', norms: [{ normWeek: 40, changeDate: '2019-01-01' }] }] });
    expect(issues(r3)).toEqual(['startDate 2019-12-31 is after endDate 2019-01-01']);
  });

  it('reads rows tolerantly (decimal comma, 1C date-times, a bare object) and keeps a bad row with reasons', () => {
    const r = parseNormHoursBody([
      { agentId: 'a', normHours: '1772,4', startDate: '2018-01-01T00:00:00', endDate: '2018-12-31T00:00:00' },
      { agentId: 'b', normHours: 1970, startDate: '2018-01-01', endDate: '2018-12-31' },
      { agentId: 'c', normHours: 'много', startDate: '2018-01-01' },
    ]);
    expect(r.rows).toEqual([
      { agentId: 'a', normHours: 1772.4, startDate: '2018-01-01', endDate: '2018-12-31' },
      { agentId: 'b', normHours: 1970, startDate: '2018-01-01', endDate: '2018-12-31' },
    ]);
    expect(r.invalid).toEqual([{ index: 2, agentId: 'c', reasons: ['normHours: not a number: "много"', 'endDate: required'], raw: expect.anything() }]);
    expect(parseNormHoursBody({ agentId: 'a', normHours: 8, startDate: '2018-01-01', endDate: '2018-01-01' }).rows).toHaveLength(1);
    expect(() => parseNormHoursBody('OK')).toThrow(ShapeError);
  });
});

describe('sendSchedule and sendFactWorkTime requests', () => {
  it('maps shifts to the documented fields in milliseconds', () => {
    const r = scheduleRequestSchema.parse({
      agentId: 'a',
      period1: '2018-08-01T00:00:00Z',
      period2: '2018-12-31T00:00:00Z',
      shifts: [{ start: '2018-08-01T19:00:00Z', dayMs: 12_600_000, nightMs: 27_000_000 }],
    });
    expect(scheduleWire(r)).toEqual({
      agentId: 'a',
      period1: '2018-08-01T00:00:00Z',
      period2: '2018-12-31T00:00:00Z',
      shift: [{ date_start: '2018-08-01T19:00:00Z', daily_hours: 12_600_000, night_hours: 27_000_000 }],
    });
  });

  it('accepts UTC, offset and local times; refuses what 1C would choke on', () => {
    const base = { agentId: 'a', period1: '2018-08-01T00:00:00+03:00', period2: '2018-08-31T00:00:00', shifts: [] };
    expect(scheduleRequestSchema.safeParse(base).success).toBe(true);
    const bad = scheduleRequestSchema.safeParse({ ...base, period1: '01.08.2018', shifts: [{ start: '2018-08-01T19:00:00Z', dayMs: 1.5, nightMs: -1 }] });
    expect(issues(bad)).toEqual([
      'period1: not an ISO date-time (YYYY-MM-DDTHH:mm:ss[Z|±hh:mm]): "01.08.2018"',
      'shifts.0.dayMs: must be whole milliseconds',
      'shifts.0.nightMs: must not be negative',
    ]);
    expect(issues(scheduleRequestSchema.safeParse({ ...base, shifts: [{ start: '2018-08-01T08:00:00', dayMs: 86_400_000, nightMs: 1 }] }))).toEqual(['shifts.0: dayMs + nightMs must be at most 24 h']);
  });

  it('maps the deviation request and limits pieces to 15 minutes', () => {
    const r = factWorkTimeRequestSchema.parse({ agentId: 'a', initiatorName: 'Иванов И.И.', dateStart: '2019-02-01T18:00:00', loginfo: [{ start: '2019-02-01T18:00:00', timeMs: 900_000 }] });
    expect(factWorkTimeWire(r)).toEqual({ agentId: 'a', initiator_name: 'Иванов И.И.', date_start: '2019-02-01T18:00:00', loginfo: [{ start: '2019-02-01T18:00:00', time: 900_000 }] });
    const bad = factWorkTimeRequestSchema.safeParse({ agentId: 'a', dateStart: '2019-02-01T18:00:00', loginfo: [{ start: '2019-02-01T18:00:00', timeMs: 1_800_000 }] });
    expect(issues(bad)).toEqual(['initiatorName: required', 'loginfo.0.timeMs: must be at most 15 minutes (900000 ms)']);
  });
});

describe('getTimetypeInfo schemas', () => {
  it('sends dates as 1C date-times', () => {
    expect(timesheetWire(timesheetRequestSchema.parse({ dateStart: '2019-02-01', dateEnd: '2019-02-28', agentIds: ['a'] }))).toEqual({
      date_start: '2019-02-01T00:00:00',
      date_end: '2019-02-28T00:00:00',
      AR_agents: [{ agentId: 'a' }],
    });
  });

  it('reads several rows per day, decimal commas, days(hours) absences, and keeps unknown codes', () => {
    const r = parseTimesheetBody([
      {
        agentId: 'a',
        AR_date: [
          { date: '2018-03-27T21:00:00Z', timetype: 'Я', hours: 11 },
          { date: '2018-03-27T21:00:00Z', timetype: 'С', hours: '2,75' },
          { date: '2018-03-28T21:00:00Z', timetype: 'ОТ', hours: 0 },
          { date: '2018-03-29T21:00:00Z', timetype: 'НЗ', hours: 0 },
        ],
        AR_N: [
          { timetype_N: 'ОТ', hours_N: '14' },
          { timetype_N: 'НН', hours_N: '2(6)' },
          { timetype_N: 'ЗЗ', hours_N: 1 },
        ],
        half1_days: 10,
        half1_hours: '80,5',
        half2_days: 0,
        half2_hours: 0,
      },
      { agentId: 'b', AR_date: [{ date: 'вчера', timetype: '', hours: 30 }], AR_N: [{ timetype_N: 'Б', hours_N: 'две недели' }] },
    ]);
    expect(r.agents).toHaveLength(1);
    const a = r.agents[0]!;
    expect(a.days).toEqual([
      { date: '2018-03-27T21:00:00Z', timetype: 'Я', hours: 11, known: true },
      { date: '2018-03-27T21:00:00Z', timetype: 'С', hours: 2.75, known: true },
      { date: '2018-03-28T21:00:00Z', timetype: 'ОТ', hours: 0, known: true },
      { date: '2018-03-29T21:00:00Z', timetype: 'НЗ', hours: 0, known: false },
    ]);
    expect(a.absences).toEqual([
      { timetype: 'ОТ', days: 14, hours: null, text: '14', known: true },
      { timetype: 'НН', days: 2, hours: 6, text: '2(6)', known: true },
      { timetype: 'ЗЗ', days: 1, hours: null, text: '1', known: false },
    ]);
    expect(a.half1).toEqual({ days: 10, hours: 80.5 });
    expect(r.invalid[0]).toMatchObject({ index: 1, agentId: 'b' });
    expect(r.invalid[0]!.reasons).toEqual([
      'AR_date.0.date: not a date or date-time: "вчера"',
      'AR_date.0.timetype: must not be empty',
      'AR_date.0.hours: must be at most 24',
      'AR_N.0.hours_N: must be days "14" or days(hours) "2(6)", got "две недели"',
    ]);
  });
});

describe('1C result flag', () => {
  it('tolerates booleans and their text', () => {
    expect([true, 'true', 'TRUE', 'Истина', 'да', 1].map(resultFlag)).toEqual([true, true, true, true, true, true]);
    expect([false, 'false', 'Ложь', 'Нет', 0].map(resultFlag)).toEqual([false, false, false, false, false]);
    expect([null, undefined, 'ok', 2, {}].map(resultFlag)).toEqual([null, null, null, null, null]);
    expect(isRefusal({ result: 'false', message: 'x' })).toBe(true);
    expect(isRefusal([{ result: false }])).toBe(false);
    expect(rowsOf([], 'rows')).toEqual([]);
  });
});
