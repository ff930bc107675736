/**
 * Electron main process: wiring only. One window onto the console; the gateway
 * engine on the shared data directory, or (attach mode) a headless gateway over
 * the console's WebSocket client; the contract and the desktop's own methods
 * over IPC; the tray and OS notifications fed by desktop-watch.ts; closing the
 * window keeps the app in the tray, quitting drains. The decisions live in
 * tray-state.ts, notifications.ts, attach.ts, desktop-api.ts and login-item.ts.
 * Built by electron/vite.config.ts into dist-electron/main.cjs.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, safeStorage, screen, session, Tray } from 'electron';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { consoleFromGateway } from '../core/api/console.ts';
import type { Dispatcher } from '../core/api/dispatcher.ts';
import { openGatewayWithDemo } from '../core/api/open-gateway.ts';
import type { DesktopLink } from '../core/contract/index.ts';
import { startOnecSimulator } from '../simulators/onec/server.ts';
import { startMceSimulator } from '../simulators/mce/server.ts';
import { desktopDataDir } from './data-dir.ts';
import { desktopDispatcher } from './desktop-api.ts';
import { DesktopSettingsStore } from './desktop-settings.ts';
import { DesktopWatch, dispatcherSource, type TrayFacts } from './desktop-watch.ts';
import { pushEventsTo, registerIpcBridge, type IpcBridge } from './ipc-bridge.ts';
import { HIDDEN_ARG, loginItem, startedHidden } from './login-item.ts';
import { tokenSealer } from './attach.ts';
import { NotificationCenter, type DesktopNotification } from './notifications.ts';
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './protocol.ts';
import { connectRemoteGateway, testGateway } from './remote-gateway.ts';
import { desktopKeyProvider } from './safe-storage-key.ts';
import { installGracefulQuit } from './shutdown.ts';
import { langFrom, text, type Lang } from './text.ts';
import { queueToggleCalls, trayModel, type TrayAction, type TrayHealth } from './tray-state.ts';
import { APP_SCHEME, APP_START_URL, hardenSession, hardenWebContents, isTrustedSender, secureWebPreferences } from './window-policy.ts';
import { loadWindowState, trackWindowState } from './window-state.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;
const log = (line: string) => console.log(`[argus] ${line}`);
const LOCAL_LINK: DesktopLink = { state: 'local', url: null, reason: null, since: null };

// Must happen before 'ready': app:// behaves like a secure, standard origin.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

/** The engine the console talks to: this computer's, or the attached gateway. */
interface Backend {
  dispatcher: Dispatcher;
  subscribe(emit: (event: string, payload: unknown) => void): () => void;
  actor: string;
  attachedTo: string | null;
  link(): DesktopLink;
  onLink(fn: (l: DesktopLink) => void): () => void;
  close(): Promise<void>;
}

let win: BrowserWindow | null = null;
let backend: Backend | null = null;
let settings: DesktopSettingsStore | null = null;
let tray: Tray | null = null;
let watch: DesktopWatch | null = null;
let lang: Lang = 'en';
let quitting = false;
let startHidden = false;
const bridges: IpcBridge[] = [];
const offs: Array<() => void> = [];
/** Shown notifications by key: a newer one replaces its predecessor, and a reference keeps its click handler alive. */
const shown = new Map<string, Notification>();

const assetPath = (...parts: string[]) => join(app.getAppPath(), 'assets', ...parts);
/** The mark for the window (Linux, Windows) and notifications; read through nativeImage, which reads inside the ASAR. */
const appIcon = () => {
  const p = assetPath('icons', '256x256.png');
  return existsSync(p) ? nativeImage.createFromPath(p) : undefined;
};
const pushEvent = pushEventsTo(() => win?.webContents ?? null);

