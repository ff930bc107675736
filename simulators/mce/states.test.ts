import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../onec/prng.ts';
import { generateMceRoster } from './agents.ts';
import { drawAgent, initialState, nextState, type AgentState } from './states.ts';
import { StatusWorld } from './world.ts';

/** The edges PROTOCOLS.md's states allow, written out independently of states.ts. */
const ALLOWED = new Set([
  'offline>available',
  'available>ringing',
  'available>break',
  'available>training',
  'available>meeting',
  'available>offline',
  'ringing>talking',
  'ringing>available',
  'talking>hold',
  'talking>wrap_up',
  'hold>talking',
  'wrap_up>available',
  'break>available',
  'training>available',
  'meeting>available',
]);
const REASONS = new Set(['lunch', 'rest', 'technical', 'personal']);

function shares(states: Iterable<{ state: string }>): Record<string, number> {
  const n: Record<string, number> = {};
  let total = 0;
  for (const s of states) {
    n[s.state] = (n[s.state] ?? 0) + 1;
    total++;
  }
  for (const k of Object.keys(n)) n[k] = n[k]! / total;
  return n;
}

describe('agent state machine', () => {
  it('moves only along allowed edges, with a reason exactly on breaks', () => {
    const rng = mulberry32(9);
    const seen = new Set<string>();
    for (const from of ['offline', 'available', 'ringing', 'talking', 'hold', 'wrap_up', 'break', 'training', 'meeting'] as AgentState[]) {
      for (let i = 0; i < 500; i++) {
        const t = nextState(rng, from);
        expect(ALLOWED.has(`${from}>${t.state}`), `${from} → ${t.state}`).toBe(true);
        if (t.state === 'break') expect(REASONS.has(t.reason!)).toBe(true);
        else expect(t.reason).toBeNull();
        seen.add(`${from}>${t.state}`);
      }
    }
    expect(seen).toEqual(ALLOWED);
  });

  it('starts mostly at work, some on a break, about a tenth offline, each entered in the past', () => {
    const rng = mulberry32(3);
    const now = Date.parse('2026-03-10T10:00:00Z');
    const init = Array.from({ length: 4000 }, () => initialState(rng, now));
    const s = shares(init);
    expect(s.offline).toBeGreaterThan(0.07);
    expect(s.offline).toBeLessThan(0.13);
    expect((s.available ?? 0) + (s.talking ?? 0) + (s.wrap_up ?? 0)).toBeGreaterThan(0.6);
    expect(s.break).toBeGreaterThan(0.04);
    for (const i of init) expect(i.sinceMs).toBeLessThan(now);
  });

  it('keeps a realistic floor while it runs: long states are drawn less often, so offline stays near a tenth', () => {
    const world = new StatusWorld(generateMceRoster(2, 1000, 1000, '2026-03-10'), Date.now());
    for (let i = 0; i < 200_000; i++) world.step(Date.now());
    const s = shares(world.agents);
    expect(s.offline).toBeGreaterThan(0.05);
    expect(s.offline).toBeLessThan(0.16);
    expect(s.talking).toBeGreaterThan(s.ringing! * 3);
    expect(s.break).toBeGreaterThan(0.04);
  });

  it('draws every agent now and then', () => {
    const rng = mulberry32(1);
    const states = Array.from({ length: 20 }, (_, i) => ({ state: (i % 2 ? 'offline' : 'ringing') as AgentState }));
    const drawn = new Set<number>();
    for (let i = 0; i < 5000; i++) drawn.add(drawAgent(rng, states));
    expect(drawn.size).toBe(20);
  });
});

describe('status world', () => {
  it('counts seq by one per step and keeps since strictly increasing per agent, even within one millisecond', () => {
    const world = new StatusWorld(generateMceRoster(1, 10, 10, '2026-03-10'), Date.now());
    const last = new Map(world.agents.map((a) => [a.profile.agentId, a.sinceMs]));
    const now = Date.now();
    for (let i = 1; i <= 300; i++) {
      const a = world.step(now);
      expect(world.seq).toBe(i);
      expect(a.sinceMs).toBeGreaterThan(last.get(a.profile.agentId)!);
      expect(a.sinceIso).toBe(new Date(a.sinceMs).toISOString());
      last.set(a.profile.agentId, a.sinceMs);
    }
  });

  it('makes the same changes for the same seed', () => {
    const roster = generateMceRoster(6, 50, 50, '2026-03-10');
    const run = () => {
      const w = new StatusWorld(roster, 1_000_000);
      return Array.from({ length: 200 }, (_, i) => {
        const a = w.step(2_000_000 + i);
        return `${a.profile.agentId}:${a.state}:${a.reason}`;
      });
    };
    expect(run()).toEqual(run());
  });
});
