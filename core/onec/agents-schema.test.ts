import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { generateRoster } from '../../simulators/onec/roster.ts';
import { serializeAgents } from '../../simulators/onec/agents-body.ts';
import { fastAgent, onecAgentSchema, parseAgentsBody } from './agents-schema.ts';

const dept = (over: Record<string, unknown> = {}) => ({
  departmentId: 'd-root',
  department: 'Контакт-центр (Москва)',
  parentDepartmentId: 'd-root',
  ...over,
});

/** A record shaped like the PROTOCOLS.md §1.1 table. */
const agent = (over: Record<string, unknown> = {}) => ({
  agentId: 'a-1',
  tabN: '223-16',
  lastname: 'Иванова',
  firstname: 'Мария',
  secondname: 'Петровна',
  startwork: '2016-03-01',
  finishwork: null,
  positionId: 'p-1',
  position: 'Оператор',
  positionChangeDate: '2019-05-01',
  departmentId: 'd-root',
  rate: 1,
  Login: 'ivanova.mp',
  normWeek: 40,
  normWeekChangeDate: '2016-03-01',
  SN: 'SN-1',
  Db_ID: '77',
  area: 'Yekaterinburg',
  AR_vacation: [{ date: '2024-01-31', vacation: 7.00333 }],
  ...over,
});

describe('parseAgentsBody: envelope', () => {
  it('reads an array holding one object (the documented form)', () => {
    const r = parseAgentsBody([{ AR_departments: [dept()], AR_agents: [agent()] }]);
    expect(r.departments).toHaveLength(1);
    expect(r.agents).toHaveLength(1);
    expect(r.invalid).toEqual([]);
  });

  it('tolerates a bare object', () => {
    const r = parseAgentsBody({ AR_departments: [dept()], AR_agents: [agent()] });
    expect(r.agents[0]!.agentId).toBe('a-1');
  });

  it('accepts empty arrays (sync decides what an empty AR_agents means)', () => {
    const r = parseAgentsBody([{ AR_departments: [], AR_agents: [] }]);
    expect(r).toEqual({ departments: [], agents: [], invalid: [] });
  });

  const wrong: Array<[string, unknown, RegExp]> = [
    ['AR_agents not an array', [{ AR_departments: [], AR_agents: {} }], /^AR_agents must be an array, got an object$/],
    ['AR_agents null', [{ AR_departments: [], AR_agents: null }], /^AR_agents must be an array, got null$/],
    ['AR_departments missing', [{ AR_agents: [] }], /^AR_departments is missing \(must be an array\)$/],
    ['array of two objects', [{ AR_departments: [], AR_agents: [] }, {}], /exactly one object, got an array of 2/],
    ['empty array', [], /exactly one object, got an array of 0/],
    ['a string', 'OK', /expected an object with AR_departments and AR_agents, got a string of 2 characters$/],
    ['null', null, /got null/],
  ];
  it.each(wrong)('rejects a wrong envelope: %s', (_name, body, message) => {
    let caught: unknown;
    try {
      parseAgentsBody(body);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ZodError);
    expect((caught as ZodError).issues.map((i) => i.message).join('; ')).toMatch(message);
  });
});

describe('parseAgentsBody: departments', () => {
  it('maps a root pointing at itself to no parent, and a child to its parent', () => {
    const r = parseAgentsBody([
      {
        AR_departments: [dept(), dept({ departmentId: 'd-child', department: 'Группа 1', parentDepartmentId: 'd-root' })],
        AR_agents: [],
      },
    ]);
    expect(r.departments).toEqual([
      { departmentId: 'd-root', name: 'Контакт-центр (Москва)', parentId: null },
      { departmentId: 'd-child', name: 'Группа 1', parentId: 'd-root' },
    ]);
  });

  it('tolerates the parent_departmentId spelling', () => {
    const child = { departmentId: 'd-child', department: 'Группа 2', parent_departmentId: 'd-root' };
    const r = parseAgentsBody([{ AR_departments: [dept(), child], AR_agents: [] }]);
    expect(r.departments[1]!.parentId).toBe('d-root');
  });

  it('keeps a broken department with reasons and a duplicate id as invalid', () => {
    const r = parseAgentsBody([
      { AR_departments: [dept(), { departmentId: 'd-x' }, dept({ department: 'Копия' })], AR_agents: [] },
    ]);
    expect(r.departments).toHaveLength(1);
    expect(r.invalid).toHaveLength(2);
    expect(r.invalid[0]).toMatchObject({ kind: 'department', index: 1, externalId: 'd-x', label: 'd-x', reasons: ['department: required'] });
    expect(r.invalid[1]).toMatchObject({ index: 2, label: 'Копия', reasons: ['departmentId: duplicate of department #1 ("d-root")'] });
  });
});

