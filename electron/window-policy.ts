/**
 * The security policy of the console window: what it may load, where it may
 * go (nowhere), what it may open (nothing) and ask for (nothing), and which
 * frames may talk to the gateway (its own main frame, from the app origin).
 */
import type { IpcMainInvokeEvent, Session, WebContents, WebPreferences } from 'electron';
import { CONSOLE_CSP } from '../core/api/console-assets.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;
export { CONSOLE_CSP };

/** `packaged`: a packaged app has no developer tools (a console on an operator's desk is not a debugger). */
export function secureWebPreferences(preload: string, packaged = false): WebPreferences {
  return {
    preload,
    devTools: !packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

type Log = (line: string) => void;

/** Navigation away and new windows are denied; links never open anything. */
export function hardenWebContents(wc: WebContents, log: Log): void {
  wc.setWindowOpenHandler(({ url }) => {
    log(`denied opening a window for ${url}`);
    return { action: 'deny' };
  });
  const stayHome = (e: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    e.preventDefault();
    log(`denied navigation to ${url}`);
  };
  wc.on('will-navigate', stayHome);
  wc.on('will-redirect', stayHome);
  wc.on('will-attach-webview', (e) => {
    e.preventDefault();
    log('denied attaching a webview');
  });
}

/** Every permission (camera, notifications, geolocation, ...) is refused. */
export function hardenSession(session: Session, log: Log): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    log(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/** Only the console window's main frame, showing the app origin, may call the gateway. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, expected: WebContents | null): boolean {
  if (!expected || event.sender !== expected) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== expected.mainFrame) return false;
  return isAppUrl(frame.url);
}
