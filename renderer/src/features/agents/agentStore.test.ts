import { describe, expect, it } from 'vitest';
import { createAgentStore, mergeInto, sortKey } from './agentStore.ts';
import { agent, delta, list, T0 } from './fixtures.ts';

const names = (s: ReturnType<typeof createAgentStore>) => s.getState().order.map((id) => s.getState().agents.get(id)!.name);

describe('agent store: the list', () => {
  it('keeps every agent by id, in name then login order, with tallies per state, site and group', () => {
    const s = createAgentStore();
    s.getState().applyList(
      list([
        agent('3', { name: 'Сидорова Анна', state: 'talking', site: 'Kazan', groups: ['Sales', 'VIP'] }),
        agent('1', { name: 'Ёжиков Пётр', login: 'b' }),
        agent('2', { name: 'Ежиков Пётр', login: 'a', state: 'break', site: null, groups: [] }),
        agent('4', { name: 'Абрамов Олег', state: 'dnd_custom' }),
      ]),
    );
    const st = s.getState();
    expect(st.phase).toBe('ready');
    expect(st.version).toBe(10);
    expect(st.epoch).toBe('e1');
    // ё sorts as е; equal names go by login.
    expect(names(s)).toEqual(['Абрамов Олег', 'Ежиков Пётр', 'Ёжиков Пётр', 'Сидорова Анна']);
    expect(Object.fromEntries(st.states)).toEqual({ available: 1, break: 1, talking: 1, dnd_custom: 1 });
    expect(Object.fromEntries(st.sites)).toEqual({ Moscow: 2, Kazan: 1 });
    expect(Object.fromEntries(st.groups)).toEqual({ Sales: 3, VIP: 1 });
  });

  it('keeps a state MCE sent that we do not know, as it is', () => {
    const s = createAgentStore();
    s.getState().applyList(list([agent('1', { state: 'custom_away' })]));
    s.getState().applyDelta(delta(10, 11, [agent('2', { state: 'Перерыв-2' })]));
    expect(s.getState().agents.get('1')!.state).toBe('custom_away');
    expect(s.getState().agents.get('2')!.state).toBe('Перерыв-2');
    expect(s.getState().states.get('Перерыв-2')).toBe(1);
  });

  it('follows the gateway clock only when it is a second or more away from ours', () => {
    const s = createAgentStore();
    const at = Date.parse('2026-03-02T10:00:00.000Z');
    s.getState().applyList(list([], { asOf: '2026-03-02T10:00:05.000Z' }), at - 100, at + 100);
    expect(s.getState().clockOffsetMs).toBe(5000);
    s.getState().applyList(list([], { asOf: '2026-03-02T10:00:00.300Z' }), at - 100, at + 100);
    expect(s.getState().clockOffsetMs).toBe(0);
  });
});

