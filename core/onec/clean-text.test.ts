/**
 * Text from 1C reaches terminals and the console: control characters (ESC
 * sequences, OSC, other C0/C1, bidirectional overrides) are stripped from every
 * string 1C sends before it is stored, logged or printed; messages stay
 * verbatim otherwise. An error about a malformed body describes its length and
 * shape, never the personnel data in it. A bare HTTP server on 127.0.0.1 plays 1C.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentsBuffer } from './agents-buffer.ts';
import { parseAgentsBody, type AgentsResponse } from './agents-schema.ts';
import { createOnecClient, type OnecClient } from './client.ts';
import { OnecError } from './errors.ts';

/** Anything a terminal would act on: C0 but newline and tab, DEL, C1, bidi overrides, line separators. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const controlIn = (v: unknown) => CONTROL.test(JSON.stringify(v).replace(/\\[nt]/g, '')) || /\\u00[01][0-9a-f]|\\u007f/i.test(JSON.stringify(v));

const dirtyDept = { departmentId: 'd-1\u001b[8m', department: 'Контакт-центр\u202e (Москва)', parentDepartmentId: 'd-1\u001b[8m' };
const dirtyAgent = (n: number, over: Record<string, unknown> = {}) => ({
  agentId: `a-${n}\u0007`,
  tabN: `${n}-16\u001b[2J`,
  lastname: 'Иванова\u001b[31m',
  firstname: '\u001b]0;pwned\u0007Мария',
  secondname: 'Петровна\t',
  startwork: '2016-03-01',
  positionId: 'p-1\u009b31m',
  position: 'Оператор\u0085 call-центра',
  departmentId: 'd-1\u001b[8m',
  rate: 1,
  Login: 'ivanova.mp\r\n',
  normWeek: 40,
  normWeekChangeDate: '2016-03-01',
  SN: 'SN\u2028-1',
  Db_ID: '77\u007f',
  area: 'Yekaterinburg\u2066',
  ...over,
});

function expectClean(r: AgentsResponse): void {
  expect(r.departments).toEqual([{ departmentId: 'd-1', name: 'Контакт-центр (Москва)', parentId: null }]);
  const a = r.agents.find((x) => x.agentId === 'a-1')!;
  expect(a).toMatchObject({
    agentId: 'a-1',
    tabN: '1-16',
    lastname: 'Иванова',
    firstname: 'Мария',
    secondname: 'Петровна',
    positionId: 'p-1',
    position: 'Оператор call-центра',
    departmentId: 'd-1',
    login: 'ivanova.mp',
    sn: 'SN -1',
    dbId: '77',
    area: 'Yekaterinburg',
  });
  // A broken record is kept to be shown: its label, reasons and raw fields are clean too.
  const bad = r.invalid.find((x) => x.kind === 'agent')!;
  expect(bad.label).toBe('Иванова Мария (2-16)');
  expect(bad.externalId).toBe('a-2');
  expect(bad.reasons).toEqual(['rate: not a number: "пять"']);
  expect(controlIn(bad)).toBe(false);
  expect(controlIn(r)).toBe(false);
}

describe('/agents text is stripped of control characters', () => {
  const body = [{ AR_departments: [dirtyDept], AR_agents: [dirtyAgent(1), dirtyAgent(2, { rate: 'пять\u001b[5m' }), ...Array.from({ length: 120 }, (_, i) => dirtyAgent(i + 3))] }];

  it('on the general path', () => {
    expectClean(parseAgentsBody(structuredClone(body)));
  });

  it('on the path that reads the bytes a batch at a time', () => {
    const r = parseAgentsBuffer(Buffer.from(JSON.stringify(body)));
    expect(r).not.toBeNull();
    expectClean(r!);
    expect(r!.agents).toHaveLength(121);
  });
});

describe('1C answers through the client', () => {
  let server: Server;
  let url: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  const clients: OnecClient[] = [];
  const client = () => {
    const c = createOnecClient({ baseUrl: url, username: 'u', password: 'p', connectTimeoutMs: 1000, headersTimeoutMs: 1000, bodyTimeoutMs: 1000 });
    clients.push(c);
    return c;
  };
  const answer = (status: number, body: string, type = 'application/json') => {
    handler = (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      });
    };
  };
  async function failure(p: Promise<unknown>): Promise<OnecError> {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(OnecError);
      expect((e as Error).message).not.toMatch(CONTROL);
      return e as OnecError;
    }
    throw new Error('expected the call to fail');
  }
  const schedule = { agentId: 'a-1', period1: '2026-12-01T00:00:00Z', period2: '2026-12-31T00:00:00Z', shifts: [] };
  const fact = { agentId: 'a-1', initiatorName: 'Иванов И.И.', dateStart: '2026-12-01T18:00:00', loginfo: [] };

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hs`;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('a result false message: control characters go, the rest stays verbatim (newlines too)', async () => {
    answer(200, JSON.stringify({ result: false, message: '\u001b[2J\u001b]0;1C\u0007Нельзя изменить график\nза прошлый период\u009b1m' }));
    const e = await failure(client().sendSchedule(schedule));
    expect(e.code).toBe('onec_rejected');
    expect(e.message).toBe(`POST /sendSchedule: 1C refused: "Нельзя изменить график\nза прошлый период" (request ${e.requestId})`);
    expect(e.details?.message).toBe('Нельзя изменить график\nза прошлый период');
  });

  it('a 500 with a JSON message or plain text: cleaned, otherwise verbatim', async () => {
    answer(500, JSON.stringify({ message: 'Нет доступа\u001b[31m к базе\u202e' }));
    let e = await failure(client().getAgents('2026-01-01', '2026-01-31'));
    expect(e.message).toBe(`GET /agents failed: HTTP 500: "Нет доступа к базе" (request ${e.requestId})`);
    answer(500, 'Ошибка СУБД\u001b]8;;http://evil\u001b\\: таблица заблокирована\u0007', 'text/plain');
    e = await failure(client().getAgents('2026-01-01', '2026-01-31'));
    expect(e.message).toBe(`GET /agents failed: HTTP 500: "Ошибка СУБД: таблица заблокирована" (request ${e.requestId})`);
  });

  it('names, positions and logins of /agents arrive clean', async () => {
    answer(200, JSON.stringify([{ AR_departments: [dirtyDept], AR_agents: [dirtyAgent(1), dirtyAgent(2, { rate: 'пять\u001b[5m' })] }]));
    const r = await client().getAgents('2026-01-01', '2026-01-31');
    expectClean(r);
  });

  it('timesheet codes and absence texts, document names and schedule messages arrive clean', async () => {
    answer(200, JSON.stringify([{ agentId: 'a-1\u001b[0m', AR_date: [{ date: '2026-02-01T21:00:00Z', timetype: 'Я\u001b[0m', hours: 8 }], AR_N: [{ timetype_N: 'ОТ\u0085', hours_N: '2(\u000b6)' }] }]));
    const t = await client().getTimetypeInfo({ dateStart: '2026-02-01', dateEnd: '2026-02-28', agentIds: ['a-1'] });
    expect(t.agents[0]).toMatchObject({ agentId: 'a-1', days: [{ timetype: 'Я', known: true }], absences: [{ timetype: 'ОТ', known: true, days: 2, hours: 6 }] });
    expect(controlIn(t.agents)).toBe(false);
    answer(200, JSON.stringify({ result: true, doc: 'Отклонение\u001b[8m №15 от 01.12.2026\u202e' }));
    expect((await client().sendFactWorkTime(fact)).doc).toBe('Отклонение №15 от 01.12.2026');
    answer(200, JSON.stringify({ result: 'true', message: 'Создано документов: 1\u001b[1A' }));
    expect((await client().sendSchedule(schedule)).message).toBe('Создано документов: 1');
  });

  it('a body that is not JSON is described by its length and first character, not its content', async () => {
    const names = 'Иванова Мария Петровна;223-16;';
    answer(200, `${names}${'x'.repeat(1204 - Buffer.byteLength(names))}`, 'text/plain');
    const e = await failure(client().getAgents('2026-01-01', '2026-01-31'));
    expect(e.code).toBe('onec_not_json');
    expect(e.message).toBe(`GET /agents: response is not JSON (HTTP 200): 1 204 bytes starting with 'И' (request ${e.requestId})`);
    const html = '<html><body>Сервис временно недоступен</body></html>';
    answer(200, html, 'text/html');
    const h = await failure(client().getAgents('2026-01-01', '2026-01-31'));
    expect(h.message).toBe(`GET /agents: response is not JSON (HTTP 200): ${Buffer.byteLength(html)} bytes starting with '<' (request ${h.requestId})`);
    const cutShort = '[{"AR_departments":[],"AR_agents":[{"lastname":"Иванова"';
    answer(200, cutShort);
    const cut = await failure(client().getAgents('2026-01-01', '2026-01-31'));
    expect(cut.message).toBe(`GET /agents: response is not JSON (HTTP 200): ${Buffer.byteLength(cutShort)} bytes starting with '[', ending before the JSON does (request ${cut.requestId})`);
    expect(cut.message).not.toContain('Иванова');
    answer(200, '{"result":true,}');
    const comma = await failure(client().sendSchedule(schedule));
    expect(comma.message).toBe(`POST /sendSchedule: response is not JSON (HTTP 200): 16 bytes starting with '{', broken at character 15 (request ${comma.requestId})`);
    answer(200, '\u001b[2J{"result":true}');
    const esc = await failure(client().sendSchedule(schedule));
    expect(esc.message).toBe(`POST /sendSchedule: response is not JSON (HTTP 200): 19 bytes starting with U+001B (request ${esc.requestId})`);
  });

  it('a body of the wrong shape names the shape and the path, not the personnel data', async () => {
    answer(200, JSON.stringify('Иванова Мария Петровна'));
    let e = await failure(client().getAgents('2026-01-01', '2026-01-31'));
    expect(e.message).toBe(`GET /agents: response shape is wrong: expected an object with AR_departments and AR_agents, got a string of 22 characters (request ${e.requestId})`);
    answer(200, JSON.stringify([{ AR_departments: [], AR_agents: 'Иванова;Петров' }]));
    e = await failure(client().getAgents('2026-01-01', '2026-01-31'));
    expect(e.message).toBe(`GET /agents: response shape is wrong: AR_agents must be an array, got a string of 14 characters (request ${e.requestId})`);
    answer(200, JSON.stringify('Иванова: норма 40'));
    e = await failure(client().getNormHours({ startDate: '2026-01-01', endDate: '2026-12-31', calculationMode: 'year', agents: [{ agentId: 'a-1', norms: [{ normWeek: 40, changeDate: '2026-01-01' }] }] }));
    expect(e.message).toBe(`POST /getNormHours: response shape is wrong: expected an array of norm rows {agentId, normHours, startDate, endDate}, got a string of 17 characters (request ${e.requestId})`);
    answer(200, JSON.stringify(['Иванова Мария', 'Петров']));
    e = await failure(client().sendFactWorkTime(fact));
    expect(e.message).toBe(`POST /sendFactWorkTime: response shape is wrong: expected an object with "result", got an array of 2 (request ${e.requestId})`);
    answer(200, JSON.stringify({ result: 'Иванова\u001b[31m Мария Петровна, табельный 223-16' }));
    e = await failure(client().sendFactWorkTime(fact));
    expect(e.message).toBe(`POST /sendFactWorkTime: response shape is wrong: result must be true or false, got a string of 45 characters (request ${e.requestId})`);
    answer(200, JSON.stringify({ result: true, doc: '\u001b[2J\u0007' }));
    e = await failure(client().sendFactWorkTime(fact));
    expect(e.message).toBe(`POST /sendFactWorkTime: response shape is wrong: result is true but doc is a string of 5 characters with nothing printable; check in 1C whether the document was created (request ${e.requestId})`);
  });
});
