import { afterEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../queue/testing/temp-db.ts';
import { CallHistory } from './call-history.ts';
import type { CallSample } from './call-monitor.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 24, 10, 0, 0); // 10:00 UTC, an hour boundary

function call(startedAt: number, durationMs: number, ok = true, method = 'GET /agents'): CallSample {
  return { method, startedAt, durationMs, status: ok ? 200 : 500, ok, error: ok ? null : 'HTTP 500' };
}

let t: TempDb;
afterEach(() => t?.cleanup());

const rows = (h: TempDb) => h.db.prepare('SELECT minute, system, method, calls, errors, total_ms AS totalMs, max_ms AS maxMs FROM call_minutes ORDER BY minute, method').all();

describe('CallHistory', () => {
  it('keeps calls in memory and writes the minutes touched in one transaction per flush, adding to what is stored', () => {
    t = tempDb();
    const h = new CallHistory(t.db);
    // Seen from another connection, as SQLite sees it: data_version moves when someone else commits.
    const reader = t.reopen();
    const version = () => reader.pragma('data_version', { simple: true }) as number;
    const before = version();
    for (let i = 0; i < 500; i++) h.record('onec', call(T0 + i * 100, 50 + (i % 10)));
    h.record('onec', call(T0 + MIN, 3000, false, 'POST /sendSchedule'));
    expect(version()).toBe(before); // nothing written per call
    expect(h.pendingMinutes).toBe(2);
    h.flush();
    expect(version()).not.toBe(before);
    expect(h.pendingMinutes).toBe(0);
    expect(rows(t)).toEqual([
      { minute: T0, system: 'onec', method: 'GET /agents', calls: 500, errors: 0, totalMs: 500 * 54.5, maxMs: 59 },
      { minute: T0 + MIN, system: 'onec', method: 'POST /sendSchedule', calls: 1, errors: 1, totalMs: 3000, maxMs: 3000 },
    ]);
    // Later calls of a minute already written are added to its row.
    h.record('onec', call(T0 + 30_000, 500, false));
    h.flush();
    expect(rows(t)[0]).toMatchObject({ calls: 501, errors: 1, totalMs: 500 * 54.5 + 500, maxMs: 500 });
  });

  it('answers the last hour per minute, the day per 15 minutes and the week per hour, with avg, p95 and p99, in total and per method', () => {
    t = tempDb();
    const h = new CallHistory(t.db);
    // 10:00: 20 calls of 100 ms; 10:05: 20 calls, 19 of 100 ms and one of 2 s that failed; 2 days earlier: 4 calls of 1 s.
    for (let i = 0; i < 20; i++) h.record('onec', call(T0 + i * 1000, 100));
    for (let i = 0; i < 19; i++) h.record('onec', call(T0 + 5 * MIN + i * 1000, 100, true, 'POST /getNormHours'));
    h.record('onec', call(T0 + 5 * MIN + 30_000, 2000, false, 'POST /getNormHours'));
    for (let i = 0; i < 4; i++) h.record('onec', call(T0 - 2 * 86_400_000 + i * 1000, 1000));
    h.record('mce', call(T0, 10));
    h.flush();
    const now = T0 + 10 * MIN + 5000;

    const hour = h.query('onec', 'hour', now, 7);
    expect(hour).toMatchObject({ system: 'onec', range: 'hour', stepMinutes: 1, from: new Date(T0 - 49 * MIN).toISOString(), to: new Date(T0 + 11 * MIN).toISOString(), retentionDays: 7 });
    expect(hour.points).toHaveLength(60);
    const at = (iso: number) => hour.points.find((p) => p.at === new Date(iso).toISOString())!;
    expect(at(T0)).toMatchObject({ calls: 20, errors: 0, avgMs: 100 });
    expect(at(T0 + 5 * MIN)).toMatchObject({ calls: 20, errors: 1, avgMs: 195 });
    expect(at(T0 + MIN)).toEqual({ at: new Date(T0 + MIN).toISOString(), calls: 0, errors: 0, avgMs: null, p95Ms: null, p99Ms: null });
    expect(hour.totals).toMatchObject({ calls: 40, errors: 1 });
    // p95 of 40 calls is the 38th: 100 ms (within its bucket); p99 the 40th: the 2 s call.
    expect(hour.totals.p95Ms).toBeGreaterThan(80);
    expect(hour.totals.p95Ms).toBeLessThanOrEqual(100);
    expect(hour.totals.p99Ms).toBe(2000);
    expect(hour.methods.map((m) => [m.method, m.calls, m.errors])).toEqual([
      ['GET /agents', 20, 0],
      ['POST /getNormHours', 20, 1],
    ]);

    const day = h.query('onec', 'day', now, 7);
    expect(day.stepMinutes).toBe(15);
    expect(day.points).toHaveLength(96);
    expect(day.points.at(-1)).toMatchObject({ at: new Date(T0).toISOString(), calls: 40, errors: 1 });
    expect(day.totals.calls).toBe(40);

    const week = h.query('onec', 'week', now, 7);
    expect(week.stepMinutes).toBe(60);
    expect(week.points).toHaveLength(168);
    expect(week.totals).toMatchObject({ calls: 44, errors: 1 });
    expect(week.points.find((p) => p.at === new Date(T0 - 2 * 86_400_000).toISOString())).toMatchObject({ calls: 4, avgMs: 1000 });
    // The other system is kept apart.
    expect(h.query('mce', 'hour', now, 7).totals.calls).toBe(1);
  });

  it('counts calls not written yet in what it answers, and survives a restart once written', () => {
    t = tempDb();
    const h = new CallHistory(t.db);
    h.record('onec', call(T0, 120));
    expect(h.query('onec', 'hour', T0, 7).totals.calls).toBe(1);
    h.stop(); // a gateway closing writes what is left
    const again = new CallHistory(t.reopen());
    expect(again.query('onec', 'hour', T0 + 30 * MIN, 7).totals).toMatchObject({ calls: 1, avgMs: 120 });
  });

  it('keeps the minutes for the next write when a write fails, and tells why', () => {
    t = tempDb();
    const errors: string[] = [];
    const h = new CallHistory(t.db, { onError: (e) => errors.push((e as Error).message) });
    h.record('onec', call(T0, 100));
    // Another connection holds the write lock: the batch cannot be written now.
    const other = t.reopen();
    other.pragma('busy_timeout = 0');
    t.db.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    h.flush();
    expect(errors[0]).toMatch(/locked|busy/i);
    expect(h.pendingMinutes).toBe(1);
    other.exec('ROLLBACK');
    h.record('onec', call(T0 + 1000, 300));
    h.flush();
    expect(h.pendingMinutes).toBe(0);
    expect(rows(t)).toEqual([{ minute: T0, system: 'onec', method: 'GET /agents', calls: 2, errors: 0, totalMs: 400, maxMs: 300 }]);
  });

  it('keeps at most maxPending minutes in memory while writes fail, dropping the oldest', () => {
    t = tempDb();
    const h = new CallHistory(t.db, { maxPending: 3 });
    for (let m = 0; m < 10; m++) h.record('onec', call(T0 + m * MIN, 10));
    expect(h.pendingMinutes).toBe(3);
    h.flush();
    expect((rows(t) as Array<{ minute: number }>).map((r) => r.minute)).toEqual([T0 + 7 * MIN, T0 + 8 * MIN, T0 + 9 * MIN]);
  });
});
