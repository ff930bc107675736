/**
 * Start at login, in the tray (the window stays hidden until asked for). Windows
 * and macOS register through Electron's login item settings; Linux through an
 * XDG autostart entry (~/.config/autostart), which Electron does not write. Only
 * an installed app registers itself: a development run would register the bare
 * Electron binary.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HIDDEN_ARG = '--hidden';
const DESKTOP_FILE = 'argus-integration-gateway.desktop';

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  setLoginItemSettings(s: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
  getLoginItemSettings(o?: { args?: string[] }): { openAtLogin: boolean };
  execPath: string;
  env: NodeJS.ProcessEnv;
  home: string;
}

export interface LoginItem {
  readonly supported: boolean;
  enabled(): boolean;
  set(enabled: boolean): void;
}

/** The characters that make the Desktop Entry spec ask for an Exec argument in quotes. */
const EXEC_RESERVED = /[ \t"'\\><~|&;$*?#()`]/;

/**
 * A desktop entry's Exec argument as the spec asks: quoted when it holds a reserved
 * character (with " ` $ and backslash escaped inside by a backslash), then the value's own
 * escaping on top (each backslash doubled: a quoted $ is written \\$), and % doubled (a field code).
 * A line break cannot be written at all (it would end the entry's line).
 */
export function desktopExecQuote(arg: string): string {
  if (/[\r\n]/.test(arg)) throw new Error(`the app's path ${JSON.stringify(arg)} holds a line break: it cannot be written to an autostart entry`);
  const quoted = EXEC_RESERVED.test(arg) ? `"${arg.replace(/(["`$\\])/g, '\\$1')}"` : arg;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartFile(env: NodeJS.ProcessEnv, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', DESKTOP_FILE);
}

export function loginItem(d: LoginItemDeps): LoginItem {
  const supported = d.isPackaged && ['linux', 'win32', 'darwin'].includes(d.platform);
  if (d.platform === 'linux') {
    const file = autostartFile(d.env, d.home);
    // An AppImage runs from a temporary mount: its own path is in $APPIMAGE.
    const exec = d.env.APPIMAGE || d.execPath;
    return {
      supported,
      enabled: () => supported && existsSync(file),
      set(enabled) {
        if (!supported) return;
        if (!enabled) return rmSync(file, { force: true });
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(
          file,
          ['[Desktop Entry]', 'Type=Application', 'Name=Argus Integration Gateway', `Exec=${desktopExecQuote(exec)} ${HIDDEN_ARG}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n'),
        );
      },
    };
  }
  const args = [HIDDEN_ARG];
  return {
    supported,
    enabled: () => supported && d.getLoginItemSettings({ args }).openAtLogin,
    set(enabled) {
      if (supported) d.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: enabled, args });
    },
  };
}

/** Started by the login item: the window waits in the tray. */
export function startedHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_ARG) || wasOpenedAtLogin;
}
