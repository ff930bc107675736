// The live agent stream (ARCHITECTURE: zustand for live streams). The agents sit in a Map that
// deltas update in place (`rev` says when), with tallies per state, site and group kept as they
// apply and the name order kept by merging the few agents that moved: after the first list,
// applying a delta of 1 250 agents never re-sorts 20 000.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AgentsChanged, AgentsList, AgentView, MceMode } from '../../../../core/contract/index.ts';

/** What the feed does with a delta: applied, already covered by the list, or something was missed. */
export type DeltaOutcome = 'applied' | 'stale' | 'reload';

/** Removed agents remembered for rows frozen under the pointer; the oldest go first. */
const GONE_LIMIT = 5000;
/** Smaller clock differences are the request's own latency, not a skewed clock. */
const SKEW_THRESHOLD_MS = 1000;

export interface AgentStreamState {
  /** 'loading' until the first list, 'error' when it failed; a failed reload keeps 'ready' and sets `error`. */
  phase: 'loading' | 'ready' | 'error';
  error: unknown;
  /** A reload is on its way (the rows shown are still the previous ones). */
  reloading: boolean;
  epoch: string | null;
  version: number;
  mode: MceMode | null;
  lastEventAt: string | null;
  /** The gateway's clock minus ours, when they differ by a second or more: time in state follows the gateway. */
  clockOffsetMs: number;
  /** Every agent by id; updated in place. */
  agents: Map<string, AgentView>;
  /** Every agent id by name, then login (then id): replaced whenever membership or names change. */
  order: readonly string[];
  /** Agents per state, site and group (updated in place). */
  states: Map<string, number>;
  sites: Map<string, number>;
  groups: Map<string, number>;
  /** Agents removed since the list, for rows that stay on screen while the table is frozen. */
  gone: Map<string, AgentView>;
  /** Bumped by any change; the others say what kind of change, so views recompute only what it can affect. */
  rev: number;
  /** Membership or name order. */
  orderRev: number;
  /** Some agent's state. */
  stateRev: number;
  /** Some agent's site, groups or employee (what filters and search read besides name and login). */
  attrRev: number;
  /** A site or group appeared or disappeared. */
  facetRev: number;
}

export interface AgentStreamActions {
  loadStarted(): void;
  /** A list from `agents.list`; sentAt/receivedAt (epoch ms) bracket the call, for the clock offset. */
  applyList(list: AgentsList, sentAt?: number, receivedAt?: number): void;
  loadFailed(error: unknown): void;
  applyDelta(delta: AgentsChanged): DeltaOutcome;
}

export type AgentStore = StoreApi<AgentStreamState & AgentStreamActions>;

/** Sort key: name, then login, then id; lower case with ё as е, so plain comparison is alphabetical. */
export function sortKey(a: Pick<AgentView, 'name' | 'login' | 'agentId'>): string {
  return `${fold(a.name)}\u0001${fold(a.login)}\u0001${a.agentId}`;
}

export function fold(s: string): string {
  return s.toLowerCase().replaceAll('ё', 'е');
}

function tally(map: Map<string, number>, key: string, d: number): boolean {
  const n = (map.get(key) ?? 0) + d;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
  // A key appeared or disappeared: the facets (site and group lists) change.
  return n <= 0 || n === d;
}

/** Tallies an agent in (d = 1) or out (d = -1); true when a site or group appeared or disappeared. */
function count(s: Pick<AgentStreamState, 'states' | 'sites' | 'groups'>, a: AgentView, d: 1 | -1): boolean {
  tally(s.states, a.state, d);
  let facets = false;
  if (a.site !== null) facets = tally(s.sites, a.site, d) || facets;
  for (const g of new Set(a.groups)) facets = tally(s.groups, g, d) || facets;
  return facets;
}

function sameAttrs(a: AgentView, b: AgentView): boolean {
  if (a.site !== b.site || a.groups.length !== b.groups.length || a.groups.some((g, i) => g !== b.groups[i])) return false;
  const x = a.employee;
  const y = b.employee;
  if (x === null || y === null) return x === y;
  return x.externalId === y.externalId && x.tabN === y.tabN && x.name === y.name && x.active === y.active && x.link === y.link && x.departmentName === y.departmentName;
}

