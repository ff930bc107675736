/**
 * getNormHours, sendSchedule, getTimetypeInfo and sendFactWorkTime against the
 * 1C simulator over real HTTP. The simulator's date is in 2018, the reference
 * year of PROTOCOLS.md §1.2, so the documented figures can be checked.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import type { OnecAgent } from './agents-schema.ts';
import { createOnecClient, type OnecClient } from './client.ts';
import { OnecError } from './errors.ts';

let sim: OnecSimulator;
let onec: OnecClient;
let agents: OnecAgent[];
/** Employed for all of 2018 so far and still working. */
let veteran: OnecAgent;

async function failure(p: Promise<unknown>): Promise<OnecError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(OnecError);
    return e as OnecError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sim = await startOnecSimulator({ employees: 80, seed: 12, today: '2018-06-15' });
  onec = createOnecClient({ baseUrl: sim.url, username: 'wfm', password: 'wfm', connectTimeoutMs: 1000, headersTimeoutMs: 300, bodyTimeoutMs: 300 });
  agents = (await onec.getAgents('2018-06-01', '2018-06-30')).agents;
  veteran = agents.find((a) => a.startwork < '2017-12-31' && a.finishwork === null && a.area === 'Moscow')!;
  expect(veteran).toBeDefined();
});
afterEach(() => sim.setFaults({}));
afterAll(async () => {
  await onec.close();
  await sim.close();
});

describe('getNormHours', () => {
  const year2018 = (normWeek: number) => ({
    startDate: '2018-01-01',
    endDate: '2018-12-31',
    calculationMode: 'year' as const,
    agents: [{ agentId: veteran.agentId, norms: [{ normWeek, changeDate: '2018-01-01' }] }],
  });

  it('matches the reference figures of the 2018 production calendar', async () => {
    for (const [nw, expected] of [
      [40, 1970],
      [36, 1772.4],
      [30, 1476],
    ] as const) {
      const r = await onec.getNormHours(year2018(nw));
      expect(r.rows).toEqual([{ agentId: veteran.agentId, normHours: expected, startDate: '2018-01-01', endDate: '2018-12-31' }]);
      expect(r.invalid).toEqual([]);
    }
    const aprDec = await onec.getNormHours({ ...year2018(36), startDate: '2018-04-01' });
    expect(aprDec.rows[0]!.normHours).toBe(1371.2);
    const aprDec40 = await onec.getNormHours({ ...year2018(40), startDate: '2018-04-01' });
    expect(aprDec40.rows[0]!.normHours).toBe(1524);
  });

  it('splits by month and quarter, applying each norm change from its date', async () => {
    const months = await onec.getNormHours({ ...year2018(40), calculationMode: 'month' });
    expect(months.rows).toHaveLength(12);
    expect(months.rows.reduce((s, r) => s + r.normHours, 0)).toBeCloseTo(1970, 6);
    expect(months.rows[0]).toMatchObject({ startDate: '2018-01-01', endDate: '2018-01-31', normHours: 136 }); // 17 working days
    const changed = await onec.getNormHours({
      ...year2018(40),
      calculationMode: 'quarter',
      agents: [{ agentId: veteran.agentId, norms: [{ normWeek: 40, changeDate: '2018-01-01' }, { normWeek: 36, changeDate: '2018-04-01' }] }],
    });
    expect(changed.rows.map((r) => r.startDate)).toEqual(['2018-01-01', '2018-04-01', '2018-07-01', '2018-10-01']);
    expect(changed.rows.reduce((s, r) => s + r.normHours, 0)).toBeCloseTo(1970 - 1524 + 1371.2, 6);
  });

  it('clips periods to the hire date and skips employees 1C does not know', async () => {
    const recent = agents.find((a) => a.startwork > '2018-02-01' && a.startwork < '2018-06-01')!;
    expect(recent).toBeDefined();
    const r = await onec.getNormHours({
      startDate: '2018-01-01',
      endDate: '2018-06-30',
      calculationMode: 'month',
      agents: [
        { agentId: recent.agentId, norms: [{ normWeek: 40, changeDate: recent.startwork }] },
        { agentId: 'not-in-1c', norms: [{ normWeek: 40, changeDate: '2018-01-01' }] },
      ],
    });
    expect(r.rows.every((x) => x.agentId === recent.agentId)).toBe(true);
    expect(r.rows[0]!.startDate).toBe(recent.startwork);
    expect(r.rows.at(-1)!.endDate).toBe('2018-06-30');
  });

  it('a year without a production calendar → 1C refuses, permanent, message verbatim', async () => {
    const e = await failure(onec.getNormHours({ ...year2018(40), startDate: '2031-01-01', endDate: '2031-12-31' }));
    expect(e).toMatchObject({ code: 'onec_rejected', kind: 'permanent', status: 200, method: 'POST /getNormHours' });
    expect(e.message).toBe(`POST /getNormHours: 1C refused: "Не заполнен производственный календарь на 2031 год" (request ${e.requestId})`);
  });

  it('a malformed request is refused before sending', async () => {
    const before = sim.requests();
    const e = await failure(onec.getNormHours({ ...year2018(40), calculationMode: 'week' as 'month' }));
    expect(e).toMatchObject({ code: 'onec_invalid_request', kind: 'permanent' });
    expect(e.message).toBe('POST /getNormHours: invalid request: calculationMode: must be "month", "quarter" or "year"');
    expect(sim.requests()).toBe(before);
  });
});

