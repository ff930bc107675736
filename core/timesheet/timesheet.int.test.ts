/**
 * Timesheets and norms from the 1C simulator over HTTP: batches of
 * onec.timesheetBatch agents per month, every day row stored as 1C sent it
 * (two codes a day, a decimal comma, a code the gateway does not know),
 * re-fetching replaces the period, the grid compares with the uploaded
 * schedule; norms are asked with AR_norms from the weekly-norm history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { loadDirectory, testGateway, type TestGateway } from '../schedule/testing/gateway.ts';
import { timesheetDate } from './store.ts';
import { zoneCalendar } from '../schedule/zone-calendar.ts';
import { arNorms, readNormHistory } from './norm-history.ts';

let sim: OnecSimulator;
let t: TestGateway;
let ids: string[];

interface RawDay {
  date: string;
  timetype: string;
  hours: number | string;
}

async function post(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('wfm:wfm').toString('base64')}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  sim = await startOnecSimulator({ employees: 60, seed: 22, today: '2026-12-20' });
  t = await testGateway(sim, '2026-12-20T09:00:00Z');
  await loadDirectory(t.gw, '2026-12-01', '2026-12-31');
  const rows = sim.schedules('2026-12');
  await t.gw.schedules.importSchedule({ kind: 'rows', name: 'sim', rows }, { partial: false, dryRun: false, maxIssues: 10, actor: 'test' });
  const u = t.gw.schedules.upload({ from: '2026-12-01', to: '2026-12-31' }, 'test');
  await t.gw.queue.runMany(u.operationIds);
  ids = t.gw.schedules.jobOutcomes(u.job.id).map((o) => o.employee.externalId);
});
afterAll(async () => {
  await t?.close();
  await sim?.close();
});

describe('timesheets from 1C', () => {
  it('asks in batches of onec.timesheetBatch agents and stores every day row as 1C sent it', async () => {
    t.gw.config.set('onec.timesheetBatch', '25');
    const f = t.gw.timesheets.fetch({ from: '2026-12-01', to: '2026-12-31' }, 'test');
    const employed = t.gw.timesheets.grid({ month: '2026-12', onlyContradictions: false, onlyFetched: false, offset: 0, limit: 1000 }).total;
    expect(f.operationIds).toHaveLength(Math.ceil(employed / 25));
    await t.gw.queue.runMany(f.operationIds);
    expect(t.gw.timesheets.job(f.job.id)).toMatchObject({ kind: 'timesheet_fetch', completed: f.operationIds.length, finished: true });

    // The same question asked directly: what 1C says is what the gateway keeps.
    const raw = (await post('/getTimetypeInfo', { date_start: '2026-12-01T00:00:00', date_end: '2026-12-31T00:00:00', AR_agents: ids.map((agentId) => ({ agentId })) })) as { agentId: string; AR_date: RawDay[] }[];
    const expected: string[] = [];
    let twoCodes = 0;
    let comma = 0;
    let unknown = 0;
    for (const a of raw) {
      const zone = t.gw.schedules.shiftsOf('2026-12-01', '2026-12-31', { employeeIds: [a.agentId] })[0]?.employee.zone ?? 'Europe/Moscow';
      const perDay = new Map<string, number>();
      for (const d of a.AR_date) {
        const date = timesheetDate(d.date, zoneCalendar(zone))!;
        perDay.set(date, (perDay.get(date) ?? 0) + 1);
        if (typeof d.hours === 'string') comma++;
        if (d.timetype === 'НЗ') unknown++;
        expected.push(`${a.agentId} ${date} ${d.timetype} ${Number(String(d.hours).replace(',', '.'))}`);
      }
      for (const n of perDay.values()) if (n > 1) twoCodes++;
    }
    // The simulator's answer holds what this test is about.
    expect(twoCodes).toBeGreaterThan(0);
    expect(comma).toBeGreaterThan(0);
    expect(unknown).toBeGreaterThan(0);
    const stored = t.gw.timesheets.days({ from: '2026-12-01', to: '2026-12-31', employeeIds: ids, offset: 0, limit: 100_000 });
    expect(stored.rows.map((r) => `${r.employeeId} ${r.date} ${r.code} ${r.hours}`).sort()).toEqual(expected.sort());
    expect(stored.rows.find((r) => r.code === 'НЗ')).toMatchObject({ known: false });
    expect(stored.rows.find((r) => r.code === 'С')).toMatchObject({ hours: 2.75, known: true });
  });

  it('re-fetching a period replaces what was stored for it', async () => {
    t.gw.db.prepare("INSERT INTO timesheet_days (employee_external_id, date, seq, code, hours) VALUES (?, '2026-12-31', 9, 'ZZ', 1)").run(ids[0]);
    const f = t.gw.timesheets.fetch({ from: '2026-12-01', to: '2026-12-31', employeeIds: [ids[0]!] }, 'test');
    await t.gw.queue.runMany(f.operationIds);
    expect(t.gw.db.prepare("SELECT count(*) FROM timesheet_days WHERE code = 'ZZ'").pluck().get()).toBe(0);
  });

  it('shows the month as a T-13 grid: codes per day, 1C’s half-month totals, the norm, and no contradiction where 1C followed the upload but its absences', () => {
    const g = t.gw.timesheets.grid({ month: '2026-12', onlyContradictions: false, onlyFetched: true, offset: 0, limit: 1000 });
    expect(g.days).toHaveLength(31);
    expect(g.days[0]).toEqual({ date: '2026-12-01', weekday: 2 });
    expect(g.codes).toContainEqual({ code: 'НЗ', known: false, meaning: null });
    const row = g.rows.find((r) => r.days.some((d) => d.entries.length === 2 && d.entries.some((e) => e.code === 'Н')))!;
    expect(row.scheduleBasis).toBe('uploaded');
    expect(row.half1).not.toBeNull();
    expect(row.month!.hours).toBeCloseTo(row.half1!.hours + row.half2!.hours, 5);
    const nightDay = row.days.find((d) => d.entries.some((e) => e.code === 'Н'))!;
    expect(nightDay.scheduled).toMatchObject({ dayHours: 4, nightHours: 7 });
    expect(nightDay.contradiction).toBeNull();
    // 1C followed the upload: what it flags are the absences it recorded on scheduled days, each
    // naming its code, and the days it gave a code nobody here knows (not an explanation).
    const flagged = g.rows.flatMap((r) => r.days.filter((d) => d.contradiction));
    expect(flagged.length).toBe(g.rows.reduce((n, r) => n + r.contradictions, 0));
    expect(flagged.some((d) => d.contradiction!.kind === 'absent_on_shift')).toBe(true);
    for (const d of flagged) {
      expect(d.scheduled).not.toBeNull();
      const absence = d.entries.find((e) => e.known && !['Я', 'Н', 'РВ', 'РВН', 'С', 'В'].includes(e.code));
      if (absence) expect(d.contradiction).toMatchObject({ kind: 'absent_on_shift', message: expect.stringContaining(`the timesheet has ${absence.code} (`) });
      else expect({ kind: d.contradiction!.kind, unknown: d.entries.every((e) => !e.known) }).toEqual({ kind: 'shift_not_worked', unknown: true });
    }
  });

  it('flags the days where the timesheet contradicts the uploaded schedule', () => {
    // As if a shift had been uploaded for a day 1C shows as a day off, and another uploaded an hour shorter.
    const g0 = t.gw.timesheets.grid({ month: '2026-12', onlyContradictions: false, onlyFetched: true, offset: 0, limit: 1000 });
    const row = g0.rows.find((r) => r.days.some((d) => d.entries.length === 1 && d.entries[0]!.code === 'В') && r.days.some((d) => d.entries.length === 1 && d.entries[0]!.code === 'Я'))!;
    const id = row.employee.externalId;
    const off = row.days.find((d) => d.entries.length === 1 && d.entries[0]!.code === 'В')!.date;
    const worked = row.days.find((d) => d.entries.length === 1 && d.entries[0]!.code === 'Я')!;
    const sent = JSON.parse(t.gw.db.prepare("SELECT sent_days FROM schedule_uploads WHERE employee_external_id = ? AND month = '2026-12'").pluck().get(id) as string) as { date: string; start: string; dayMs: number; nightMs: number }[];
    const edited = sent.map((d) => (d.date === worked.date ? { ...d, dayMs: d.dayMs - 3_600_000 } : d));
    edited.push({ date: off, start: `${off}T06:00:00Z`, dayMs: 8 * 3_600_000, nightMs: 0 });
    t.gw.db.prepare("UPDATE schedule_uploads SET sent_days = ? WHERE employee_external_id = ? AND month = '2026-12'").run(JSON.stringify(edited), id);

    const g = t.gw.timesheets.grid({ month: '2026-12', employeeIds: [id], onlyContradictions: true, onlyFetched: false, offset: 0, limit: 10 });
    expect(g.total).toBe(1);
    const flagged = g.rows[0]!.days.filter((d) => d.contradiction).map((d) => [d.date, d.contradiction!.kind]);
    expect(flagged).toEqual(
      [
        [off, 'shift_not_worked'],
        [worked.date, 'hours_differ'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(g.rows[0]!.contradictions).toBe(2);
  });

  it('exports the timesheet as XLSX and as a CSV Excel reads (BOM, ";", Cyrillic intact)', async () => {
    const csv = await t.gw.timesheets.exportTimesheets({ from: '2026-12-01', to: '2026-12-31', employeeIds: ids.slice(0, 3), format: 'csv', layout: 'days' });
    expect(csv.content.startsWith('\uFEFFТабельный номер;ФИО;')).toBe(true);
    const first = t.gw.timesheets.days({ from: '2026-12-01', to: '2026-12-31', employeeIds: ids.slice(0, 3), offset: 0, limit: 1 }).rows[0]!;
    expect(csv.content.split('\r\n')[1]).toBe(`${first.tabN};${first.fullName};${first.employeeId};${first.date};${first.code};${String(first.hours).replace('.', ',')};да`);
    expect(csv.rows).toBe(t.gw.timesheets.days({ from: '2026-12-01', to: '2026-12-31', employeeIds: ids.slice(0, 3), offset: 0, limit: 1 }).total);
    const xlsx = await t.gw.timesheets.exportTimesheets({ from: '2026-12-01', to: '2026-12-31', employeeIds: ids.slice(0, 3), format: 'xlsx', layout: 'grid' });
    expect(xlsx.encoding).toBe('base64');
    expect(Buffer.from(xlsx.content, 'base64').subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.rows).toBe(3);
  });
});

describe('norms from 1C', () => {
  it('asks with AR_norms from each employee’s weekly-norm history and stores what 1C answers', async () => {
    const n = t.gw.timesheets.fetchNorms({ year: 2026, mode: 'month', employeeIds: ids.slice(0, 5) }, 'test');
    await t.gw.queue.runMany(n.operationIds);
    const sent = JSON.parse(sim.lastRequest()!.body) as { startDate: string; calculationMode: string; AR_agents: { agentId: string; AR_norms: { normWeek: number; changeDate: string }[] }[] };
    expect(sent).toMatchObject({ startDate: '2026-01-01', calculationMode: 'month' });
    const history = readNormHistory(t.gw.db, ids.slice(0, 5));
    for (const a of sent.AR_agents) expect(a.AR_norms).toEqual(arNorms(history.get(a.agentId)!, '2026-01-01', '2026-12-31'));

    const raw = (await post('/getNormHours', sent)) as { agentId: string; normHours: number | string; startDate: string }[];
    const list = t.gw.timesheets.norms({ year: 2026, mode: 'month', employeeIds: ids.slice(0, 5), onlyFetched: true, offset: 0, limit: 10 });
    const stored = list.rows.flatMap((r) => r.hours.filter((h) => h !== null).map((h) => `${r.employee.externalId} ${h!.start} ${h!.hours}`));
    expect(stored.sort()).toEqual(raw.map((r) => `${r.agentId} ${r.startDate.slice(0, 10)} ${Number(String(r.normHours).replace(',', '.'))}`).sort());
    // The schedule grid now compares December with the norm × rate.
    const grid = t.gw.schedules.list({ month: '2026-12', employeeIds: ids.slice(0, 5), onlyWithShifts: false, offset: 0, limit: 10 });
    for (const r of grid.rows) {
      expect(r.norm.hours).not.toBeNull();
      expect(r.norm.limitHours).toBeCloseTo(r.norm.hours! * (r.employee.rate ?? 1), 2);
    }
  });
});
