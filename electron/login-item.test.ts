import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autostartFile, desktopExecQuote, HIDDEN_ARG, loginItem, startedHidden, type LoginItemDeps } from './login-item.ts';

let home: string;
let calls: Array<{ openAtLogin: boolean; args?: string[] }>;
let registered: boolean;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'argus-login-'));
  calls = [];
  registered = false;
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const deps = (over: Partial<LoginItemDeps>): LoginItemDeps => ({
  platform: 'linux',
  isPackaged: true,
  setLoginItemSettings: (s) => {
    calls.push(s);
    registered = s.openAtLogin;
  },
  getLoginItemSettings: () => ({ openAtLogin: registered }),
  execPath: '/opt/Argus Integration Gateway/argus-integration-gateway',
  env: {},
  home,
  ...over,
});

describe('start at login', () => {
  it('on Linux writes and removes an XDG autostart entry that starts the app hidden', () => {
    const item = loginItem(deps({}));
    expect(item.supported).toBe(true);
    expect(item.enabled()).toBe(false);
    item.set(true);
    const file = join(home, '.config', 'autostart', 'argus-integration-gateway.desktop');
    expect(readFileSync(file, 'utf8')).toContain(`Exec="/opt/Argus Integration Gateway/argus-integration-gateway" ${HIDDEN_ARG}\n`);
    expect(item.enabled()).toBe(true);
    item.set(false);
    expect(existsSync(file)).toBe(false);
    expect(item.enabled()).toBe(false);
  });

  it('registers an AppImage by its own path, under XDG_CONFIG_HOME when set', () => {
    const env = { APPIMAGE: '/home/op/Apps/Argus.AppImage', XDG_CONFIG_HOME: join(home, 'cfg') };
    loginItem(deps({ env })).set(true);
    expect(readFileSync(autostartFile(env, home), 'utf8')).toContain('Exec=/home/op/Apps/Argus.AppImage --hidden');
    expect(autostartFile(env, home)).toBe(join(home, 'cfg', 'autostart', 'argus-integration-gateway.desktop'));
  });

  it('on Windows and macOS goes through the login item settings, with the hidden argument', () => {
    const item = loginItem(deps({ platform: 'win32' }));
    item.set(true);
    expect(calls).toEqual([{ openAtLogin: true, openAsHidden: true, args: [HIDDEN_ARG] }]);
    expect(item.enabled()).toBe(true);
    item.set(false);
    expect(item.enabled()).toBe(false);
  });

  it('is not offered by a development run (it would register the bare Electron binary)', () => {
    const item = loginItem(deps({ isPackaged: false }));
    expect(item.supported).toBe(false);
    item.set(true);
    expect(existsSync(join(home, '.config', 'autostart'))).toBe(false);
    expect(loginItem(deps({ platform: 'darwin', isPackaged: false })).enabled()).toBe(false);
  });

  it('quotes an Exec path as desktop entries want, and knows a login start', () => {
    expect(desktopExecQuote('/usr/bin/argus')).toBe('/usr/bin/argus');
    // As the Desktop Entry spec writes them: a quoted $ is \\$ in the file, a quoted backslash four of them.
    expect(desktopExecQuote('/opt/a "b"/$x')).toBe('"/opt/a \\\\"b\\\\"/\\\\$x"');
    expect(desktopExecQuote('/opt/a\\b c')).toBe('"/opt/a\\\\\\\\b c"');
    expect(desktopExecQuote('/opt/Argus&Co(1)/argus')).toBe('"/opt/Argus&Co(1)/argus"');
    expect(desktopExecQuote('/opt/100%/argus')).toBe('/opt/100%%/argus');
    expect(() => desktopExecQuote('/opt/x\nExec=/bin/evil')).toThrow(/holds a line break/);
    expect(startedHidden(['/opt/argus', HIDDEN_ARG], false)).toBe(true);
    expect(startedHidden(['/opt/argus'], true)).toBe(true);
    expect(startedHidden(['/opt/argus'], false)).toBe(false);
  });
});
