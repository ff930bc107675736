/**
 * Electron main process: one window onto the console, the gateway engine on a
 * data directory under the user's app data, the contract over IPC.
 * Built by electron/vite.config.ts into dist-electron/main.cjs.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, screen, session } from 'electron';
import { join } from 'node:path';
import { consoleFromGateway } from '../core/api/console.ts';
import { openGatewayWithDemo, type OpenedGateway } from '../core/api/open-gateway.ts';
import { startOnecSimulator } from '../simulators/onec/server.ts';
import { startMceSimulator } from '../simulators/mce/server.ts';
import { pushEventsTo, registerIpcBridge, type IpcBridge } from './ipc-bridge.ts';
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './protocol.ts';
import { desktopKeyProvider } from './safe-storage-key.ts';
import { installGracefulQuit } from './shutdown.ts';
import { APP_SCHEME, APP_START_URL, hardenSession, hardenWebContents, isTrustedSender, secureWebPreferences } from './window-policy.ts';
import { loadWindowState, trackWindowState } from './window-state.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;
const log = (line: string) => console.log(`[argus] ${line}`);

// Must happen before 'ready': app:// behaves like a secure, standard origin.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

let win: BrowserWindow | null = null;
let opened: OpenedGateway | null = null;
let bridge: IpcBridge | null = null;
let unsubscribe: (() => void) | null = null;

function createWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const w = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Argus Integration Gateway',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(join(app.getAppPath(), 'dist-electron', 'preload.cjs')),
  });
  if (state.maximized) w.maximize();
  trackWindowState(w, stateFile, log);
  w.once('ready-to-show', () => w.show());
  w.on('closed', () => {
    if (win === w) win = null;
  });
  void w.loadURL(APP_START_URL);
  return w;
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, log);
  const distDir = join(app.getAppPath(), 'renderer', 'dist');
  protocol.handle(APP_SCHEME, (req) => serveAppRequest(distDir, req.url));

  const dataDir = process.env.GATEWAY_DATA_DIR || join(app.getPath('userData'), 'data');
  opened = await openGatewayWithDemo({ dataDir, runQueue: true, keyProvider: desktopKeyProvider(dataDir, safeStorage, log), log }, {
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
  bridge = registerIpcBridge({
    ipcMain,
    dispatcher: consoleApi.dispatcher,
    isTrustedSender: (e) => isTrustedSender(e, win?.webContents ?? null),
    actor: consoleApi.app.actor,
    log,
  });
  unsubscribe = consoleApi.subscribe(pushEventsTo(() => win?.webContents ?? null));
  win = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the database and the window: it comes to the front instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_e, wc) => hardenWebContents(wc, log));
  app.on('window-all-closed', () => app.quit());
  installGracefulQuit(
    app,
    {
      stopAccepting: () => {
        bridge?.stop();
        unsubscribe?.();
      },
      drain: (ms) => bridge?.drain(ms) ?? Promise.resolve(true),
      close: async () => {
        bridge?.dispose();
        await opened?.close();
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
