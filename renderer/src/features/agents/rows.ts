// The rows the table shows: the store's name order narrowed by the filters. Recomputed only when
// what the filter reads can have changed (membership, names, states under a state filter, sites,
// groups or employees under those filters) — one pass, never a sort — and the previous array is
// kept when membership did not change, so the table does not re-key its rows.
import type { AgentView } from '../../../../core/contract/index.ts';
import { fold, type AgentStreamState } from './agentStore.ts';

export interface AgentFilter {
  states: readonly string[];
  site: string | null;
  group: string | null;
  search: string;
}

export const emptyFilter: AgentFilter = { states: [], site: null, group: null, search: '' };

export function hasAnyFilter(f: AgentFilter): boolean {
  return f.states.length > 0 || f.site !== null || f.group !== null || f.search.trim() !== '';
}

const haystacks = new WeakMap<AgentView, string>();

/** Name, login, employee's name and tab number, folded; cached per agent object (deltas replace objects). */
function haystack(a: AgentView): string {
  let h = haystacks.get(a);
  if (h === undefined) {
    h = fold(`${a.name}\n${a.login}\n${a.employee?.name ?? ''}\n${a.employee?.tabN ?? ''}`);
    haystacks.set(a, h);
  }
  return h;
}

export function matcher(f: AgentFilter): (a: AgentView) => boolean {
  const states = f.states.length > 0 ? new Set(f.states) : null;
  const terms = fold(f.search).split(/\s+/).filter(Boolean);
  return (a) =>
    (states === null || states.has(a.state)) &&
    (f.site === null || a.site === f.site) &&
    (f.group === null || a.groups.includes(f.group)) &&
    (terms.length === 0 || terms.every((t) => haystack(a).includes(t)));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type Revs = Pick<AgentStreamState, 'orderRev' | 'stateRev' | 'attrRev'>;

export class RowModel {
  private rows: readonly string[] = [];
  private filter: AgentFilter | null = null;
  private seen: Revs = { orderRev: -1, stateRev: -1, attrRev: -1 };
  /** How many times the rows were recomputed (for tests: a delta that cannot change them does not). */
  passes = 0;

  derive(s: AgentStreamState, f: AgentFilter): readonly string[] {
    const byAttrs = f.site !== null || f.group !== null || f.search.trim() !== '';
    const stale =
      f !== this.filter ||
      s.orderRev !== this.seen.orderRev ||
      (f.states.length > 0 && s.stateRev !== this.seen.stateRev) ||
      (byAttrs && s.attrRev !== this.seen.attrRev);
    this.filter = f;
    this.seen = { orderRev: s.orderRev, stateRev: s.stateRev, attrRev: s.attrRev };
    if (!stale) return this.rows;
    this.passes += 1;
    let next: readonly string[];
    if (!hasAnyFilter(f)) next = s.order;
    else {
      const ok = matcher(f);
      next = s.order.filter((id) => ok(s.agents.get(id)!));
    }
    if (!sameIds(next, this.rows)) this.rows = next;
    return this.rows;
  }
}

/** While rows are frozen: how many agents entered the filter and how many left it meanwhile. */
export function frozenDrift(frozen: readonly string[], live: readonly string[]): { entered: number; left: number } {
  if (frozen === live) return { entered: 0, left: 0 };
  const f = new Set(frozen);
  const l = new Set(live);
  let entered = 0;
  let left = 0;
  for (const id of live) if (!f.has(id)) entered++;
  for (const id of frozen) if (!l.has(id)) left++;
  return { entered, left };
}

/** The states shown first, in the order a supervisor reads them; others (unknown to us) follow by name. */
export const stateOrder = ['available', 'ringing', 'talking', 'hold', 'wrap_up', 'break', 'training', 'meeting', 'offline'];

export function orderedStates(present: Iterable<string>): string[] {
  const extra = [...present].filter((s) => !stateOrder.includes(s)).sort();
  return [...stateOrder, ...extra];
}

/** Sorted keys of a tally (sites, groups). */
export function facetList(tally: Map<string, number>): string[] {
  return [...tally.keys()].sort((a, b) => a.localeCompare(b));
}
