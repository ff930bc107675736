/**
 * Picks the transport at start: the Electron preload's `window.gateway` when it
 * exists, else the WebSocket of the headless host (token from `?token=` in the
 * URL, kept in sessionStorage so a reload works, and removed from the address bar).
 */
import { WS_PATH, type GatewayBridge } from '../../../core/contract/index.ts';
import { createIpcClient } from './ipc.ts';
import type { ConsoleClient } from './types.ts';
import { createWsClient } from './ws.ts';

declare global {
  interface Window {
    gateway?: GatewayBridge;
  }
}

const TOKEN_KEY = 'argus.console.token';

/** Reads the token from the URL (preferred) or the session, and hides it from the address bar. */
export function takeToken(win: Window): string {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      /* storage disabled: the token still works for this page */
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function wsUrlFor(location: Location): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}${WS_PATH}`;
}

export function createConsoleClient(win: Window = window): ConsoleClient {
  if (win.gateway) return createIpcClient(win.gateway);
  return createWsClient({ url: wsUrlFor(win.location), token: takeToken(win) });
}