describe('parseAgentsBody: agents', () => {
  const one = (over: Record<string, unknown>) => parseAgentsBody([{ AR_departments: [dept()], AR_agents: [agent(over)] }]);

  it('maps every field, keeping Cyrillic and a tabN that is not digits only', () => {
    const a = one({}).agents[0]!;
    expect(a).toEqual({
      agentId: 'a-1',
      tabN: '223-16',
      lastname: 'Иванова',
      firstname: 'Мария',
      secondname: 'Петровна',
      startwork: '2016-03-01',
      finishwork: null,
      positionId: 'p-1',
      position: 'Оператор',
      positionChangeDate: '2019-05-01',
      departmentId: 'd-root',
      rate: 1,
      login: 'ivanova.mp',
      normWeek: 40,
      normWeekChangeDate: '2016-03-01',
      sn: 'SN-1',
      dbId: '77',
      area: 'Yekaterinburg',
      vacations: [{ date: '2024-01-31', days: 7.00333 }],
    });
    expect(one({ tabN: '10-000' }).agents[0]!.tabN).toBe('10-000');
  });

  it('tolerates a decimal comma in rate and normWeek', () => {
    expect(one({ rate: '0,5' }).agents[0]!.rate).toBe(0.5);
    expect(one({ rate: '0,75', normWeek: '36' }).agents[0]).toMatchObject({ rate: 0.75, normWeek: 36 });
    expect(one({ AR_vacation: [{ date: '2024-01-31', vacation: '7,00333' }] }).agents[0]!.vacations[0]!.days).toBe(7.00333);
  });

  it('reads finishwork null, absent, or a date', () => {
    const { finishwork: _f, ...noFinish } = agent();
    expect(parseAgentsBody([{ AR_departments: [], AR_agents: [noFinish] }]).agents[0]!.finishwork).toBeNull();
    expect(one({ finishwork: null }).agents[0]!.finishwork).toBeNull();
    expect(one({ finishwork: '2024-02-10' }).agents[0]!.finishwork).toBe('2024-02-10');
  });

  it('tolerates 1C date-times at midnight and cuts them to the date', () => {
    expect(one({ startwork: '2016-03-01T00:00:00' }).agents[0]!.startwork).toBe('2016-03-01');
  });

  it('reads the optional fields as null when absent or blank (Login with capital L)', () => {
    const a = one({ Login: '', SN: undefined, Db_ID: null, area: '  ', rate: undefined, secondname: '', positionChangeDate: undefined, AR_vacation: undefined }).agents[0]!;
    expect(a).toMatchObject({ login: null, sn: null, dbId: null, area: null, rate: null, secondname: '', positionChangeDate: null, vacations: [] });
    expect(one({ login: 'lower-case-key' }).agents[0]!.login).toBe('ivanova.mp');
  });

  it('keeps a broken record with its reasons and does not sink the others', () => {
    const r = parseAgentsBody([
      {
        AR_departments: [dept()],
        AR_agents: [
          agent({ agentId: 'a-1' }),
          agent({ agentId: 'a-2', tabN: undefined, startwork: '2016-02-30', rate: 'полставки', normWeek: null }),
          agent({ agentId: 'a-3', tabN: '10-000' }),
        ],
      },
    ]);
    expect(r.agents.map((a) => a.agentId)).toEqual(['a-1', 'a-3']);
    expect(r.invalid).toHaveLength(1);
    expect(r.invalid[0]).toMatchObject({ kind: 'agent', index: 1, externalId: 'a-2', label: 'Иванова Мария' });
    expect(r.invalid[0]!.reasons).toEqual([
      'tabN: required',
      'startwork: not a date YYYY-MM-DD: "2016-02-30"',
      'rate: not a number: "полставки"',
      'normWeek: required',
    ]);
  });

  it('names each wrong field specifically', () => {
    const reasons = (over: Record<string, unknown>) => one(over).invalid[0]?.reasons;
    expect(reasons({ lastname: '  ' })).toEqual(['lastname: must not be empty']);
    expect(reasons({ agentId: 42 })).toEqual(['agentId: must be text, got 42']);
    expect(reasons({ rate: 0 })).toEqual(['rate: must be above 0']);
    expect(reasons({ normWeek: 80 })).toEqual(['normWeek: must be at most 60']);
    expect(reasons({ finishwork: '2015-01-01' })).toEqual(['finishwork: 2015-01-01 is before startwork 2016-03-01']);
    expect(reasons({ AR_vacation: [{ date: '2024-01-31' }] })).toEqual(['AR_vacation.0.vacation: required']);
    expect(reasons({ AR_vacation: 'none' })).toEqual(['AR_vacation: must be an array, got "none"']);
  });

  it('labels a record without names by its position, and a non-object record too', () => {
    const r = parseAgentsBody([{ AR_departments: [], AR_agents: [agent(), 'garbage', { tabN: '5-1' }] }]);
    expect(r.invalid.map((i) => i.label)).toEqual(['agent #2', 'agent #3 (5-1)']);
    expect(r.invalid[0]!.reasons).toEqual(['must be an object, got "garbage"']);
  });

  it('marks a repeated agentId invalid and keeps the first', () => {
    const r = parseAgentsBody([{ AR_departments: [], AR_agents: [agent(), agent({ tabN: '999-1' })] }]);
    expect(r.agents).toHaveLength(1);
    expect(r.agents[0]!.tabN).toBe('223-16');
    expect(r.invalid[0]!.reasons).toEqual(['agentId: duplicate of agent #1 ("a-1")']);
  });
});