describe('agent store: deltas', () => {
  function ready() {
    const s = createAgentStore();
    s.getState().applyList(list([agent('a', { name: 'Anna' }), agent('b', { name: 'Boris' }), agent('c', { name: 'Clara' })]));
    return s;
  }

  it('applies a delta of the same epoch whose from is at or below the version, and moves the version to its to', () => {
    const s = ready();
    const before = s.getState();
    expect(s.getState().applyDelta(delta(8, 12, [agent('b', { name: 'Boris', state: 'talking', since: '2026-03-02T10:01:00.000Z' })]))).toBe('applied');
    const st = s.getState();
    expect(st.version).toBe(12);
    expect(st.agents.get('b')!.state).toBe('talking');
    expect(st.states.get('talking')).toBe(1);
    expect(st.states.get('available')).toBe(2);
    // A state change keeps the order (the same array): rows never move for it.
    expect(st.order).toBe(before.order);
    expect(st.orderRev).toBe(before.orderRev);
    expect(st.stateRev).toBe(before.stateRev + 1);
  });

  it('ignores a delta the list already covers', () => {
    const s = ready();
    expect(s.getState().applyDelta(delta(5, 9, [agent('a', { name: 'Anna', state: 'offline' })]))).toBe('stale');
    expect(s.getState().agents.get('a')!.state).toBe('available');
    expect(s.getState().version).toBe(10);
  });

  it('takes the link status from a delta up to its own version, and nothing else', () => {
    const s = ready();
    expect(s.getState().applyDelta(delta(10, 10, [], { mode: 'fallback', lastEventAt: '2026-03-02T10:05:00.000Z' }))).toBe('stale');
    expect(s.getState().mode).toBe('fallback');
    expect(s.getState().lastEventAt).toBe('2026-03-02T10:05:00.000Z');
  });

  it('applies state-only changes onto the agents it has, keeping the rest of each, and reloads for one it lacks', () => {
    const s = ready();
    const before = s.getState().agents.get('a')!;
    expect(s.getState().applyDelta(delta(10, 12, [], { states: [{ agentId: 'a', state: 'break', reason: 'lunch', since: '2026-03-02T10:07:00.000Z' }] }))).toBe('applied');
    const after = s.getState().agents.get('a')!;
    expect(after).toEqual({ ...before, state: 'break', reason: 'lunch', since: '2026-03-02T10:07:00.000Z' });
    expect(s.getState().states.get('break')).toBe(1);
    expect(s.getState().version).toBe(12);
    expect(s.getState().applyDelta(delta(12, 13, [], { states: [{ agentId: 'ghost', state: 'talking', reason: null, since: T0 }] }))).toBe('reload');
  });

  it('asks for a reload on a gap (from above the version) and on another epoch, and changes nothing', () => {
    const s = ready();
    expect(s.getState().applyDelta(delta(11, 12, [agent('a', { name: 'Anna', state: 'break' })]))).toBe('reload');
    expect(s.getState().applyDelta(delta(10, 12, [agent('a', { name: 'Anna', state: 'break' })], { epoch: 'e2' }))).toBe('reload');
    // The gateway says who agents are changed (a manual link, an applied sync): the list must be taken again.
    expect(s.getState().applyDelta(delta(10, 10, [], { reload: true }))).toBe('reload');
    expect(s.getState().agents.get('a')!.state).toBe('available');
    expect(s.getState().version).toBe(10);
  });

  it('removes agents MCE no longer reports, remembers them for frozen rows, and adds new ones in name order', () => {
    const s = ready();
    s.getState().applyDelta(delta(10, 11, [agent('d', { name: 'Bella' }), agent('e', { name: 'Zoe', site: 'Omsk', groups: ['Night'] })], { removed: ['c', 'nobody'] }));
    const st = s.getState();
    expect(names(s)).toEqual(['Anna', 'Bella', 'Boris', 'Zoe']);
    expect(st.agents.has('c')).toBe(false);
    expect(st.gone.get('c')!.name).toBe('Clara');
    expect(st.sites.get('Omsk')).toBe(1);
    expect(st.groups.get('Night')).toBe(1);
    s.getState().applyDelta(delta(11, 12, [], { removed: ['e'] }));
    expect(s.getState().sites.has('Omsk')).toBe(false);
    expect(s.getState().groups.has('Night')).toBe(false);
  });

  it('moves a renamed agent to its new place', () => {
    const s = ready();
    s.getState().applyDelta(delta(10, 11, [agent('a', { name: 'Zlata' })]));
    expect(names(s)).toEqual(['Boris', 'Clara', 'Zlata']);
  });

  it('applies a delta of 1 250 agents on 20 000 by merging, the same order a full sort gives', () => {
    const s = createAgentStore();
    const all = Array.from({ length: 20_000 }, (_, i) => agent(`id${i}`, { name: `Agent ${String((i * 7919) % 20_000).padStart(5, '0')}`, login: `l${i}` }));
    s.getState().applyList(list(all));
    const changed = Array.from({ length: 1250 }, (_, i) => {
      const n = i * 16;
      // every fifth is renamed, the rest change state; 50 new agents come in, 50 leave
      return i % 5 === 0 ? agent(`id${n}`, { name: `Renamed ${n}`, login: `l${n}` }) : agent(`id${n}`, { name: all[n]!.name, login: `l${n}`, state: 'talking' });
    });
    const fresh = Array.from({ length: 50 }, (_, i) => agent(`new${i}`, { name: `Agent ${String(i * 3).padStart(5, '0')}x` }));
    const removed = Array.from({ length: 50 }, (_, i) => `id${i * 16 + 1}`);
    expect(s.getState().applyDelta(delta(10, 11, [...changed, ...fresh], { removed }))).toBe('applied');
    const st = s.getState();
    const expected = [...st.agents.values()].map((a) => [sortKey(a), a.agentId] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1)).map((x) => x[1]);
    expect(st.order).toEqual(expected);
    expect(st.order.length).toBe(20_000);
    expect(st.states.get('talking')).toBe(1000);
  });
});

describe('mergeInto', () => {
  it('merges sorted insertions into an ordered list without the moved ids', () => {
    const key = (id: string) => id;
    expect(mergeInto(['b', 'd', 'f'], new Set(['d']), ['e', 'a', 'g'], key)).toEqual(['a', 'b', 'e', 'f', 'g']);
  });
});
