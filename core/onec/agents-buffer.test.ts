import { describe, expect, it } from 'vitest';
import { generateRoster } from '../../simulators/onec/roster.ts';
import { serializeAgents } from '../../simulators/onec/agents-body.ts';
import { parseAgentsBuffer } from './agents-buffer.ts';
import { parseAgentsBody } from './agents-schema.ts';

/** What the general path makes of the same bytes: decode, JSON.parse, validate. */
function general(buf: Buffer): unknown {
  const text = buf.toString('utf8');
  return parseAgentsBody(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
}

const agent = (n: number, over: Record<string, unknown> = {}) => ({
  agentId: `a-${n}`,
  tabN: `${n}-16`,
  lastname: 'Иванова',
  firstname: 'Мария',
  secondname: 'Петровна',
  startwork: '2016-03-01',
  finishwork: null,
  positionId: 'p-1',
  position: 'Оператор',
  departmentId: 'd-root',
  rate: 1,
  Login: `ivanova${n}`,
  normWeek: 40,
  normWeekChangeDate: '2016-03-01',
  area: 'Moscow',
  AR_vacation: [{ date: '2024-01-31', vacation: 7.00333 }],
  ...over,
});
const dept = { departmentId: 'd-root', department: 'Контакт-центр', parentDepartmentId: 'd-root' };
const bytes = (v: unknown, indent?: string) => Buffer.from(JSON.stringify(v, null, indent), 'utf8');

describe('parseAgentsBuffer: the same result as the general path', () => {
  it('for a simulator body of several batches', () => {
    const buf = serializeAgents(generateRoster(7, 260, '2026-02-10'), '2026-02-01', '2026-02-28');
    const r = parseAgentsBuffer(buf);
    expect(r).not.toBeNull();
    expect(r!.agents).toHaveLength(260);
    expect(r).toEqual(general(buf));
  });

  it('for broken, repeated and non-object records spread over batches, with their indexes', () => {
    const agents: unknown[] = Array.from({ length: 130 }, (_, i) => agent(i));
    agents[3] = agent(3, { tabN: null, rate: 'пять' });
    agents[60] = agent(1); // a repeated id, in the second batch
    agents[99] = 'not a record';
    agents[120] = null;
    agents[129] = agent(129, { lastname: 'О"Брайен }, ] {[', secondname: 'back\\slash', startwork: '2016-03-01T00:00:00' });
    const buf = bytes([{ AR_departments: [dept, { departmentId: 'd-root', department: 'дубль' }, 7], AR_agents: agents }]);
    const r = parseAgentsBuffer(buf);
    expect(r).toEqual(general(buf));
    expect(r!.invalid.map((x) => `${x.kind}#${x.index}`)).toEqual(['department#1', 'department#2', 'agent#3', 'agent#60', 'agent#99', 'agent#120']);
    expect(r!.agents.find((a) => a.agentId === 'a-129')!.lastname).toBe('О"Брайен }, ] {[');
  });

  it.each([
    ['pretty-printed with tabs', bytes([{ AR_departments: [dept], AR_agents: [agent(1), agent(2)] }], '\t')],
    ['a bare object, arrays in the other order, an extra key', bytes({ AR_agents: [agent(1)], note: { x: [1, 2] }, AR_departments: [dept] })],
    ['a UTF-8 byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes([{ AR_departments: [dept], AR_agents: [agent(1)] }])])],
    ['empty arrays', bytes([{ AR_departments: [], AR_agents: [] }])],
    ['an escaped key', Buffer.from('[{"AR_departments":[],"AR\\u005fagents":[{"agentId":"x"}]}]')],
  ])('for %s', (_name, buf) => {
    const r = parseAgentsBuffer(buf);
    expect(r).not.toBeNull();
    expect(r).toEqual(general(buf));
  });
});

describe('parseAgentsBuffer: boundaries found by the separator between records', () => {
  const many = (n: number, over: (i: number) => Record<string, unknown> = () => ({})) => Array.from({ length: n }, (_, i) => agent(i, over(i)));

  it('reads a large pretty-printed body the same as the general path', () => {
    const buf = bytes([{ AR_departments: [dept], AR_agents: many(300) }], '\t');
    const r = parseAgentsBuffer(buf);
    expect(r!.agents).toHaveLength(300);
    expect(r).toEqual(general(buf));
  });

  it('is not fooled by the separator inside strings or by nested objects with the same first key', () => {
    const agents = many(400, (i) =>
      i % 37 === 0
        ? { lastname: '},{"agentId":"fake"}', note: { agentId: 'nested', list: [{ agentId: 'deeper' }, { agentId: 'x' }] } }
        : i % 53 === 0
          ? { secondname: 'a\\"},{"agentId"' }
          : {},
    );
    const buf = bytes([{ AR_departments: [dept], AR_agents: agents }]);
    const r = parseAgentsBuffer(buf);
    expect(r!.agents).toHaveLength(400);
    expect(r).toEqual(general(buf));
    expect(r!.agents[37]!.lastname).toBe('},{"agentId":"fake"}');
  });

  it('copes with blanks that differ from one boundary to the next, and keeps every index', () => {
    const parts = many(300).map((a) => JSON.stringify(a));
    const joined = parts.map((p, i) => (i === 0 ? p : `${i % 3 === 0 ? ' ,\n ' : i % 3 === 1 ? ',' : ',\t'}${p}`)).join('');
    const buf = Buffer.from(`[{"AR_departments":[${JSON.stringify(dept)}],"AR_agents":[${joined}]}]`, 'utf8');
    const r = parseAgentsBuffer(buf);
    expect(r).toEqual(general(buf));
    const broken = many(300);
    broken[250] = agent(250, { tabN: null });
    const rb = parseAgentsBuffer(bytes([{ AR_departments: [dept], AR_agents: broken }]));
    expect(rb!.invalid.map((x) => `${x.kind}#${x.index}`)).toEqual(['agent#250']);
  });

  it('leaves a syntax error far into the array to the general path', () => {
    const text = bytes([{ AR_departments: [dept], AR_agents: many(300) }]).toString('utf8');
    const at = text.indexOf('"agentId":"a-250"');
    const broken = `${text.slice(0, at)}"agentId":"a-250",,${text.slice(at + '"agentId":"a-250",'.length)}`;
    expect(parseAgentsBuffer(Buffer.from(broken, 'utf8'))).toBeNull();
  });
});

describe('parseAgentsBuffer: leaves everything else to the general path', () => {
  it.each([
    ['invalid JSON inside a record', '[{"AR_departments":[],"AR_agents":[{"agentId":"a",}]}]'],
    ['a record cut short', '[{"AR_departments":[],"AR_agents":[{"agentId":"a"'],
    ['a trailing comma in AR_agents', '[{"AR_departments":[],"AR_agents":[{"agentId":"a"},]}]'],
    ['garbage between records', '[{"AR_departments":[],"AR_agents":[{"agentId":"a"} x {"agentId":"b"}]}]'],
    ['invalid JSON in another value', '[{"AR_departments":[],"x":tru,"AR_agents":[]}]'],
    ['text after the body', '[{"AR_departments":[],"AR_agents":[]}] ok'],
    ['an array of two objects', '[{"AR_departments":[],"AR_agents":[]},{}]'],
    ['AR_departments missing', '[{"AR_agents":[]}]'],
    ['AR_agents not an array', '[{"AR_departments":[],"AR_agents":{}}]'],
    ['AR_departments not an array', '{"AR_departments":null,"AR_agents":[]}'],
    ['a key given twice', '{"AR_departments":[],"AR_agents":[],"AR_agents":[]}'],
    ['an empty body', ''],
    ['blanks only', ' \n'],
    ['an HTML page', '<html><body>Ошибка</body></html>'],
    ['a number', '42'],
  ])('%s', (_name, text) => {
    expect(parseAgentsBuffer(Buffer.from(text, 'utf8'))).toBeNull();
  });
});