async function openLocal(dataDir: string): Promise<Backend> {
  const opened = await openGatewayWithDemo({ dataDir, runQueue: true, keyProvider: desktopKeyProvider(dataDir, safeStorage, log), log }, {
    onec: async () => Object.assign(await startOnecSimulator({ port: 0, employees: 300, seed: 1 }), { username: 'wfm', password: 'wfm' }),
    // The same people as the 1C simulator's, so their logins match.
    mce: async (onec) => Object.assign(await startMceSimulator({ port: 0, agents: 'all', seed: 1, onecEmployees: 300, today: onec?.today() }), { username: 'mce', password: 'mce' }),
  });
  const gw = opened.gateway;
  log(`data directory ${dataDir}${gw.demo ? '; Demo: built-in simulators' : ''}`);
  const consoleApi = consoleFromGateway(
    gw,
    { version: app.getVersion(), host: 'desktop', zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', startedAt: new Date(gw.clock.now()).toISOString() },
    { error: (m, e) => log(`${m} ${e instanceof Error ? (e.stack ?? e.message) : String(e ?? '')}`) },
  );
  return {
    dispatcher: consoleApi.dispatcher,
    subscribe: consoleApi.subscribe,
    actor: consoleApi.app.actor,
    attachedTo: null,
    link: () => LOCAL_LINK,
    onLink: () => () => {},
    close: () => opened.close(),
  };
}

function openRemote(s: DesktopSettingsStore): Backend {
  const a = s.attach()!;
  log(`attached to ${a.url}${a.fingerprint ? ' (certificate pinned)' : ''}: no engine runs here`);
  const remote = connectRemoteGateway({ target: a, tokenProblem: a.tokenProblem });
  return {
    dispatcher: remote.dispatcher,
    subscribe: remote.subscribe,
    // The gateway names who acts for each connection; this one is never sent.
    actor: 'desktop (attached)',
    attachedTo: a.url,
    link: remote.link,
    onLink: remote.onLink,
    close: async () => remote.close(),
  };
}

function createWindow(show: boolean, route = ''): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const icon = appIcon();
  const w = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Argus Integration Gateway',
    backgroundColor: '#ffffff',
    ...(icon ? { icon } : {}),
    webPreferences: secureWebPreferences(join(app.getAppPath(), 'dist-electron', 'preload.cjs'), app.isPackaged),
  });
  if (state.maximized) w.maximize();
  trackWindowState(w, stateFile, log);
  if (show) w.once('ready-to-show', () => w.show());
  // Closing keeps the app (and its engine) in the tray; quitting closes for real.
  w.on('close', (e: { preventDefault(): void }) => {
    if (quitting || !tray) return;
    e.preventDefault();
    w.hide();
    if (settings && !settings.closeNoticeShown) {
      settings.markCloseNoticeShown();
      const t = text[lang].closedToTray;
      systemNotification({ key: 'closed-to-tray', title: t.title, body: backend?.attachedTo ? t.bodyAttached : t.body, target: '' });
    }
  });
  w.on('closed', () => {
    if (win === w) win = null;
  });
  void w.loadURL(`${APP_START_URL}${route}`);
  return w;
}

