/**
 * What the timesheet and norm handlers store when 1C's answer is partly
 * unreadable: an agent whose row cannot be read keeps what was stored, and
 * rows of agents nobody asked about are not stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open.ts';
import type { OnecClient } from '../onec/client.ts';
import { parseNormHoursBody } from '../onec/norm-hours-schema.ts';
import { parseTimesheetBody } from '../onec/timetype-schema.ts';
import { ManualClock } from '../time/clock.ts';
import { normsRecordingHandler, timesheetRecordingHandler } from './queue-handlers.ts';

const META = { requestId: 'r-1', durationMs: 1, bytes: 1, status: 200 };
const ctx = { signal: new AbortController().signal } as never;

let db: Db;
let body: unknown;
const clock = new ManualClock('2026-12-20T09:00:00Z');
const onec = {
  current: () =>
    ({
      getTimetypeInfo: async () => ({ ...parseTimesheetBody(body), ...META }),
      getNormHours: async () => ({ ...parseNormHoursBody(body), ...META }),
    }) as unknown as OnecClient,
};

beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

const day = (date: string, timetype: string, hours: unknown) => ({ date, timetype, hours });

describe('timesheet_request handler', () => {
  const op = { id: 'op-1', data: { date_start: '2026-12-01T00:00:00', date_end: '2026-12-31T00:00:00', AR_agents: [{ agentId: 'a1' }, { agentId: 'a2' }] } } as never;
  const stored = (id: string) => db.prepare('SELECT date, code, hours FROM timesheet_days WHERE employee_external_id = ? ORDER BY date, seq').all(id);

  it('keeps what was stored for an agent whose row 1C sent unreadable, and replaces the others', async () => {
    const run = timesheetRecordingHandler(onec, db, clock, () => 'UTC');
    body = [
      { agentId: 'a1', AR_date: [day('2026-12-01', 'Я', 8)], half1_days: 1, half1_hours: 8 },
      { agentId: 'a2', AR_date: [day('2026-12-01', 'В', 0)] },
    ];
    await run(op, ctx);
    expect(stored('a1')).toEqual([{ date: '2026-12-01', code: 'Я', hours: 8 }]);

    // a1's row now has a day whose hours cannot be read; a2's is fine.
    body = [
      { agentId: 'a1', AR_date: [day('2026-12-01', 'Я', 'много')] },
      { agentId: 'a2', AR_date: [day('2026-12-02', 'Я', '7,5')] },
    ];
    const r = (await run(op, ctx)) as { invalid: unknown[] };
    expect(r.invalid).toHaveLength(1);
    expect(stored('a1')).toEqual([{ date: '2026-12-01', code: 'Я', hours: 8 }]);
    expect(db.prepare("SELECT half1_hours FROM timesheet_months WHERE employee_external_id = 'a1'").get()).toEqual({ half1_hours: 8 });
    expect(stored('a2')).toEqual([{ date: '2026-12-02', code: 'Я', hours: 7.5 }]);

    // An unreadable row naming no agent: only the agents answered readably are replaced.
    body = [{ AR_date: 'нет' }, { agentId: 'a2', AR_date: [] }];
    await run(op, ctx);
    expect(stored('a1')).toHaveLength(1);
    expect(stored('a2')).toEqual([]);
  });
});

describe('norm_hours_request handler', () => {
  const op = {
    id: 'op-2',
    data: { startDate: '2026-01-01', endDate: '2026-12-31', calculationMode: 'month', AR_agents: ['a1', 'a2'].map((agentId) => ({ agentId, AR_norms: [{ normWeek: 40, changeDate: '2020-01-01' }] })) },
  } as never;
  const norms = (id: string) => db.prepare("SELECT period_start, hours FROM norm_hours WHERE employee_external_id = ? AND mode = 'month' ORDER BY period_start").all(id);
  const row = (agentId: string, month: string, normHours: unknown) => ({ agentId, normHours, startDate: `${month}-01`, endDate: `${month}-28` });

  it('keeps the norms of an agent with an unreadable row and stores no rows of agents not asked about', async () => {
    const run = normsRecordingHandler(onec, db, clock);
    body = [row('a1', '2026-01', 136), row('a1', '2026-02', 152), row('a2', '2026-01', 120)];
    await run(op, ctx);
    expect(norms('a1')).toHaveLength(2);

    body = [row('a1', '2026-01', 'сто'), row('a1', '2026-02', '151,5'), row('a2', '2026-01', 121), row('zz', '2026-01', 99)];
    await run(op, ctx);
    expect(norms('a1')).toEqual([
      { period_start: '2026-01-01', hours: 136 },
      { period_start: '2026-02-01', hours: 151.5 },
    ]);
    expect(norms('a2')).toEqual([{ period_start: '2026-01-01', hours: 121 }]);
    expect(norms('zz')).toEqual([]);
  });
});
