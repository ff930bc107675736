import { describe, expect, it } from 'vitest';
import { parseAgents } from './frames.ts';
import { LiveAgents, type LiveAgent, type StateFact } from './live-state.ts';
import { agent } from './testing/fake-socket.ts';

function recorder(live: LiveAgents) {
  const changed: Array<{ id: string; fact: StateFact | null }> = [];
  const removed: string[] = [];
  live.observe({ changed: (a: LiveAgent, fact) => changed.push({ id: a.agentId, fact }), removed: (id) => removed.push(id) });
  return { changed, removed };
}

const T = '2026-12-06T09:00:00.000Z';

describe('LiveAgents', () => {
  it('takes a snapshot whole, with a fact for each agent entering a state, and folds logins for matching', () => {
    const live = new LiveAgents();
    const r = recorder(live);
    live.applySnapshot(parseAgents([agent('a1', 'available', T, { login: 'Ivanova.MP123' }), agent('a2', 'break', T, { reason: 'lunch' })]).agents, 7);
    expect(live.size).toBe(2);
    expect(live.get('a1')).toMatchObject({ loginKey: 'ivanova.mp123', seq: 7, since: Date.parse(T) });
    expect(r.changed.map((c) => c.fact)).toEqual([
      { agentId: 'a1', state: 'available', reason: null, since: Date.parse(T), seq: 7 },
      { agentId: 'a2', state: 'break', reason: 'lunch', since: Date.parse(T), seq: 7 },
    ]);
    expect(live.version).toBe(2);
  });

  it('a second snapshot changes only what differs, removes who is gone, and adds no fact for the same state and since', () => {
    const live = new LiveAgents();
    live.applySnapshot(parseAgents([agent('a1'), agent('a2'), agent('a3')]).agents, 1);
    const r = recorder(live);
    const v = live.version;
    live.applySnapshot(parseAgents([agent('a1'), agent('a2', 'talking', '2026-12-06T09:05:00Z'), agent('a3', 'available', T, { name: 'Переименован' })]).agents, 9);
    expect(r.changed.map((c) => [c.id, c.fact?.state ?? null])).toEqual([
      ['a2', 'talking'],
      ['a3', null],
    ]);
    expect(live.version).toBe(v + 2);
    live.applySnapshot(parseAgents([agent('a1')]).agents, 10);
    expect(r.removed).toEqual(['a2', 'a3']);
    expect([...live.values()].map((a) => a.agentId)).toEqual(['a1']);
  });

  it('applies a status to a known agent, reports an unknown one, and keeps states it has never heard of', () => {
    const live = new LiveAgents();
    live.applySnapshot(parseAgents([agent('a1')]).agents, 1);
    const r = recorder(live);
    expect(live.applyStatus({ type: 'status', seq: 2, agentId: 'a1', state: 'after_call_survey', reason: null, since: Date.parse('2026-12-06T09:01:00Z') })).toBe(true);
    expect(live.get('a1')?.state).toBe('after_call_survey');
    expect(live.applyStatus({ type: 'status', seq: 3, agentId: 'ghost', state: 'talking', reason: null, since: 1 })).toBe(false);
    // The same state again at the same instant is no change at all.
    expect(live.applyStatus({ type: 'status', seq: 4, agentId: 'a1', state: 'after_call_survey', reason: null, since: Date.parse('2026-12-06T09:01:00Z') })).toBe(true);
    expect(r.changed).toHaveLength(1);
  });

  it('a changed reason within the same state is a change of the agent but no new fact of the history', () => {
    const live = new LiveAgents();
    live.applySnapshot(parseAgents([agent('a1', 'break', T, { reason: 'lunch' })]).agents, 1);
    const r = recorder(live);
    live.applyStatus({ type: 'status', seq: 2, agentId: 'a1', state: 'break', reason: 'technical', since: Date.parse(T) });
    expect(r.changed).toEqual([{ id: 'a1', fact: null }]);
    expect(live.get('a1')?.reason).toBe('technical');
  });
});

describe('parseAgents', () => {
  it('keeps what it can: a long name cut, a null login, a missing name, too many groups', () => {
    const list = parseAgents([
      { agentId: 'a1', login: null, state: 'available', since: T },
      { agentId: 'a2', login: 'l2', name: 'Я'.repeat(600), state: 'available', since: T, groups: Array.from({ length: 150 }, (_, i) => `g${i}`) },
    ]);
    expect(list.rejected).toBe(0);
    expect(list.agents[0]).toMatchObject({ login: '', name: '' });
    expect(list.agents[1]!.name).toHaveLength(500);
    expect(list.agents[1]!.groups).toHaveLength(100);
  });

  it('names the agents whose records it refused, so their last known state can be kept', () => {
    const live = new LiveAgents();
    live.applySnapshot(parseAgents([agent('a1'), agent('a2', 'talking')]).agents, 1);
    const next = parseAgents([agent('a1'), { agentId: 'a2', login: 'l', name: 'n', state: 'break', since: 'soon' }]);
    expect(next.rejectedIds).toEqual(['a2']);
    live.applySnapshot(next.agents, 2, new Set(next.rejectedIds));
    expect(live.get('a2')?.state).toBe('talking');
  });

  it('drops a broken record with why, keeps the rest, tolerates missing optional fields, and strips control characters', () => {
    const list = parseAgents([
      agent('a1'),
      { login: 'no.id', name: 'x', state: 'available', since: T },
      agent('a2', 'break', 'not a time'),
      { agentId: 'a3', login: 'l3', name: 'Петров\u001b[31m П.', state: 'break', reason: 'обед\u0007', since: T, site: null },
    ]);
    expect(list.agents.map((a) => a.agentId)).toEqual(['a1', 'a3']);
    expect(list.rejected).toBe(2);
    expect(list.problems.join(' ')).toMatch(/agents\[1\]: agentId/);
    expect(list.problems.join(' ')).toMatch(/agents\[2\]: since expected an ISO 8601 instant/);
    expect(list.agents[1]).toMatchObject({ name: 'Петров П.', reason: 'обед', site: null, groups: [] });
  });
});