/** Brings the console forward (from the tray, a notification, a second launch), on a screen when asked. */
function showWindow(route = ''): void {
  if (!win) {
    win = createWindow(true, route);
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  if (route) pushEvent('desktop.navigate', { to: route });
}

function systemNotification(n: Pick<DesktopNotification, 'key' | 'title' | 'body' | 'target'>): void {
  if (!Notification.isSupported()) return;
  shown.get(n.key)?.close();
  const icon = appIcon();
  const note = new Notification({ title: n.title, body: n.body, ...(icon ? { icon } : {}) });
  note.on('click', () => showWindow(n.target));
  note.on('close', () => {
    if (shown.get(n.key) === note) shown.delete(n.key);
  });
  shown.set(n.key, note);
  note.show();
}

let trayFacts: TrayFacts = { health: null, awaitingPlans: null, queue: null };
let trayIcon: TrayHealth | null = null;

function trayImage(state: TrayHealth) {
  return nativeImage.createFromPath(assetPath('tray', `${state}.png`));
}

function updateTray(): void {
  if (!tray || !backend) return;
  const model = trayModel({ ...trayFacts, link: backend.link().state, attachedTo: backend.attachedTo, lang });
  if (model.icon !== trayIcon) {
    tray.setImage(trayImage(model.icon));
    trayIcon = model.icon;
  }
  tray.setToolTip(model.tooltip);
  tray.setContextMenu(
    Menu.buildFromTemplate(
      model.menu.map((m) => (m.type === 'separator' ? { type: 'separator' as const } : { label: m.label, enabled: m.enabled, click: () => void trayAction(m.action) })),
    ),
  );
}

async function trayAction(action: TrayAction): Promise<void> {
  if (action === 'open') return showWindow();
  if (action === 'plans') return showWindow('#/plans');
  if (action === 'quit') return app.quit();
  const queue = trayFacts.queue;
  if (!queue || !backend) return;
  for (const c of queueToggleCalls(action, queue)) {
    const r = await backend.dispatcher.dispatch(c.method, { type: c.type }, { actor: backend.actor });
    if (!r.ok) log(`tray: ${c.method} ${c.type} failed: ${r.error.message}`);
  }
  await watch?.readQueue();
}

function createTray(): Tray | null {
  try {
    const t = new Tray(trayImage('unknown'));
    trayIcon = 'unknown';
    // Windows and most Linux panels: a click opens the console; the menu is on the other button.
    t.on('click', () => showWindow());
    return t;
  } catch (e) {
    log(`no tray icon here (${(e as Error).message}): closing the window quits`);
    return null;
  }
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, log);
  const distDir = join(app.getAppPath(), 'renderer', 'dist');
  protocol.handle(APP_SCHEME, (req) => serveAppRequest(distDir, req.url));

  const s = new DesktopSettingsStore(join(app.getPath('userData'), 'desktop-settings.json'), tokenSealer(safeStorage, process.platform), log);
  settings = s;
  lang = s.language ?? langFrom(app.getPreferredSystemLanguages());
  const login = loginItem({
    platform: process.platform,
    isPackaged: app.isPackaged,
    setLoginItemSettings: (x) => app.setLoginItemSettings(x),
    getLoginItemSettings: (x) => app.getLoginItemSettings(x),
    execPath: process.execPath,
    env: process.env,
    home: homedir(),
  });

  const b = s.attach() ? openRemote(s) : await openLocal(desktopDataDir(process.env, app.getPath('userData'), log));
  backend = b;
  const trusted = (e: Parameters<typeof isTrustedSender>[0]) => isTrustedSender(e, win?.webContents ?? null);
  bridges.push(registerIpcBridge({ ipcMain, dispatcher: b.dispatcher, isTrustedSender: trusted, actor: b.actor, log }));
  bridges.push(
    registerIpcBridge({
      ipcMain,
      dispatcher: desktopDispatcher({
        settings: s,
        loginItem: login,
        link: () => b.link(),
        test: (target) => testGateway(target),
        restart: () => {
          // After the answer has reached the console: relaunch, then quit (which drains as always).
          setTimeout(() => {
            app.relaunch({ args: process.argv.slice(1).filter((a) => a !== HIDDEN_ARG) });
            app.quit();
          }, 300);
        },
        languageChanged: (l) => {
          lang = l;
          updateTray();
        },
        log,
      }),
      isTrustedSender: trusted,
      actor: b.actor,
      log,
    }),
  );
  offs.push(b.subscribe(pushEvent));

  tray = createTray();
  const center = new NotificationCenter({ switches: () => s.notifications, lang: () => lang, show: systemNotification });
  const w = new DesktopWatch({
    source: dispatcherSource(b.dispatcher, b.subscribe, b.actor),
    center,
    log,
    onFacts: (f) => {
      trayFacts = f;
      updateTray();
    },
  });
  watch = w;
  offs.push(
    b.onLink((l) => {
      pushEvent('desktop.link', l);
      center.gatewayLink(l, Date.now());
      updateTray();
      // Back after an outage: events may have been missed.
      if (l.state === 'open') void w.refresh();
    }),
  );
  w.start();
  updateTray();

  startHidden = tray !== null && startedHidden(process.argv, app.getLoginItemSettings().wasOpenedAtLogin ?? false);
  win = createWindow(!startHidden);
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the database and the window: it comes to the front instead.
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  // macOS: the dock icon brings the window back.
  app.on('activate', () => showWindow());
  app.on('web-contents-created', (_e, wc) => hardenWebContents(wc, log));
  app.on('before-quit', () => {
    quitting = true;
  });
  // With a tray the app lives on without windows; without one, the last window closing quits.
  app.on('window-all-closed', () => {
    if (!tray) app.quit();
  });
  installGracefulQuit(
    app,
    {
      stopAccepting: () => {
        watch?.stop();
        for (const b of bridges) b.stop();
        for (const off of offs.splice(0)) off();
      },
      drain: async (ms) => (await Promise.all(bridges.map((b) => b.drain(ms)))).every(Boolean),
      close: async () => {
        for (const b of bridges.splice(0)) b.dispose();
        for (const n of shown.values()) n.close();
        shown.clear();
        tray?.destroy();
        tray = null;
        await backend?.close();
      },
    },
    { deadlineMs: SHUTDOWN_DEADLINE_MS, log },
  );
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      log(`cannot start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      dialog.showErrorBox('Argus Integration Gateway cannot start', e instanceof Error ? e.message : String(e));
      app.exit(1);
    });
}