describe('sendSchedule', () => {
  const H = 3_600_000;

  it('writes one document per month, the shift on the local date it starts, other days off; re-sending replaces', async () => {
    const req = {
      agentId: veteran.agentId,
      period1: '2018-06-01T00:00:00Z',
      period2: '2018-07-31T00:00:00Z',
      shifts: [
        { start: '2018-06-18T06:00:00Z', dayMs: 8 * H, nightMs: 0 },
        // 19:00 Moscow on 19 June, through the night: belongs wholly to the 19th.
        { start: '2018-06-19T16:00:00Z', dayMs: 3 * H, nightMs: 8 * H },
      ],
    };
    const r = await onec.sendSchedule(req);
    expect(r.status).toBe(200);
    expect(r.message).toBe('Индивидуальные графики записаны: создано 2, обновлено 0');
    const june = sim.scheduleDocument(veteran.agentId, '2018-06')!;
    expect([...june.days.keys()]).toEqual(['2018-06-18', '2018-06-19']);
    expect(june.days.get('2018-06-19')).toMatchObject({ dayMs: 3 * H, nightMs: 8 * H });
    expect(sim.scheduleDocument(veteran.agentId, '2018-07')!.days.size).toBe(0);

    const again = await onec.sendSchedule(req);
    expect(again.message).toBe('Индивидуальные графики записаны: создано 0, обновлено 2');
    expect(sim.scheduleDocument(veteran.agentId, '2018-06')!.writes).toBe(2);
    expect(sim.state().scheduleDocuments).toBe(2);
  });

  it('shows 1C business failures verbatim, as permanent errors', async () => {
    const past = await failure(onec.sendSchedule({ agentId: veteran.agentId, period1: '2018-04-01T00:00:00Z', period2: '2018-05-31T00:00:00Z', shifts: [{ start: '2018-04-02T06:00:00Z', dayMs: 8 * H, nightMs: 0 }] }));
    expect(past).toMatchObject({ code: 'onec_rejected', kind: 'permanent', status: 200 });
    expect(past.message).toBe(`POST /sendSchedule: 1C refused: "Нельзя изменять графики за прошедшие периоды: месяцы до 2018-06 закрыты" (request ${past.requestId})`);

    const empty = await failure(onec.sendSchedule({ agentId: veteran.agentId, period1: '2018-08-01T00:00:00Z', period2: '2018-08-31T00:00:00Z', shifts: [] }));
    expect(empty.message).toMatch(/^POST \/sendSchedule: 1C refused: "Нет данных о сменах сотрудника .+ за период 2018-08-01 — 2018-08-31"/);

    const noCalendar = await failure(onec.sendSchedule({ agentId: veteran.agentId, period1: '2020-01-01T00:00:00Z', period2: '2020-01-31T00:00:00Z', shifts: [{ start: '2020-01-09T06:00:00Z', dayMs: 8 * H, nightMs: 0 }] }));
    expect(noCalendar.message).toContain('"Не заполнен производственный календарь на 2020 год"');

    const unknown = await failure(onec.sendSchedule({ agentId: 'nobody', period1: '2018-08-01T00:00:00Z', period2: '2018-08-31T00:00:00Z', shifts: [{ start: '2018-08-01T06:00:00Z', dayMs: 8 * H, nightMs: 0 }] }));
    expect(unknown.message).toContain('1C refused: "Сотрудник с идентификатором nobody не найден"');
  });

  it('a part-month schedule already in 1C must be deleted there first', async () => {
    const a = agents.find((x) => x.finishwork === null && x.agentId !== veteran.agentId && x.startwork < '2018-01-01')!;
    const shift = { start: '2018-09-20T06:00:00Z', dayMs: 8 * H, nightMs: 0 };
    await onec.sendSchedule({ agentId: a.agentId, period1: '2018-09-16T00:00:00Z', period2: '2018-09-30T00:00:00Z', shifts: [shift] });
    const e = await failure(onec.sendSchedule({ agentId: a.agentId, period1: '2018-09-01T00:00:00Z', period2: '2018-09-30T00:00:00Z', shifts: [shift] }));
    expect(e.kind).toBe('permanent');
    expect(e.message).toMatch(/1C refused: "Для сотрудника .+ уже введен график на часть месяца 2018-09 \(2018-09-16 — 2018-09-30\)\. Удалите документ/);
  });

  it('an HTTP 500 whose JSON says result false is a refusal, not an outage', async () => {
    const bare = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: 'false', message: 'График за июль уже утвержден' }));
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const c = createOnecClient({ baseUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`, username: 'u', password: 'p' });
    try {
      const e = await failure(c.sendSchedule({ agentId: 'a', period1: '2018-07-01T00:00:00Z', period2: '2018-07-31T00:00:00Z', shifts: [] }));
      expect(e).toMatchObject({ code: 'onec_rejected', kind: 'permanent', status: 500 });
      expect(e.message).toBe(`POST /sendSchedule failed: HTTP 500: 1C refused: "График за июль уже утвержден" (request ${e.requestId})`);
    } finally {
      await c.close();
      await new Promise<void>((r) => bare.close(() => r()));
    }
  });
});

describe('getTimetypeInfo', () => {
  it('returns day rows at the UTC instant of local midnight, following the schedule sent', async () => {
    const r = await onec.getTimetypeInfo({ dateStart: '2018-06-01', dateEnd: '2018-06-30', agentIds: [veteran.agentId, 'nobody'] });
    expect(r.invalid).toEqual([]);
    expect(r.agents.map((a) => a.agentId)).toEqual([veteran.agentId]);
    const days = r.agents[0]!.days;
    // Moscow is UTC+3: 19 June starts at 2018-06-18T21:00:00Z.
    const d19 = days.filter((d) => d.date === '2018-06-18T21:00:00Z');
    expect(d19.map((d) => [d.timetype, d.hours])).toEqual(expect.arrayContaining([['Я', 3], ['Н', 8]]));
    expect(new Set(days.map((d) => d.date)).size).toBe(30);
  });

  it('keeps unknown codes, reads decimal commas and absences, and totals half-months', async () => {
    const ids = agents.filter((a) => a.startwork < '2017-01-01').map((a) => a.agentId);
    const r = await onec.getTimetypeInfo({ dateStart: '2017-01-01', dateEnd: '2017-12-31', agentIds: ids });
    expect(r.invalid).toEqual([]);
    expect(r.agents).toHaveLength(ids.length);
    const all = r.agents.flatMap((a) => a.days);
    expect(all.some((d) => d.timetype === 'НЗ' && d.known === false)).toBe(true);
    expect(all.some((d) => d.timetype === 'С' && d.hours === 2.75)).toBe(true);
    expect(r.agents.some((a) => a.absences.some((x) => x.timetype === 'ОТ' && x.days === 14 && x.hours === null))).toBe(true);
    for (const a of r.agents) {
      const worked = a.days.filter((d) => ['Я', 'Н', 'РВ', 'С'].includes(d.timetype)).reduce((s, d) => s + d.hours, 0);
      expect(a.half1.hours + a.half2.hours).toBeCloseTo(worked, 6);
    }
  });
});

describe('sendFactWorkTime', () => {
  const piece = (start: string) => ({ start, timeMs: 900_000 });

  it('creates a document whose type 1C decides from the plan, and the timesheet shows it', async () => {
    // 17 June 2018 is a day off in the schedule sent above: work by day → РВ.
    const r = await onec.sendFactWorkTime({ agentId: veteran.agentId, initiatorName: 'Иванов И.И.', dateStart: '2018-06-17T10:00:00', loginfo: [piece('2018-06-17T10:00:00'), piece('2018-06-17T10:15:00')] });
    expect(r.doc).toMatch(/^Работа в выходные и праздничные дни 0000-\d{6} от 17\.06\.2018$/);
    expect(sim.factDocuments().at(-1)).toMatchObject({ doc: r.doc, agentId: veteran.agentId, initiator: 'Иванов И.И.', date: '2018-06-17', timetype: 'РВ', hours: 0.5 });
    // 18 June has 8 h planned; nothing worked → НН for the missing hours.
    const nn = await onec.sendFactWorkTime({ agentId: veteran.agentId, initiatorName: 'Иванов И.И.', dateStart: '2018-06-18T09:00:00', loginfo: [] });
    expect(nn.doc).toMatch(/^Неявка по невыясненным причинам/);
    const t = await onec.getTimetypeInfo({ dateStart: '2018-06-17', dateEnd: '2018-06-18', agentIds: [veteran.agentId] });
    expect(t.agents[0]!.days).toContainEqual({ date: '2018-06-16T21:00:00Z', timetype: 'РВ', hours: 0.5, known: true });
    expect(t.agents[0]!.days).toContainEqual({ date: '2018-06-17T21:00:00Z', timetype: 'НН', hours: 8, known: true });
  });

  it('result false → permanent refusal', async () => {
    const e = await failure(onec.sendFactWorkTime({ agentId: 'nobody', initiatorName: 'Иванов И.И.', dateStart: '2018-06-17T10:00:00', loginfo: [] }));
    expect(e).toMatchObject({ code: 'onec_rejected', kind: 'permanent' });
    expect(e.message).toBe(`POST /sendFactWorkTime: 1C refused: result false, no document created (request ${e.requestId})`);
  });

  it('no answer after the body was sent → unknown_outcome, never plain retryable', async () => {
    const req = { agentId: veteran.agentId, initiatorName: 'Иванов И.И.', dateStart: '2018-06-17T11:00:00', loginfo: [piece('2018-06-17T11:00:00')] };
    sim.setFaults({ hang: true, times: 1 });
    const hang = await failure(onec.sendFactWorkTime(req));
    expect(hang).toMatchObject({ code: 'onec_timeout', kind: 'unknown_outcome', method: 'POST /sendFactWorkTime' });
    expect(hang.message).toBe(`POST /sendFactWorkTime: no response headers within 300 ms; 1C may have applied it: check in 1C before sending it again (request ${hang.requestId})`);

    sim.setFaults({ resetConnection: true, times: 1 });
    expect(await failure(onec.sendFactWorkTime(req))).toMatchObject({ code: 'onec_connection_lost', kind: 'unknown_outcome' });

    // The answer cut short: 1C did create the document — exactly why the outcome is unknown.
    const docs = sim.factDocuments().length;
    sim.setFaults({ truncateBody: true, times: 1 });
    expect(await failure(onec.sendFactWorkTime(req))).toMatchObject({ code: 'onec_body_cut', kind: 'unknown_outcome' });
    expect(sim.factDocuments()).toHaveLength(docs + 1);
  });

  it('a failure before anything was sent stays retryable; a 500 from 1C is retryable', async () => {
    const req = { agentId: veteran.agentId, initiatorName: 'Иванов И.И.', dateStart: '2018-06-17T12:00:00', loginfo: [piece('2018-06-17T12:00:00')] };
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const c = createOnecClient({ baseUrl: `http://127.0.0.1:${free}`, username: 'wfm', password: 'wfm' });
    try {
      expect(await failure(c.sendFactWorkTime(req))).toMatchObject({ code: 'onec_unreachable', kind: 'retryable' });
    } finally {
      await c.close();
    }
    sim.setFaults({ status500: { message: 'Конфликт блокировок' }, times: 1 });
    const e = await failure(onec.sendFactWorkTime(req));
    expect(e).toMatchObject({ code: 'onec_http', kind: 'retryable', status: 500 });
  });
});
