import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleClient, takeToken, wsUrlFor } from './choose.ts';

afterEach(() => {
  sessionStorage.clear();
  delete window.gateway;
  window.history.replaceState(null, '', '/');
});

describe('choosing the transport', () => {
  it('takes the token from the URL, keeps it for reloads and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/plans/3?token=abc123&tab=diff#x');
    expect(takeToken(window)).toBe('abc123');
    expect(window.location.search).toBe('?tab=diff');
    expect(window.location.pathname).toBe('/plans/3');
    expect(window.location.hash).toBe('#x');
    // After a reload the URL no longer has it; the session does.
    expect(takeToken(window)).toBe('abc123');
  });

  it('builds the WebSocket URL from the page location', () => {
    expect(wsUrlFor(new URL('http://127.0.0.1:8787/plans') as unknown as Location)).toBe('ws://127.0.0.1:8787/ws');
    expect(wsUrlFor(new URL('https://gw.example:9443/') as unknown as Location)).toBe('wss://gw.example:9443/ws');
  });

  it('uses the Electron preload when window.gateway exists', () => {
    window.gateway = { call: async () => ({ ok: true, result: null }), onEvent: () => () => {} };
    const c = createConsoleClient(window);
    expect(c.transport).toBe('ipc');
    c.close();
  });

  it('uses the WebSocket otherwise, refused at once when the page has no token', () => {
    const c = createConsoleClient(window);
    expect(c.transport).toBe('websocket');
    expect(c.state).toBe('refused');
    c.close();
  });
});
