// Renders a piece of the console as the app does (theme, i18n, contract client) inside jsdom.
// jsdom lacks layout: the polyfills below give the virtualizer a viewport to fill.
import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { notifications } from '@mantine/notifications';
import { afterEach } from 'vitest';
import { Providers } from '../app/Providers.tsx';
import { usePrefs } from '../app/prefs.ts';
import { createFakeClient, type FakeClient, type FakeDesktopHandlers, type FakeHandlers } from '../client/fake-client.ts';
import { createI18n, type Language } from '../i18n/index.ts';

const viewport = { width: 1200, height: 400 };

if (typeof window !== 'undefined') {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }) as unknown as MediaQueryList;
  }
  if (!('fonts' in document)) {
    // Mantine's autosize textarea listens for web fonts loading.
    Object.defineProperty(document, 'fonts', { configurable: true, value: { addEventListener() {}, removeEventListener() {}, ready: Promise.resolve() } });
  }
  if (!('ResizeObserver' in window)) {
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => viewport.height });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => viewport.width });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => viewport.height });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => viewport.width });
  // Content height from the first child's inline height (the virtualizer sets it), else the viewport.
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      const h = parseFloat((this.firstElementChild as HTMLElement | null)?.style?.height ?? '');
      return Number.isFinite(h) ? h : viewport.height;
    },
  });
  // jsdom keeps no scroll offsets; remember them so the virtualizer sees where it scrolled to.
  const scrollTops = new WeakMap<Element, number>();
  Object.defineProperty(Element.prototype, 'scrollTop', {
    configurable: true,
    get(this: Element) {
      return scrollTops.get(this) ?? 0;
    },
    set(this: Element, v: number) {
      scrollTops.set(this, v);
    },
  });
  // And the horizontal offset, for grids virtualized across (the month grids).
  const scrollLefts = new WeakMap<Element, number>();
  Object.defineProperty(Element.prototype, 'scrollLeft', {
    configurable: true,
    get(this: Element) {
      return scrollLefts.get(this) ?? 0;
    },
    set(this: Element, v: number) {
      scrollLefts.set(this, v);
    },
  });
  Element.prototype.scrollTo = function scrollTo(this: Element, a?: ScrollToOptions | number, b?: number) {
    const top = typeof a === 'object' ? a.top : b;
    const left = typeof a === 'object' ? a.left : typeof a === 'number' ? a : undefined;
    if (typeof top === 'number') this.scrollTop = top;
    if (typeof left === 'number') this.scrollLeft = left;
    if (typeof top === 'number' || typeof left === 'number') this.dispatchEvent(new Event('scroll'));
  } as Element['scrollTo'];
  Element.prototype.scrollIntoView = function scrollIntoView() {};
}

afterEach(() => {
  cleanup();
  // Mantine keeps notifications in a module-level store: do not let one test see another's.
  notifications.clean();
  window.location.hash = '';
});

export interface Rendered extends RenderResult {
  client: FakeClient;
  queryClient: QueryClient;
}

/** `desktop`: the desktop app's main process answers these (the client then carries IPC, as in the desktop app). */
export function renderConsole(ui: ReactNode, opts: { handlers?: FakeHandlers; desktop?: FakeDesktopHandlers; language?: Language; zone?: string } = {}): Rendered {
  const client = createFakeClient(opts.handlers ?? {}, opts.desktop ? 'ipc' : 'websocket', opts.desktop);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const language = opts.language ?? 'en';
  usePrefs.setState({ language, zone: opts.zone ?? 'Europe/Moscow', zoneChosen: true });
  const i18n = createI18n(language);
  const r = render(
    <Providers client={client} queryClient={queryClient} i18n={i18n}>
      {ui}
    </Providers>,
  );
  return { ...r, client, queryClient };
}
