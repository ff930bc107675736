/**
 * The live map of agents: replaced by a snapshot, moved by status frames.
 * Every change bumps `version` and is told to the observers (the disk writer,
 * the console's delta feed) as it happens; an observer keeps only what it
 * needs (the latest state per agent, the facts for the history).
 */
import { randomBytes } from 'node:crypto';
import type { MceAgent, StatusFrame } from './frames.ts';

export interface LiveAgent extends MceAgent {
  /** The login folded for matching (1C's Login is compared case-insensitively). */
  loginKey: string;
  /** seq of the frame that last set this agent; null when loaded from disk. */
  seq: number | null;
}

/** One state an agent entered: a row of the history. */
export interface StateFact {
  agentId: string;
  state: string;
  reason: string | null;
  since: number;
  seq: number | null;
}

export interface AgentObserver {
  /** `attrs`: more than the state moved (login, name, site, groups), or the agent is new. */
  changed(agent: LiveAgent, fact: StateFact | null, attrs: boolean): void;
  removed(agentId: string): void;
}

export function loginKey(login: string): string {
  return login.trim().toLowerCase();
}

export class LiveAgents {
  /** Identifies this process's series of versions: the console reloads when it changes. */
  readonly epoch = randomBytes(6).toString('hex');
  private readonly map = new Map<string, LiveAgent>();
  private readonly observers: AgentObserver[] = [];
  private v = 0;

  observe(o: AgentObserver): void {
    this.observers.push(o);
  }

  get version(): number {
    return this.v;
  }

  get size(): number {
    return this.map.size;
  }

  get(agentId: string): LiveAgent | undefined {
    return this.map.get(agentId);
  }

  values(): IterableIterator<LiveAgent> {
    return this.map.values();
  }

  /** The last known state from disk, before MCE says anything (no observer is told: it is on disk already). */
  load(agents: Iterable<LiveAgent>): void {
    this.map.clear();
    for (const a of agents) this.map.set(a.agentId, a);
    this.v++;
  }

  /**
   * Replaces the state; returns how many agents changed and were removed.
   * Agents in `keep` (their record in this snapshot broke the contract) keep
   * their last known state instead of disappearing.
   */
  applySnapshot(agents: readonly MceAgent[], seq: number, keep?: ReadonlySet<string>): { changed: number; removed: number } {
    const seen = new Set<string>();
    let changed = 0;
    for (const a of agents) {
      seen.add(a.agentId);
      const prev = this.map.get(a.agentId);
      if (prev && same(prev, a)) continue;
      const next: LiveAgent = { ...a, loginKey: loginKey(a.login), seq };
      this.map.set(a.agentId, next);
      const entered = !prev || prev.state !== a.state || prev.since !== a.since;
      this.notifyChanged(next, entered ? { agentId: a.agentId, state: a.state, reason: a.reason, since: a.since, seq } : null, !prev || !sameAttrs(prev, a));
      changed++;
    }
    let removed = 0;
    for (const id of [...this.map.keys()]) {
      if (seen.has(id) || keep?.has(id)) continue;
      this.map.delete(id);
      removed++;
      this.v++;
      for (const o of this.observers) o.removed(id);
    }
    return { changed, removed };
  }

  /**
   * Applies a status frame; false when the agent is unknown (the caller asks
   * for a snapshot). The agent is updated in place: observers hold it to write
   * or send its latest state, and thousands of frames a second need no copies.
   */
  applyStatus(f: StatusFrame): boolean {
    const a = this.map.get(f.agentId);
    if (!a) return false;
    if (a.state === f.state && a.reason === f.reason && a.since === f.since) return true;
    const entered = a.state !== f.state || a.since !== f.since;
    a.state = f.state;
    a.reason = f.reason;
    a.since = f.since;
    a.seq = f.seq;
    this.notifyChanged(a, entered ? { agentId: f.agentId, state: f.state, reason: f.reason, since: f.since, seq: f.seq } : null, false);
    return true;
  }

  private notifyChanged(a: LiveAgent, fact: StateFact | null, attrs: boolean): void {
    this.v++;
    for (const o of this.observers) o.changed(a, fact, attrs);
  }
}

function same(a: LiveAgent, b: MceAgent): boolean {
  return a.state === b.state && a.since === b.since && a.reason === b.reason && sameAttrs(a, b);
}

function sameAttrs(a: LiveAgent, b: MceAgent): boolean {
  return a.login === b.login && a.name === b.name && a.site === b.site && a.groups.length === b.groups.length && a.groups.every((g, i) => g === b.groups[i]);
}
