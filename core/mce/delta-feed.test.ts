/** Coalescing of agent changes for the console, with fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentsChanged } from '../contract/index.ts';
import { agentsChangedEvent } from '../contract/index.ts';
import { AgentDeltaFeed } from './delta-feed.ts';
import { parseAgents } from './frames.ts';
import { LiveAgents } from './live-state.ts';
import { agent } from './testing/fake-socket.ts';

let live: LiveAgents;
let feed: AgentDeltaFeed;
let got: AgentsChanged[];

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-06T10:00:00Z') });
  live = new LiveAgents();
  live.applySnapshot(parseAgents(Array.from({ length: 50 }, (_, i) => agent(`a${i}`))).agents, 1);
  feed = new AgentDeltaFeed({
    live,
    view: (a) => ({ agentId: a.agentId, login: a.login, name: a.name, state: a.state, reason: a.reason, since: new Date(a.since).toISOString(), site: a.site, groups: a.groups, employee: null }),
    mode: () => ({ mode: 'live', lastEventAt: Date.now() }),
  });
  live.observe(feed);
  got = [];
  feed.on('agents.changed', (p) => got.push(agentsChangedEvent.parse(p)));
});
afterEach(() => vi.useRealTimers());

const status = (id: string, state: string, seq: number) => live.applyStatus({ type: 'status', seq, agentId: id, state, reason: null, since: Date.now() + seq });

describe('AgentDeltaFeed', () => {
  it('sends the first change at once, then at most one delta per 260 ms with the latest state of each changed agent', async () => {
    const v0 = live.version;
    status('a1', 'ringing', 2);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ from: v0, to: v0 + 1, epoch: live.epoch, mode: 'live', removed: [] });
    // 1 000 changes within the next 260 ms: one delta at its end.
    for (let i = 0; i < 1000; i++) status(`a${i % 50}`, i % 2 ? 'talking' : 'hold', 3 + i);
    expect(got).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(260);
    expect(got).toHaveLength(2);
    expect(got[1]!.from).toBe(got[0]!.to);
    expect(got[1]!.to).toBe(live.version);
    // Only their state moved: each agent travels as its state alone.
    expect(got[1]!.agents).toHaveLength(0);
    expect(got[1]!.states).toHaveLength(50);
    expect(got[1]!.states.find((a) => a.agentId === 'a49')).toEqual({ agentId: 'a49', state: 'talking', reason: null, since: expect.any(String) });
    // Quiet after that: nothing more is sent.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(got).toHaveLength(2);
  });

  it('at 5 000 changes a second for 2 s sends no more than 4 deltas a second, and their ranges chain', async () => {
    for (let ms = 0; ms < 2000; ms += 10) {
      for (let i = 0; i < 50; i++) status(`a${i}`, `s${ms}`, ms * 100 + i);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(260);
    expect(got.length).toBeLessThanOrEqual(9);
    for (let i = 1; i < got.length; i++) expect(got[i]!.from).toBe(got[i - 1]!.to);
    expect(got.at(-1)!.to).toBe(live.version);
  });

  it('sends an agent whole when it is new or more than its state moved, once per delta', async () => {
    await vi.advanceTimersByTimeAsync(260);
    got.length = 0;
    live.applySnapshot(parseAgents([...Array.from({ length: 50 }, (_, i) => agent(`a${i}`)), agent('a1', 'talking', '2026-12-06T09:30:00Z', { name: 'Renamed' }), agent('new1')]).agents, 50);
    status('a1', 'hold', 51);
    status('a2', 'hold', 52);
    await vi.advanceTimersByTimeAsync(260);
    const all = { agents: got.flatMap((d) => d.agents.map((a) => a.agentId)), states: got.flatMap((d) => d.states.map((a) => a.agentId)) };
    // a1 went whole with the snapshot's leading-edge delta; its later status, like a2's, as a state.
    expect(all.agents.sort()).toEqual(['a1', 'new1']);
    expect(all.states.sort()).toEqual(['a1', 'a2']);
    expect(got[0]!.agents).toEqual([expect.objectContaining({ agentId: 'a1', name: 'Renamed', state: 'talking' })]);
    expect(got.at(-1)!.states.find((a) => a.agentId === 'a1')?.state).toBe('hold');
  });

  it('names agents a snapshot removed, and asks consoles to reload when identities changed', async () => {
    live.applySnapshot(parseAgents([agent('a1')]).agents, 100);
    await vi.advanceTimersByTimeAsync(260);
    const removed = got.flatMap((d) => d.removed);
    expect(removed).toHaveLength(49);
    expect(removed).not.toContain('a1');
    feed.reload();
    await vi.advanceTimersByTimeAsync(260);
    expect(got.at(-1)).toMatchObject({ reload: true, agents: [], states: [] });
  });

  it('collects nothing while no console listens, and counts from the version at subscription', async () => {
    const quiet = new AgentDeltaFeed({ live, view: () => { throw new Error('not called'); }, mode: () => ({ mode: 'offline', lastEventAt: null }) });
    live.observe(quiet);
    for (let i = 0; i < 10; i++) status('a2', `x${i}`, 500 + i);
    const mine: AgentsChanged[] = [];
    const v = live.version;
    quiet.on('agents.changed', (p) => mine.push(p as AgentsChanged));
    quiet.nudge();
    expect(mine).toEqual([expect.objectContaining({ from: v, to: v, agents: [], mode: 'offline' })]);
  });
});
