/**
 * The main process wired for real (gateway on a temp data directory, demo
 * simulator, IPC bridge, tray, notifications; or attached to a real headless
 * gateway's WebSocket bridge) against a stub of the electron module.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopMethods, IPC_EVENT_CHANNEL, ipcChannel, methods, operationTypeSchema } from '../core/contract/index.ts';
import { startTestGatewayServer } from './testing/gateway-server.ts';

const h = vi.hoisted(() => {
  type Fn = (...a: unknown[]) => unknown;
  interface StubWindow {
    options: Record<string, unknown>;
    webContents: { send: Fn & { mock: { calls: unknown[][] } }; mainFrame: { url: string }; isDestroyed(): boolean };
    loadURL: { mock: { calls: unknown[][] } };
    focus: { mock: { calls: unknown[][] } };
    listeners: Map<string, Fn[]>;
    visible: boolean;
    emit(ev: string, ...args: unknown[]): void;
    show(): void;
  }
  interface StubNotification {
    options: { title: string; body: string };
    shown: boolean;
    closed: boolean;
    listeners: Map<string, Fn>;
  }
  interface MenuItem {
    label?: string;
    type?: string;
    enabled?: boolean;
    click?: () => void;
  }
  const state = {
    lock: true,
    userData: '',
    appListeners: new Map<string, Fn[]>(),
    ipcHandlers: new Map<string, Fn>(),
    windows: [] as StubWindow[],
    quitRequests: 0,
    quitEvents: 0,
    exitCodes: [] as number[],
    relaunches: [] as unknown[],
    permissionDenied: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    protocolHandled: [] as string[],
    notifications: [] as StubNotification[],
    tray: null as null | { images: string[]; tooltip: string; menu: MenuItem[]; destroyed: boolean; listeners: Map<string, Fn> },
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
    getPreferredSystemLanguages: () => ['en-US'],
    isPackaged: false,
    setLoginItemSettings: vi.fn(),
    getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
    relaunch: (o: unknown) => h.relaunches.push(o),
    quit: () => {
      h.quitRequests++;
      let prevented = false;
      emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) {
        // Windows close for real, then the app quits.
        for (const w of h.windows) w.emit('close', { preventDefault: () => {} });
        emit('quit');
        h.quitEvents++;
      }
    },
    exit: (code: number) => h.exitCodes.push(code),
  };
  class BrowserWindow {
    options: Record<string, unknown>;
    listeners = new Map<string, Array<(...a: unknown[]) => unknown>>();
    webContents = { send: vi.fn(), mainFrame: { url: 'app://console/index.html' }, isDestroyed: () => false };
    loadURL = vi.fn(async () => {});
    focus = vi.fn();
    visible = false;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      h.windows.push(this as never);
    }
    on(ev: string, fn: (...a: unknown[]) => unknown) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), fn]);
      return this;
    }
    once(ev: string, fn: (...a: unknown[]) => unknown) {
      return this.on(ev, fn);
    }
    emit(ev: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(ev) ?? []) fn(...args);
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
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
  class Notification {
    static isSupported = () => true;
    options: { title: string; body: string };
    shown = false;
    closed = false;
    listeners = new Map<string, (...a: unknown[]) => unknown>();
    constructor(options: { title: string; body: string }) {
      this.options = options;
      h.notifications.push(this as never);
    }
    on(ev: string, fn: (...a: unknown[]) => unknown) {
      this.listeners.set(ev, fn);
      return this;
    }
    show() {
      this.shown = true;
    }
    close() {
      this.closed = true;
    }
  }
  class Tray {
    images: string[] = [];
    tooltip = '';
    menu: unknown[] = [];
    destroyed = false;
    listeners = new Map<string, (...a: unknown[]) => unknown>();
    constructor(image: { path: string }) {
      this.images.push(image.path);
      h.tray = this as never;
    }
    setImage(image: { path: string }) {
      this.images.push(image.path);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(menu: unknown[]) {
      this.menu = menu;
    }
    on(ev: string, fn: (...a: unknown[]) => unknown) {
      this.listeners.set(ev, fn);
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return {
    app,
    BrowserWindow,
    Notification,
    Tray,
    Menu: { buildFromTemplate: (items: unknown[]) => items },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
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

const until = async (pred: () => boolean, what: string, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

type Result = { ok: boolean; result?: unknown; error?: { code: string; message: string } };
const win = () => h.windows[0]!;
const trusted = () => ({ sender: win().webContents, senderFrame: win().webContents.mainFrame });
const invoke = (m: string, input: unknown = {}, ev: unknown = trusted()) => h.ipcHandlers.get(ipcChannel(m))!(ev, input) as Promise<Result>;
const sent = (event: string) => win().webContents.send.mock.calls.filter((c) => c[0] === IPC_EVENT_CHANNEL && c[1] === event).map((c) => c[2]);
const menuItem = (label: RegExp) => {
  const item = (h.tray!.menu as Array<{ label?: string; click?: () => void; enabled?: boolean }>).find((m) => m.label && label.test(m.label));
  if (!item) throw new Error(`no tray menu item ${label}: ${JSON.stringify(h.tray!.menu.map((m) => (m as { label?: string }).label))}`);
  return item;
};

async function quit(): Promise<void> {
  if (h.quitEvents > 0 || !h.appListeners.has('before-quit')) return;
  const app = (await import('electron')).app;
  app.quit();
  await until(() => h.quitEvents > 0, 'the quit to go through');
}

let dataHome: string;

beforeEach(() => {
  vi.resetModules();
  h.userData = mkdtempSync(join(tmpdir(), 'argus-electron-'));
  dataHome = join(h.userData, 'data-home');
  h.appListeners.clear();
  h.ipcHandlers.clear();
  h.windows.length = 0;
  h.quitRequests = 0;
  h.quitEvents = 0;
  h.exitCodes.length = 0;
  h.relaunches.length = 0;
  h.protocolHandled.length = 0;
  h.notifications.length = 0;
  h.tray = null;
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.stubEnv('GATEWAY_DATA_DIR', '');
  // The per-user default data directory, kept inside the test's own directory on every platform.
  vi.stubEnv('XDG_DATA_HOME', dataHome);
  vi.stubEnv('HOME', dataHome);
  vi.stubEnv('APPDATA', dataHome);
});

afterEach(async () => {
  await quit();
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

  it('opens one hardened window on the gateway in the shared data directory, serves the contract and the desktop methods over IPC and pushes events', async () => {
    await import('./main.ts');
    await until(() => h.windows.length === 1, 'the window');
    const w = win();
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((w.options.webPreferences as { preload: string }).preload)).toMatch(/dist-electron[/\\]preload\.cjs$/);
    expect(w.loadURL.mock.calls[0]).toEqual(['app://console/index.html']);
    expect(h.protocolHandled).toEqual(['app']);
    expect([...h.ipcHandlers.keys()].sort()).toEqual([...Object.keys(methods), ...Object.keys(desktopMethods)].map(ipcChannel).sort());

    const info = await invoke('app.info');
    // The directory gatewayctl and serve use by default, so the CLI sees the desktop's data.
    expect(info).toMatchObject({ ok: true, result: { host: 'desktop', demo: true, version: '9.9.9-test', dataDir: join(dataHome, 'argus-gateway') } });
    expect((info.result as { attachedTo?: unknown }).attachedTo).toBeUndefined();
    expect(await invoke('app.info', {}, { sender: {}, senderFrame: w.webContents.mainFrame })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('desktop.settings', {}, { sender: {}, senderFrame: w.webContents.mainFrame })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('desktop.link')).toEqual({ ok: true, result: { state: 'local', url: null, reason: null, since: null } });

    const created = await invoke('plans.create', { from: '2026-01-01', to: '2026-01-31' });
    expect(created.ok).toBe(true);
    expect(sent('plan.changed')).toContainEqual({ planId: 1, status: 'awaiting_approval' });

    // Permission requests are refused; a second launch brings this window forward.
    const cb = vi.fn();
    h.permissionDenied!(null, 'geolocation', cb);
    expect(cb).toHaveBeenCalledWith(false);
    (h.appListeners.get('second-instance') ?? []).forEach((fn) => fn());
    expect(w.focus.mock.calls.length).toBe(1);
    expect(w.visible).toBe(true);

    // Quit: held until the gateway closed, then allowed; the bridges are gone.
    await quit();
    expect(h.ipcHandlers.size).toBe(0);
    expect(h.tray!.destroyed).toBe(true);
    expect(h.exitCodes).toEqual([]);
  });

  it('keeps using a data directory an earlier version made under the app data', async () => {
    const earlier = join(h.userData, 'userData', 'data');
    mkdirSync(earlier, { recursive: true });
    writeFileSync(join(earlier, 'gateway.sqlite'), '');
    await import('./main.ts');
    await until(() => h.windows.length === 1, 'the window');
    expect(await invoke('app.info')).toMatchObject({ ok: true, result: { dataDir: earlier } });
    expect(existsSync(join(dataHome, 'argus-gateway'))).toBe(false);
  });

  it('shows the health in the tray, opens the plans from its menu, pauses and resumes the whole queue, and quits from it', async () => {
    await import('./main.ts');
    await until(() => h.windows.length === 1 && h.tray !== null, 'the window and the tray');
    await until(() => h.tray!.images.length > 1, 'the first health read');
    expect(h.tray!.images[0]).toMatch(/assets[/\\]tray[/\\]unknown\.png$/);
    expect(h.tray!.images.at(-1)).toMatch(/assets[/\\]tray[/\\](healthy|degraded|failing)\.png$/);
    expect(h.tray!.tooltip).toMatch(/^Argus Integration Gateway: (healthy|degraded|failing)$/);

    await invoke('plans.create', { from: '2026-01-01', to: '2026-01-31' });
    await until(() => h.tray!.menu.some((m) => /Plans waiting for approval: 1/.test((m as { label?: string }).label ?? '')), 'the count in the menu');
    menuItem(/Plans waiting for approval: 1/).click!();
    expect(win().visible).toBe(true);
    expect(sent('desktop.navigate')).toEqual([{ to: '#/plans' }]);

    menuItem(/^Pause the queue$/).click!();
    await until(() => h.tray!.menu.some((m) => (m as { label?: string }).label === 'Resume the queue'), 'the queue paused');
    const health = await invoke('queue.health');
    expect((health.result as { pausedTypes: Array<{ type: string }> }).pausedTypes.map((p) => p.type).sort()).toEqual([...operationTypeSchema.options].sort());
    menuItem(/^Resume the queue$/).click!();
    await until(() => h.tray!.menu.some((m) => (m as { label?: string }).label === 'Pause the queue'), 'the queue resumed');

    menuItem(/^Quit$/).click!();
    await until(() => h.quitEvents > 0, 'the quit from the tray');
    expect(h.ipcHandlers.size).toBe(0);
  });

  it('closing the window hides it to the tray, saying so once; quitting closes it for real', async () => {
    await import('./main.ts');
    await until(() => h.windows.length === 1, 'the window');
    const close = () => {
      let prevented = false;
      win().emit('close', { preventDefault: () => (prevented = true) });
      return prevented;
    };
    win().show();
    expect(close()).toBe(true);
    expect(win().visible).toBe(false);
    expect(h.notifications.map((n) => n.options.title)).toEqual(['Argus keeps running in the tray']);
    expect(h.notifications[0]!.options.body).toMatch(/The queue is processed/);
    expect(close()).toBe(true);
    expect(h.notifications).toHaveLength(1);
    const stored = JSON.parse(readFileSync(join(h.userData, 'userData', 'desktop-settings.json'), 'utf8')) as { closeNoticeShown: boolean };
    expect(stored.closeNoticeShown).toBe(true);
    // The notice's click brings the console back.
    h.notifications[0]!.listeners.get('click')!();
    expect(win().visible).toBe(true);
    await quit();
    expect(h.quitEvents).toBe(1);
  });

  it('announces a plan waiting for approval; a click opens that plan; the kind can be switched off', async () => {
    await import('./main.ts');
    await until(() => h.windows.length === 1, 'the window');
    await until(() => h.tray!.images.length > 1, 'the first reads');
    await invoke('plans.create', { from: '2026-01-01', to: '2026-01-31' });
    await until(() => h.notifications.some((n) => n.options.title === 'Sync plan #1 is waiting for approval'), 'the notification');
    const n = h.notifications.find((x) => x.options.title === 'Sync plan #1 is waiting for approval')!;
    expect(n.shown).toBe(true);
    expect(n.options.body).toMatch(/^Period 2026-01-01 – 2026-01-31: \d+ to create, \d+ to update, \d+ to deactivate\./);
    n.listeners.get('click')!();
    expect(sent('desktop.navigate')).toEqual([{ to: '#/plans/1' }]);

    expect(await invoke('desktop.setNotifications', { planAwaiting: false })).toMatchObject({ ok: true, result: { notifications: { planAwaiting: false, linkDown: true } } });
    await invoke('plans.reject', { planId: 1, by: 'tester', reason: 'test' });
    await invoke('plans.create', { from: '2026-02-01', to: '2026-02-28' });
    await until(() => sent('plan.changed').some((p) => (p as { planId: number }).planId === 2), 'plan 2');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.notifications.some((x) => /#2/.test(x.options.title))).toBe(false);
  });

  it('answers the desktop methods: settings, start at login refused in a development run, the language of the tray', async () => {
    await import('./main.ts');
    await until(() => h.windows.length === 1, 'the window');
    expect(await invoke('desktop.settings')).toEqual({
      ok: true,
      result: { notifications: { planAwaiting: true, operationFailed: true, linkDown: true, auditBroken: true }, startAtLogin: false, startAtLoginSupported: false, attach: null, keychain: false },
    });
    expect(await invoke('desktop.setStartAtLogin', { enabled: true })).toMatchObject({ ok: false, error: { code: 'start_at_login_unsupported' } });
    expect(await invoke('desktop.setNotifications', { everything: false })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invoke('desktop.setLanguage', { language: 'ru' })).toEqual({ ok: true, result: { language: 'ru' } });
    expect(h.tray!.menu.some((m) => (m as { label?: string }).label === 'Открыть консоль')).toBe(true);
    expect(await invoke('desktop.detach')).toEqual({ ok: true, result: { restarting: false } });
  });

  it('attached: runs no engine, talks to the gateway through the WebSocket client, says which one in app.info, and detaches with a restart', async () => {
    const server = await startTestGatewayServer();
    try {
      mkdirSync(join(h.userData, 'userData'), { recursive: true });
      writeFileSync(
        join(h.userData, 'userData', 'desktop-settings.json'),
        JSON.stringify({ attach: { url: server.url, wsUrl: server.wsUrl, fingerprint: null, token: { plain: server.token } } }),
      );
      await import('./main.ts');
      await until(() => h.windows.length === 1, 'the window');
      const info = await invoke('app.info');
      expect(info).toMatchObject({ ok: true, result: { host: 'desktop', version: '0.0.0-test', attachedTo: { url: server.url, pinned: false } } });
      expect(existsSync(join(dataHome, 'argus-gateway'))).toBe(false);
      expect(await invoke('plans.get', { planId: 1 })).toMatchObject({ ok: true, result: { id: 1, status: 'awaiting_approval' } });
      expect(await invoke('desktop.link')).toMatchObject({ ok: true, result: { state: 'open', url: server.url, reason: null } });
      expect(await invoke('desktop.settings')).toMatchObject({ ok: true, result: { attach: { url: server.url, fingerprint: null, tokenProtection: 'file' } } });
      await until(() => h.tray!.tooltip.includes(`attached to ${server.url}`), 'the tray to name the gateway');

      // Events of the remote gateway reach the window.
      await server.api.dispatcher.dispatch('plans.reject', { planId: 1, by: 'someone', reason: 'r' }, { actor: 'x' });
      await until(() => sent('plan.changed').some((p) => (p as { status: string }).status === 'rejected'), 'the remote event');

      expect(await invoke('desktop.detach')).toEqual({ ok: true, result: { restarting: true } });
      await until(() => h.relaunches.length === 1 && h.quitEvents > 0, 'the restart');
      const stored = JSON.parse(readFileSync(join(h.userData, 'userData', 'desktop-settings.json'), 'utf8')) as { attach: unknown };
      expect(stored.attach).toBeNull();
    } finally {
      await quit();
      await server.close();
    }
  });

  it('attaches after a successful test only, then restarts; a wrong token is refused with its sentence and nothing is stored', async () => {
    const server = await startTestGatewayServer();
    try {
      await import('./main.ts');
      await until(() => h.windows.length === 1, 'the window');
      const wrong = await invoke('desktop.attach', { url: server.url, token: 'wrong' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'attach_refused' } });
      expect(wrong.error!.message).toMatch(/^not attached: the gateway at 127\.0\.0\.1:\d+ refused the token \(HTTP 401\)/);
      expect(await invoke('desktop.settings')).toMatchObject({ result: { attach: null } });
      expect(await invoke('desktop.attach', { url: 'gw', token: 'x' })).toMatchObject({ ok: false, error: { code: 'attach_url_invalid' } });

      const test = await invoke('desktop.testGateway', { url: `${server.url}/?token=${server.token}` });
      expect(test).toMatchObject({ ok: true, result: { ok: true, code: 'ok', gateway: { version: '0.0.0-test' } } });
      expect(await invoke('desktop.attach', { url: server.url, token: server.token })).toEqual({ ok: true, result: { restarting: true } });
      await until(() => h.relaunches.length === 1 && h.quitEvents > 0, 'the restart');
      const stored = JSON.parse(readFileSync(join(h.userData, 'userData', 'desktop-settings.json'), 'utf8')) as { attach: { url: string; token: unknown } };
      expect(stored.attach).toMatchObject({ url: server.url, token: { plain: server.token } });
    } finally {
      await quit();
      await server.close();
    }
  });
});
