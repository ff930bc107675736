/**
 * The desktop app's main process in attach mode, without Electron, for Chromium:
 * the same modules main.ts wires (the desktop settings with the attached gateway,
 * the console's WebSocket client to it, the IPC bridge over the contract and over
 * the desktop's own methods), with a page's exposed binding standing in for
 * ipcMain and an init script standing in for the preload's `window.gateway`.
 * Frame checks and payload limits of the bridge are the unit tests' (electron/*.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import type { Page } from 'playwright-core';
import { ipcChannel, type DesktopLink } from '../../core/contract/index.ts';
import { attachTarget, type TokenSealer } from '../../electron/attach.ts';
import { desktopDispatcher } from '../../electron/desktop-api.ts';
import { DesktopSettingsStore } from '../../electron/desktop-settings.ts';
import { registerIpcBridge, type IpcMainLike } from '../../electron/ipc-bridge.ts';
import { connectRemoteGateway, testGateway, type RemoteGateway } from '../../electron/remote-gateway.ts';

const BINDING = '__argusIpc';

/** What the preload exposes, rebuilt on the page before its scripts run. */
const PRELOAD = `(() => {
  const listeners = new Set();
  Object.defineProperty(window, '__argusEmit', { value: (e, p) => { for (const l of [...listeners]) l(e, p); } });
  window.gateway = Object.freeze({
    call: (method, input) => window.${BINDING}('gateway:call:' + String(method), input === undefined ? {} : input),
    onEvent: (fn) => { listeners.add(fn); return () => listeners.delete(fn); },
  });
})();`;

/** No keychain on a test machine: the token goes to the owner-only settings file, as on Linux without a keyring. */
const noKeychain: TokenSealer = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('no keychain');
  },
  decryptString: () => {
    throw new Error('no keychain');
  },
};

export interface EmulatedDesktop {
  userData: string;
  settings: DesktopSettingsStore;
  /** Restarts the app asked for (attach, detach). */
  restarts: string[];
  link(): DesktopLink;
  close(): void;
}

export async function emulateAttachedDesktop(page: Page, attach: { url: string; token: string; fingerprint?: string }): Promise<EmulatedDesktop> {
  const userData = mkdtempSync(join(tmpdir(), 'argus-desktop-e2e-'));
  const settings = new DesktopSettingsStore(join(userData, 'desktop-settings.json'), noKeychain, () => {});
  settings.setAttach(attachTarget(attach, null));
  const stored = settings.attach()!;
  const remote: RemoteGateway = connectRemoteGateway({ target: stored, tokenProblem: stored.tokenProblem });
  const restarts: string[] = [];

  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = { handle: (c, fn) => handlers.set(c, fn), removeHandler: (c) => handlers.delete(c) };
  const trusted = () => true;
  const log = () => {};
  const bridges = [
    registerIpcBridge({ ipcMain, dispatcher: remote.dispatcher, isTrustedSender: trusted, actor: 'desktop (attached)', log }),
    registerIpcBridge({
      ipcMain,
      dispatcher: desktopDispatcher({
        settings,
        loginItem: { supported: false, enabled: () => false, set: () => {} },
        link: () => remote.link(),
        test: (target) => testGateway(target),
        restart: (why) => restarts.push(why),
        languageChanged: () => {},
        log,
      }),
      isTrustedSender: trusted,
      actor: 'desktop (attached)',
      log,
    }),
  ];

  await page.exposeBinding(BINDING, async (_source, channel: string, input: unknown) => {
    const h = handlers.get(channel);
    if (!h) return { ok: false, error: { code: 'unknown_method', message: `unknown method "${channel.replace(ipcChannel(''), '')}"`, kind: 'permanent' } };
    return h({} as IpcMainInvokeEvent, input);
  });
  await page.addInitScript(PRELOAD);
  // Events as main.ts pushes them to the window (webContents.send on the event channel).
  const push = (event: string, payload: unknown) =>
    void page.evaluate(([e, p]) => (window as unknown as { __argusEmit?: (e: string, p: unknown) => void }).__argusEmit?.(e, p), [event, payload] as const).catch(() => undefined);
  const offs = [remote.subscribe(push), remote.onLink((l) => push('desktop.link', l))];

  return {
    userData,
    settings,
    restarts,
    link: () => remote.link(),
    close() {
      for (const off of offs) off();
      for (const b of bridges) b.dispose();
      remote.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}
