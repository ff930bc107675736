import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents, isAppUrl, isTrustedSender, secureWebPreferences } from './window-policy.ts';

function stubWebContents() {
  const listeners = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const wc = {
    on: (ev: string, fn: (e: { preventDefault(): void }, url?: string) => void) => listeners.set(ev, fn),
    setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    mainFrame: { url: 'app://console/index.html' },
  };
  const fire = (ev: string, url?: string) => {
    const e = { preventDefault: vi.fn() };
    listeners.get(ev)!(e, url);
    return e.preventDefault.mock.calls.length > 0;
  };
  return { wc: wc as unknown as WebContents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('window policy', () => {
  it('runs the renderer isolated, sandboxed and without Node', () => {
    const p = secureWebPreferences('/app/preload.cjs');
    expect(p).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    // Developer tools while developing, none in a packaged app.
    expect(p.devTools).toBe(true);
    expect(secureWebPreferences('/app/preload.cjs', true).devTools).toBe(false);
  });

  it('denies every new window and any navigation away from the app', () => {
    const log: string[] = [];
    const { wc, fire, open } = stubWebContents();
    hardenWebContents(wc, (l) => log.push(l));
    expect(open('https://example.com')).toEqual({ action: 'deny' });
    expect(fire('will-navigate', 'https://example.com/phish')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(fire('will-navigate', 'app://console/index.html#/plans/3')).toBe(false);
    expect(fire('will-attach-webview')).toBe(true);
    expect(log.filter((l) => l.startsWith('denied')).length).toBe(5);
  });

  it('denies every permission request and check', () => {
    let request: ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    const session = {
      setPermissionRequestHandler: (fn: typeof request) => (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
    } as unknown as Session;
    hardenSession(session, () => {});
    const cb = vi.fn();
    request!(null, 'media', cb);
    request!(null, 'notifications', cb);
    expect(cb.mock.calls).toEqual([[false], [false]]);
    expect(check!()).toBe(false);
  });

  it('trusts only the window main frame showing the app origin', () => {
    const mainFrame = { url: 'app://console/index.html' };
    const wc = { mainFrame } as unknown as WebContents;
    const ev = (sender: unknown, senderFrame: unknown) => ({ sender, senderFrame }) as unknown as IpcMainInvokeEvent;
    expect(isTrustedSender(ev(wc, mainFrame), wc)).toBe(true);
    expect(isTrustedSender(ev(wc, { url: 'app://console/index.html' }), wc)).toBe(false); // a subframe
    expect(isTrustedSender(ev({}, mainFrame), wc)).toBe(false); // another webContents
    expect(isTrustedSender(ev(wc, null), wc)).toBe(false);
    expect(isTrustedSender(ev(wc, mainFrame), null)).toBe(false);
    mainFrame.url = 'https://evil.example/';
    expect(isTrustedSender(ev(wc, mainFrame), wc)).toBe(false);
  });

  it('recognises the app origin exactly', () => {
    expect(isAppUrl('app://console/index.html')).toBe(true);
    expect(isAppUrl('app://console.evil/index.html')).toBe(false);
    expect(isAppUrl('app://other/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
