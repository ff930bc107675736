/**
 * The truth the simulator streams: every agent's current state and the global
 * `seq`. Each step moves one agent (drawn with the seeded PRNG) along an edge
 * of the state machine and counts one status event; which agents change, and
 * how, depends on the seed only, while `since` is the wall clock.
 */
import type { MceRoster } from './agents.ts';
import { liveAgent, type LiveAgent } from './frames.ts';
import { mix, mulberry32, type Rng } from '../onec/prng.ts';
import { drawAgent, initialState, nextState } from './states.ts';

export class StatusWorld {
  readonly agents: LiveAgent[];
  readonly byId: Map<string, LiveAgent>;
  /** The seq of the last status event (sent or dropped). */
  seq = 0;
  private readonly rng: Rng;
  private isoMs = Number.NaN;
  private iso = '';

  constructor(roster: MceRoster, nowMs: number) {
    const init = mulberry32(mix(roster.seed, 0x57a7e));
    this.agents = roster.agents.map((p) => {
      const s = initialState(init, nowMs);
      return liveAgent(p, s.state, s.reason, s.sinceMs);
    });
    this.byId = new Map(this.agents.map((a) => [a.profile.agentId, a]));
    this.rng = mulberry32(mix(roster.seed, 0xe7e));
  }

  /** One status event at wall-clock `nowMs`; `since` stays strictly increasing per agent. */
  step(nowMs: number): LiveAgent {
    const a = this.agents[drawAgent(this.rng, this.agents)]!;
    const t = nextState(this.rng, a.state);
    const since = nowMs > a.sinceMs ? nowMs : a.sinceMs + 1;
    a.state = t.state;
    a.reason = t.reason;
    a.sinceMs = since;
    a.sinceIso = this.isoOf(since);
    a.json = null;
    this.seq++;
    return a;
  }

  /** Most events of a tick share one millisecond: format it once. */
  private isoOf(ms: number): string {
    if (ms !== this.isoMs) {
      this.isoMs = ms;
      this.iso = new Date(ms).toISOString();
    }
    return this.iso;
  }
}
