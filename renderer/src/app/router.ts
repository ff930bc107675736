// A hash router: the console is one page served from a file or the headless host,
// so #/plans/12 works everywhere without server rewrites.
import { useSyncExternalStore } from 'react';

export type Section = 'health' | 'agents' | 'queue' | 'plans' | 'audit' | 'settings';
export const sections: Section[] = ['health', 'agents', 'queue', 'plans', 'audit', 'settings'];

/** Tabs of the Agents screen: the live table (#/agents) and the identity report (#/agents/identity). */
export type AgentsTab = 'live' | 'identity';

export type Route =
  | { section: Section; planId?: undefined; tab?: undefined }
  | { section: 'plans'; planId: number; tab?: undefined }
  | { section: 'agents'; planId?: undefined; tab: AgentsTab }
  | { section: 'notFound'; planId?: undefined; tab?: undefined };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').split('?')[0] ?? '';
  const [head = '', id, ...rest] = path.split('/').filter(Boolean);
  if (head === '') return { section: 'health' };
  if (!(sections as string[]).includes(head)) return { section: 'notFound' };
  if (head === 'agents') {
    if (id === undefined) return { section: 'agents', tab: 'live' };
    return id === 'identity' && rest.length === 0 ? { section: 'agents', tab: 'identity' } : { section: 'notFound' };
  }
  if (head === 'plans' && id !== undefined) {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0 || rest.length > 0) return { section: 'notFound' };
    return { section: 'plans', planId: n };
  }
  if (id !== undefined) return { section: 'notFound' };
  return { section: head as Section };
}

export function hrefFor(route: { section: Section; planId?: number; tab?: AgentsTab }): string {
  if (route.planId !== undefined) return `#/${route.section}/${route.planId}`;
  if (route.section === 'agents' && route.tab === 'identity') return '#/agents/identity';
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
