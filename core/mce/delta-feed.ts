/**
 * 'agents.changed' for the console: every agent changed since the last
 * delta, as it is now, with the version range it covers, coalesced so that
 * 5 000 events a second reach each console a few times a second at most.
 * The first change after a quiet spell goes out at once; changes during the
 * window after it go out together at its end. Nothing is collected while no
 * console listens: a console that subscribes reads `agents.list` first, and
 * deltas count from the version it got.
 */
import type { AgentsChanged, AgentStateChange, AgentView, MceMode } from '../contract/index.ts';
import type { AgentObserver, LiveAgent, LiveAgents } from './live-state.ts';

export const AGENTS_CHANGED = 'agents.changed';

/**
 * 260 ms: a little over the console's 250 ms between two renders, so that
 * each delta finds the screen ready to render it at once. At exactly 250 ms
 * the two clocks drift against each other and a delta waits up to another
 * 250 ms on the screen (p50 event → row ~250 ms instead of ~140 ms).
 */
export const DELTA_WINDOW_MS = 260;

export interface DeltaFeedDeps {
  live: LiveAgents;
  view(a: LiveAgent): AgentView;
  mode(): { mode: MceMode; lastEventAt: number | null };
  /** Minimum time between two deltas; default DELTA_WINDOW_MS. */
  windowMs?: number;
}

export class AgentDeltaFeed implements AgentObserver {
  private readonly deps: DeltaFeedDeps;
  private readonly listeners = new Set<(payload: unknown) => void>();
  /** Agents to send whole (new, or more than their state moved). */
  private changedIds = new Set<string>();
  /** Agents of which only the state moved. */
  private stateIds = new Set<string>();
  private removedIds = new Set<string>();
  private from: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastEmit = -Infinity;
  private reloadPending = false;

  constructor(deps: DeltaFeedDeps) {
    this.deps = deps;
    this.from = deps.live.version;
  }

  on(name: string, fn: (payload: unknown) => void): () => void {
    if (name !== AGENTS_CHANGED) return () => undefined;
    if (this.listeners.size === 0) {
      // Nothing was collected while nobody listened: count from now.
      this.from = this.deps.live.version;
      this.changedIds.clear();
      this.stateIds.clear();
      this.removedIds.clear();
    }
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size > 0) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  changed(agent: LiveAgent, _fact: unknown, attrs: boolean): void {
    if (this.listeners.size === 0) return;
    const id = agent.agentId;
    if (attrs || this.changedIds.has(id) || this.removedIds.delete(id)) {
      this.changedIds.add(id);
      this.stateIds.delete(id);
    } else this.stateIds.add(id);
    this.schedule();
  }

  removed(agentId: string): void {
    if (this.listeners.size === 0) return;
    this.changedIds.delete(agentId);
    this.stateIds.delete(agentId);
    this.removedIds.add(agentId);
    this.schedule();
  }

  /** The mode moved: send a delta at once, even without agents. */
  nudge(): void {
    if (this.listeners.size === 0) return;
    this.schedule(true);
  }

  /** What agents resolve to changed (a link, a directory apply): consoles reload the list. */
  reload(): void {
    if (this.listeners.size === 0) return;
    this.reloadPending = true;
    this.schedule(true);
  }

  private schedule(force = false): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastEmit + (this.deps.windowMs ?? DELTA_WINDOW_MS) - Date.now());
    if (wait === 0) {
      this.flush(force);
      return;
    }
    this.timer = setTimeout(() => this.flush(true), wait);
    this.timer.unref?.();
  }

  private flush(force: boolean): void {
    this.timer = null;
    if (!force && this.changedIds.size === 0 && this.stateIds.size === 0 && this.removedIds.size === 0) return;
    const agents: AgentView[] = [];
    for (const id of this.changedIds) {
      const a = this.deps.live.get(id);
      if (a) agents.push(this.deps.view(a));
    }
    const states: AgentStateChange[] = [];
    for (const id of this.stateIds) {
      const a = this.deps.live.get(id);
      if (a) states.push({ agentId: a.agentId, state: a.state, reason: a.reason, since: new Date(a.since).toISOString() });
    }
    const { mode, lastEventAt } = this.deps.mode();
    const payload: AgentsChanged = {
      epoch: this.deps.live.epoch,
      from: this.from,
      to: this.deps.live.version,
      mode,
      lastEventAt: lastEventAt === null ? null : new Date(lastEventAt).toISOString(),
      agents,
      states,
      removed: [...this.removedIds],
      ...(this.reloadPending ? { reload: true } : {}),
    };
    this.reloadPending = false;
    this.from = this.deps.live.version;
    this.changedIds = new Set();
    this.stateIds = new Set();
    this.removedIds = new Set();
    this.lastEmit = Date.now();
    for (const fn of [...this.listeners]) fn(payload);
  }
}
