// A hash router: the console is one page served from a file or the headless host,
// so #/plans/12 works everywhere without server rewrites.
import { useSyncExternalStore } from 'react';

export type Section = 'health' | 'agents' | 'queue' | 'plans' | 'schedules' | 'timesheets' | 'audit' | 'settings';
export const sections: Section[] = ['health', 'agents', 'queue', 'plans', 'schedules', 'timesheets', 'audit', 'settings'];

/** Tabs of the Agents screen: the live table (#/agents) and the identity report (#/agents/identity). */
export type AgentsTab = 'live' | 'identity';
/** Tabs of the Schedules screen: the month grid (#/schedules/2026-12), uploads (…/upload), imports (…/imports). */
export type SchedulesTab = 'grid' | 'upload' | 'imports';
/** Tabs of the Timesheets screen: the T-13 grid (#/timesheets/2026-12) and the norms (…/norms). */
export type TimesheetsTab = 'grid' | 'norms';

/**
 * A month screen's route: the month is part of the URL (#/schedules/2026-12) so a link can be
 * shared; null when the URL names none (the screen shows the current month).
 */
type MonthRoute<S, T> = { section: S; planId?: undefined; month: string | null; tab: T };

export type Route =
  | { section: Exclude<Section, 'schedules' | 'timesheets'>; planId?: undefined; tab?: undefined; month?: undefined }
  | { section: 'plans'; planId: number; tab?: undefined; month?: undefined }
  | { section: 'agents'; planId?: undefined; tab: AgentsTab; month?: undefined }
  | MonthRoute<'schedules', SchedulesTab>
  | MonthRoute<'timesheets', TimesheetsTab>
  | { section: 'notFound'; planId?: undefined; tab?: undefined; month?: undefined };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** "#/schedules", "#/schedules/2026-12", "#/schedules/2026-12/upload": month and tab, or null when malformed. */
function monthRoute<T extends string>(parts: string[], tabs: readonly T[], first: T): { month: string | null; tab: T } | null {
  const [a, b, ...rest] = parts;
  if (rest.length > 0) return null;
  if (a === undefined) return { month: null, tab: first };
  if (!MONTH.test(a)) return null;
  if (b === undefined) return { month: a, tab: first };
  return (tabs as readonly string[]).includes(b) && b !== first ? { month: a, tab: b as T } : null;
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').split('?')[0] ?? '';
  const [head = '', id, ...rest] = path.split('/').filter(Boolean);
  if (head === '') return { section: 'health' };
  if (!(sections as string[]).includes(head)) return { section: 'notFound' };
  if (head === 'agents') {
    if (id === undefined) return { section: 'agents', tab: 'live' };
    return id === 'identity' && rest.length === 0 ? { section: 'agents', tab: 'identity' } : { section: 'notFound' };
  }
  if (head === 'schedules' || head === 'timesheets') {
    const parts = [id, ...rest].filter((x): x is string => x !== undefined);
    if (head === 'schedules') {
      const r = monthRoute<SchedulesTab>(parts, ['grid', 'upload', 'imports'], 'grid');
      return r ? { section: 'schedules', planId: undefined, ...r } : { section: 'notFound' };
    }
    const r = monthRoute<TimesheetsTab>(parts, ['grid', 'norms'], 'grid');
    return r ? { section: 'timesheets', planId: undefined, ...r } : { section: 'notFound' };
  }
  if (head === 'plans' && id !== undefined) {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0 || rest.length > 0) return { section: 'notFound' };
    return { section: 'plans', planId: n };
  }
  if (id !== undefined) return { section: 'notFound' };
  return { section: head as Exclude<Section, 'schedules' | 'timesheets'> };
}

export function hrefFor(route: { section: Section; planId?: number; tab?: AgentsTab | SchedulesTab | TimesheetsTab; month?: string | null }): string {
  if (route.planId !== undefined) return `#/${route.section}/${route.planId}`;
  if (route.section === 'agents' && route.tab === 'identity') return '#/agents/identity';
  if ((route.section === 'schedules' || route.section === 'timesheets') && route.month) {
    return route.tab && route.tab !== 'grid' ? `#/${route.section}/${route.month}/${route.tab}` : `#/${route.section}/${route.month}`;
  }
  return `#/${route.section}`;
}

/** A parameter of the hash's query part ("#/agents/identity?search=ivanova"), or null. */
export function hashParam(hash: string, name: string): string | null {
  const q = hash.indexOf('?');
  return q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get(name);
}

export function navigate(href: string): void {
  if (globalThis.location.hash !== href) globalThis.location.hash = href;
}

function subscribe(fn: () => void): () => void {
  globalThis.addEventListener('hashchange', fn);
  return () => globalThis.removeEventListener('hashchange', fn);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => globalThis.location.hash, () => '');
}

export function useRoute(): Route {
  return parseHash(useHash());
}