describe('fast path', () => {
  it('builds exactly what the zod schema builds, for every record the simulator sends', () => {
    const body = JSON.parse(serializeAgents(generateRoster(4, 300, '2026-02-10'), '2026-02-01', '2026-02-28').toString('utf8')) as Array<{ AR_agents: unknown[] }>;
    let fast = 0;
    for (const raw of body[0]!.AR_agents) {
      const f = fastAgent(raw);
      if (f) fast++;
      expect(f ?? onecAgentSchema.parse(raw)).toEqual(onecAgentSchema.parse(raw));
    }
    expect(fast).toBe(300);
  });

  it('agrees with zod on the hand-made variants, and leaves the unusual ones to zod', () => {
    const variants: Array<Record<string, unknown>> = [
      {},
      { rate: '0,5' },
      { rate: '1' },
      { normWeek: '36' },
      { secondname: null },
      { secondname: '  Петровна ' },
      { Login: '  ivanova ' },
      { Login: '' },
      { area: null, SN: undefined, Db_ID: '' },
      { AR_vacation: [{ date: '2024-02-29', vacation: '7,5' }] },
      { AR_vacation: null },
      { finishwork: '2016-03-01' },
      { extra: 'ignored' },
    ];
    for (const v of variants) {
      const raw = agent(v);
      const f = fastAgent(raw);
      expect(f).not.toBeNull();
      expect(f).toEqual(onecAgentSchema.parse(raw));
    }
    const unusual: Array<Record<string, unknown>> = [
      { startwork: '2016-03-01T00:00:00' },
      { startwork: '2016-02-30' },
      { tabN: ' 223-16' },
      { rate: ' 0.5' },
      { rate: 3 },
      { normWeek: null },
      { finishwork: '2015-01-01' },
      { AR_vacation: [{ date: '2023-02-29', vacation: 1 }] },
      { Login: 5 },
    ];
    for (const v of unusual) expect(fastAgent(agent(v))).toBeNull();
  });
});