/** Merges ids sorted by key into an ordered list that lacks them: O(n + k), no re-sort. */
export function mergeInto(order: readonly string[], moved: ReadonlySet<string>, inserted: string[], keyOf: (id: string) => string): string[] {
  const ins = inserted.map((id) => [keyOf(id), id] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: string[] = [];
  let j = 0;
  for (const id of order) {
    if (moved.has(id)) continue;
    const k = keyOf(id);
    while (j < ins.length && ins[j]![0] < k) out.push(ins[j++]![1]);
    out.push(id);
  }
  while (j < ins.length) out.push(ins[j++]![1]);
  return out;
}

function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export function createAgentStore(): AgentStore {
  // Sort keys by id, kept beside the store: they change only with name or login.
  const keys = new Map<string, string>();
  const keyOf = (id: string) => keys.get(id) ?? '';

  return createStore<AgentStreamState & AgentStreamActions>()((set, get) => ({
    phase: 'loading',
    error: null,
    reloading: false,
    epoch: null,
    version: 0,
    mode: null,
    lastEventAt: null,
    clockOffsetMs: 0,
    agents: new Map(),
    order: [],
    states: new Map(),
    sites: new Map(),
    groups: new Map(),
    gone: new Map(),
    rev: 0,
    orderRev: 0,
    stateRev: 0,
    attrRev: 0,
    facetRev: 0,

    loadStarted() {
      set({ reloading: true });
    },

    loadFailed(error) {
      const s = get();
      set({ phase: s.epoch === null ? 'error' : 'ready', error, reloading: false, rev: s.rev + 1 });
    },

    applyList(list, sentAt, receivedAt) {
      const s = get();
      const agents = new Map<string, AgentView>();
      const tallies = { states: new Map<string, number>(), sites: new Map<string, number>(), groups: new Map<string, number>() };
      keys.clear();
      for (const a of list.agents) {
        const prev = agents.get(a.agentId);
        if (prev) count(tallies, prev, -1);
        agents.set(a.agentId, a);
        keys.set(a.agentId, sortKey(a));
        count(tallies, a, 1);
      }
      const order = [...agents.keys()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
      let clockOffsetMs = 0;
      const asOf = Date.parse(list.asOf);
      if (sentAt !== undefined && receivedAt !== undefined && Number.isFinite(asOf)) {
        const offset = asOf - (sentAt + receivedAt) / 2;
        if (Math.abs(offset) >= SKEW_THRESHOLD_MS) clockOffsetMs = Math.round(offset);
      }
      set({
        phase: 'ready',
        error: null,
        reloading: false,
        epoch: list.epoch,
        version: list.version,
        mode: list.mode,
        lastEventAt: list.lastEventAt,
        clockOffsetMs,
        agents,
        order,
        ...tallies,
        gone: new Map(),
        rev: s.rev + 1,
        orderRev: s.orderRev + 1,
        stateRev: s.stateRev + 1,
        attrRev: s.attrRev + 1,
        facetRev: s.facetRev + 1,
      });
    },

    applyDelta(d) {
      const s = get();
      // `reload`: who agents are changed (a manual link, an applied sync), which no delta carries.
      if (s.epoch === null || d.epoch !== s.epoch || d.from > s.version || d.reload) return 'reload';
      if (d.to < s.version) return 'stale';
      const status = { mode: d.mode, lastEventAt: laterOf(s.lastEventAt, d.lastEventAt) };
      // A delta up to our own version carries nothing new about agents, only the link's status.
      if (d.to === s.version) {
        if (status.mode !== s.mode || status.lastEventAt !== s.lastEventAt) set({ ...status, rev: s.rev + 1 });
        return 'stale';
      }

      let stateChanged = false;
      let attrChanged = false;
      let facetChanged = false;
      const moved = new Set<string>();
      const inserted = new Set<string>();
      for (const a of d.agents) {
        const prev = s.agents.get(a.agentId);
        s.agents.set(a.agentId, a);
        if (prev) facetChanged = count(s, prev, -1) || facetChanged;
        facetChanged = count(s, a, 1) || facetChanged;
        if (!prev) {
          s.gone.delete(a.agentId);
          keys.set(a.agentId, sortKey(a));
          inserted.add(a.agentId);
          continue;
        }
        if (prev.state !== a.state) stateChanged = true;
        if (!sameAttrs(prev, a)) attrChanged = true;
        if (prev.name !== a.name || prev.login !== a.login) {
          moved.add(a.agentId);
          keys.set(a.agentId, sortKey(a));
          inserted.add(a.agentId);
        }
      }
      // Agents of which only the state moved: the rest of each stays as it was.
      for (const c of d.states) {
        const prev = s.agents.get(c.agentId);
        // A state of an agent this screen never had means the list is behind.
        if (!prev) return 'reload';
        if (prev.state === c.state && prev.reason === c.reason && prev.since === c.since) continue;
        const a: AgentView = { ...prev, state: c.state, reason: c.reason, since: c.since };
        s.agents.set(c.agentId, a);
        if (prev.state !== c.state) {
          tally(s.states, prev.state, -1);
          tally(s.states, c.state, 1);
          stateChanged = true;
        }
      }
      for (const id of d.removed) {
        const prev = s.agents.get(id);
        if (!prev) continue;
        s.agents.delete(id);
        facetChanged = count(s, prev, -1) || facetChanged;
        keys.delete(id);
        moved.add(id);
        s.gone.set(id, prev);
        if (s.gone.size > GONE_LIMIT) s.gone.delete(s.gone.keys().next().value!);
      }
      const reorder = moved.size > 0 || inserted.size > 0;
      set({
        ...status,
        version: d.to,
        order: reorder ? mergeInto(s.order, moved, [...inserted].filter((id) => s.agents.has(id)), keyOf) : s.order,
        rev: s.rev + 1,
        orderRev: reorder ? s.orderRev + 1 : s.orderRev,
        stateRev: stateChanged || reorder ? s.stateRev + 1 : s.stateRev,
        attrRev: attrChanged || reorder ? s.attrRev + 1 : s.attrRev,
        facetRev: facetChanged ? s.facetRev + 1 : s.facetRev,
      });
      return 'applied';
    },
  }));
}
