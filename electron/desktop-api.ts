/**
 * The desktop contract's handlers (core/contract/desktop.ts), behind the same
 * generic dispatcher as the gateway's: inputs and outputs validated, failures
 * as {code, message, kind}. Attaching tests the gateway first, stores the choice
 * (token sealed) and restarts the app, which then starts without an engine.
 */
import { createDispatcher, type Dispatcher, type HandlersOf } from '../core/api/dispatcher.ts';
import { desktopContract, type DesktopLink, type DesktopSettings, type GatewayTest } from '../core/contract/index.ts';
import { GatewayError } from '../core/errors.ts';
import { attachTarget, type AttachTarget } from './attach.ts';
import type { DesktopSettingsStore } from './desktop-settings.ts';
import type { LoginItem } from './login-item.ts';
import type { Lang } from './text.ts';

export interface DesktopApiDeps {
  settings: DesktopSettingsStore;
  loginItem: LoginItem;
  link(): DesktopLink;
  test(target: AttachTarget): Promise<GatewayTest>;
  /** Relaunches the app (after the answer has gone back). */
  restart(reason: string): void;
  /** The tray and notifications follow the console's language. */
  languageChanged(lang: Lang): void;
  /** Settings changed (the watch reads the switches on each notification; the tray may change). */
  changed?(): void;
  log(line: string): void;
}

export function desktopSettingsView(d: Pick<DesktopApiDeps, 'settings' | 'loginItem'>): DesktopSettings {
  const a = d.settings.attach();
  return {
    notifications: d.settings.notifications,
    startAtLogin: d.loginItem.supported && d.loginItem.enabled(),
    startAtLoginSupported: d.loginItem.supported,
    attach: a ? { url: a.url, fingerprint: a.fingerprint, tokenProtection: a.tokenProtection } : null,
    keychain: d.settings.keychain,
  };
}

export function desktopDispatcher(d: DesktopApiDeps): Dispatcher {
  const view = () => desktopSettingsView(d);
  const stored = () => {
    const a = d.settings.attach();
    return a && a.token ? { url: a.url, token: a.token, fingerprint: a.fingerprint } : null;
  };
  const handlers: HandlersOf<typeof desktopContract> = {
    'desktop.settings': () => view(),
    'desktop.setNotifications': (input) => {
      d.settings.setNotifications(input);
      d.changed?.();
      return view();
    },
    'desktop.setStartAtLogin': ({ enabled }) => {
      if (!d.loginItem.supported) {
        throw new GatewayError('start_at_login_unsupported', 'this copy of the app cannot register itself to start at login (a development run, or an unsupported system): install the packaged app');
      }
      try {
        d.loginItem.set(enabled);
      } catch (e) {
        throw new GatewayError('start_at_login_failed', `the system did not take the start-at-login setting: ${(e as Error).message}`);
      }
      d.settings.setStartAtLogin(enabled);
      return view();
    },
    'desktop.setLanguage': ({ language }) => {
      d.settings.setLanguage(language);
      d.languageChanged(language);
      return { language };
    },
    'desktop.testGateway': (input) => d.test(attachTarget(input, stored())),
    'desktop.attach': async (input) => {
      const target = attachTarget(input, stored());
      const tested = await d.test(target);
      if (!tested.ok) throw new GatewayError(`attach_${tested.code}`, `not attached: ${tested.message}`);
      d.settings.setAttach(target);
      d.log(`attached to ${target.url}${target.fingerprint ? ' (certificate pinned)' : ''}: restarting without an engine of its own`);
      d.restart('attached');
      return { restarting: true };
    },
    'desktop.detach': () => {
      if (!d.settings.attach()) return { restarting: false };
      d.settings.clearAttach();
      d.log('detached: restarting with the engine of this computer');
      d.restart('detached');
      return { restarting: true };
    },
    'desktop.link': () => d.link(),
  };
  return createDispatcher(desktopContract, handlers, { logger: { error: (m, e) => d.log(`${m} ${e instanceof Error ? (e.stack ?? e.message) : String(e ?? '')}`) } });
}
