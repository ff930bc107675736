import { describe, expect, it } from 'vitest';
import { createAgentStore } from './agentStore.ts';
import { agent, delta, employee, list } from './fixtures.ts';
import { emptyFilter, frozenDrift, matcher, orderedStates, RowModel, type AgentFilter } from './rows.ts';

function store() {
  const s = createAgentStore();
  s.getState().applyList(
    list([
      agent('1', { name: 'Анна', login: 'anna', state: 'talking', site: 'Moscow', groups: ['Sales'] }),
      agent('2', { name: 'Борис', login: 'boris', state: 'break', reason: 'lunch', site: 'Kazan', groups: ['Support', 'VIP'], employee: { ...employee('E2', { name: 'Борисов Борис' }), tabN: '00042', link: 'login' } }),
      agent('3', { name: 'Вера', login: 'vera', state: 'available', site: 'Moscow', groups: ['Support'] }),
    ]),
  );
  return s;
}

const f = (over: Partial<AgentFilter>): AgentFilter => ({ ...emptyFilter, ...over });

describe('rows of the agents table', () => {
  it('narrows by states, site, group and search (name, login, tab number; case and ё folded)', () => {
    const s = store().getState();
    const rows = (filter: AgentFilter) => new RowModel().derive(s, filter);
    expect(rows(emptyFilter)).toEqual(['1', '2', '3']);
    expect(rows(f({ states: ['talking', 'available'] }))).toEqual(['1', '3']);
    expect(rows(f({ site: 'Moscow' }))).toEqual(['1', '3']);
    expect(rows(f({ group: 'Support' }))).toEqual(['2', '3']);
    expect(rows(f({ search: 'BORIS' }))).toEqual(['2']);
    expect(rows(f({ search: '00042' }))).toEqual(['2']);
    expect(rows(f({ search: 'вера ' }))).toEqual(['3']);
    expect(rows(f({ search: 'борисов' }))).toEqual(['2']);
    expect(matcher(f({ search: 'Пётр' }))(agent('x', { name: 'ПЕТР' }))).toBe(true);
  });

  it('recomputes only when what the filter reads can have changed, and keeps the array when membership did not', () => {
    const st = store();
    const model = new RowModel();
    const bySite = f({ site: 'Moscow' });
    const first = model.derive(st.getState(), bySite);
    expect(model.passes).toBe(1);
    // A state change cannot change a site filter's rows: no pass.
    st.getState().applyDelta(delta(10, 11, [agent('1', { name: 'Анна', login: 'anna', state: 'hold', site: 'Moscow', groups: ['Sales'] })]));
    expect(model.derive(st.getState(), bySite)).toBe(first);
    expect(model.passes).toBe(1);
    // Under a state filter it can: a pass, and a new array only because membership changed.
    const byState = f({ states: ['hold'] });
    expect(model.derive(st.getState(), byState)).toEqual(['1']);
    st.getState().applyDelta(delta(11, 12, [agent('3', { name: 'Вера', login: 'vera', state: 'available', site: 'Moscow', groups: ['Support'], since: '2026-03-02T10:05:00.000Z' })]));
    const before = model.derive(st.getState(), byState);
    const passes = model.passes;
    st.getState().applyDelta(delta(12, 13, [agent('3', { name: 'Вера', login: 'vera', state: 'talking', site: 'Moscow', groups: ['Support'] })]));
    expect(model.derive(st.getState(), byState)).toBe(before);
    expect(model.passes).toBe(passes + 1);
  });

  it('counts agents that entered and left a frozen set', () => {
    expect(frozenDrift(['a', 'b', 'c'], ['b', 'c', 'd', 'e'])).toEqual({ entered: 2, left: 1 });
    const same = ['a'];
    expect(frozenDrift(same, same)).toEqual({ entered: 0, left: 0 });
  });

  it('orders known states first and unknown ones by name after them', () => {
    expect(orderedStates(['zeta', 'available', 'alpha']).slice(-2)).toEqual(['alpha', 'zeta']);
    expect(orderedStates([])[0]).toBe('available');
  });
});
