/**
 * The main process wired for real (gateway on a temp data directory, demo
 * simulator, IPC bridge) against a stub of the electron module.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, ipcChannel, methods } from '../core/contract/index.ts';

const h = vi.hoisted(() => {
  type Fn = (...a: unknown[]) => unknown;
  const state = {
    lock: true,
    userData: '',
    appListeners: new Map<string, Fn[]>(),
    ipcHandlers: new Map<string, Fn>(),
    windows: [] as Array<{ options: Record<string, unknown>; webContents: { send: Fn & { mock: { calls: unknown[][] } }; mainFrame: { url: string }; isDestroyed(): boolean }; loadURL: { mock: { calls: unknown[][] } }; focus: { mock: { calls: unknown[][] } }; listeners: Map<string, Fn> }>,
    quitRequests: 0,
    exitCodes: [] as number[],
    permissionDenied: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    protocolHandled: [] as string[],
  };
  return state;
});

vi.mock('electron', () => {
  const emit = (ev: string, ...args: unknown[]) => (h.appListeners.get(ev) ?? []).forEach((fn) => fn(...args));
  const app = {
    requestSingleInstanceLock: () => h.lock,
    on: (ev: string, fn: (...a: unknown[]) => unknown) => h.appListeners.set(ev, [...(h.appListeners.get(ev) ?? []), fn]),
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => join(h.userData, name),
    getAppPath: () => process.cwd(),
    getVersion: () => '9.9.9-test',
    quit: () => {
      h.quitRequests++;
      let prevented = false;
      emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) emit('quit');
    },
    exit: (code: number) => h.exitCodes.push(code),
  };
  class BrowserWindow {
    options: Record<string, unknown>;
    listeners = new Map<string, (...a: unknown[]) => unknown>();
    webContents = { send: vi.fn(), mainFrame: { url: 'app://console/index.html' }, isDestroyed: () => false };
    loadURL = vi.fn(async () => {});
    focus = vi.fn();
    constructor(options: Record<string, unknown>) {
      this.options = options;
      h.windows.push(this as never);
    }
    on(ev: string, fn: (...a: unknown[]) => unknown) {
      this.listeners.set(ev, fn);
      return this;
    }
    once(ev: string, fn: (...a: unknown[]) => unknown) {
      return this.on(ev, fn);
    }
    maximize() {}
    isMaximized() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    getNormalBounds() {
      return { x: 0, y: 0, width: 1440, height: 900 };
    }
  }
  return {
    app,
    BrowserWindow,
    dialog: { showErrorBox: vi.fn() },
    ipcMain: {
      handle: (c: string, fn: (...a: unknown[]) => unknown) => h.ipcHandlers.set(c, fn),
      removeHandler: (c: string) => h.ipcHandlers.delete(c),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: (scheme: string) => h.protocolHandled.push(scheme) },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof h.permissionDenied) => (h.permissionDenied = fn),
        setPermissionCheckHandler: vi.fn(),
      },
    },
  };
});

const until = async (pred: () => boolean, what: string) => {
  for (let i = 0; i < 500; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

beforeEach(() => {
  vi.resetModules();
  h.userData = mkdtempSync(join(tmpdir(), 'argus-electron-'));
  h.appListeners.clear();
  h.ipcHandlers.clear();
  h.windows.length = 0;
  h.quitRequests = 0;
  h.exitCodes.length = 0;
  h.protocolHandled.length = 0;
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.stubEnv('GATEWAY_DATA_DIR', '');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(h.userData, { recursive: true, force: true });
});

describe('electron main', () => {
  it('quits at once when another instance holds the lock', async () => {
    h.lock = false;
    await import('./main.ts');
    expect(h.quitRequests).toBe(1);
    expect(h.windows).toHaveLength(0);
    expect(h.ipcHandlers.size).toBe(0);
    h.lock = true;
  });

  it('opens one hardened window on the gateway, serves the contract over IPC and pushes events', async () => {
    await import('./main.ts');
    await until(() => h.windows.length === 1, 'the window');
    const win = h.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/dist-electron[/\\]preload\.cjs$/);
    expect(win.loadURL.mock.calls[0]).toEqual(['app://console/index.html']);
    expect(h.protocolHandled).toEqual(['app']);
    expect([...h.ipcHandlers.keys()].sort()).toEqual(Object.keys(methods).map(ipcChannel).sort());

    const trusted = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    const invoke = (m: string, input: unknown, ev: unknown = trusted) => h.ipcHandlers.get(ipcChannel(m))!(ev, input) as Promise<{ ok: boolean; result?: unknown; error?: { code: string } }>;

    const info = await invoke('app.info', {});
    expect(info).toMatchObject({ ok: true, result: { host: 'desktop', demo: true, version: '9.9.9-test', dataDir: join(h.userData, 'userData', 'data') } });
    expect(await invoke('app.info', {}, { sender: {}, senderFrame: win.webContents.mainFrame })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const created = await invoke('plans.create', { from: '2026-01-01', to: '2026-01-31' });
    expect(created.ok).toBe(true);
    const pushed = win.webContents.send.mock.calls.filter((c) => c[0] === IPC_EVENT_CHANNEL);
    expect(pushed).toContainEqual([IPC_EVENT_CHANNEL, 'plan.changed', { planId: 1, status: 'awaiting_approval' }]);

    // Permission requests are refused; a second launch brings this window forward.
    const cb = vi.fn();
    h.permissionDenied!(null, 'geolocation', cb);
    expect(cb).toHaveBeenCalledWith(false);
    (h.appListeners.get('second-instance') ?? []).forEach((fn) => fn());
    expect(win.focus.mock.calls.length).toBe(1);

    // Quit: held until the gateway closed, then allowed; the bridge is gone.
    const quitEvents: string[] = [];
    h.appListeners.set('quit', [() => quitEvents.push('quit')]);
    (h.appListeners.get('window-all-closed') ?? []).forEach((fn) => fn());
    await until(() => quitEvents.length === 1, 'the quit to go through');
    expect(h.ipcHandlers.size).toBe(0);
    expect(h.exitCodes).toEqual([]);
  });
});
