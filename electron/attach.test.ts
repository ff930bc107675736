import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachTarget, normalizeFingerprint, parseGatewayUrl, sealToken, tokenSealer, unsealToken, type TokenSealer } from './attach.ts';
import { DesktopSettingsStore } from './desktop-settings.ts';

const FP = 'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89';
const FP_NORMAL = FP.toUpperCase();

/** A keychain stand-in that really transforms the text (so a plain token in the file would show). */
function keychain(available = true): TokenSealer & { locked: boolean } {
  const k = {
    locked: false,
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from(`sealed:${Buffer.from(s).toString('hex')}`),
    decryptString: (b: Buffer) => {
      if (k.locked) throw new Error('the keyring is locked');
      return Buffer.from(b.toString().replace(/^sealed:/, ''), 'hex').toString();
    },
  };
  return k;
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  return null;
};

describe('the gateway address', () => {
  it('takes the console URL the server printed, its origin or its socket, and keeps host and port', () => {
    expect(parseGatewayUrl('http://127.0.0.1:8787/?token=abc123#/plans')).toEqual({ url: 'http://127.0.0.1:8787', wsUrl: 'ws://127.0.0.1:8787/ws', secure: false, tokenInUrl: 'abc123' });
    expect(parseGatewayUrl(' https://GW.example:8443/ ')).toMatchObject({ url: 'https://gw.example:8443', wsUrl: 'wss://gw.example:8443/ws', secure: true, tokenInUrl: null });
    expect(parseGatewayUrl('wss://gw.example/ws')).toMatchObject({ url: 'https://gw.example', wsUrl: 'wss://gw.example/ws' });
    expect(parseGatewayUrl('http://[::1]:8787/index.html')).toMatchObject({ url: 'http://[::1]:8787', wsUrl: 'ws://[::1]:8787/ws' });
  });

  it('refuses what is not a gateway address, each with its sentence', () => {
    expect(codeOf(() => parseGatewayUrl(''))).toMatchObject({ code: 'attach_url_invalid', message: /give the address of the gateway/ });
    expect(codeOf(() => parseGatewayUrl('gw.example:8787'))).toMatchObject({ code: 'attach_url_invalid', message: /must start with https:\/\/ or http:\/\/, not gw.example:\/\// });
    expect(codeOf(() => parseGatewayUrl('not a url'))).toMatchObject({ message: /"not a url" is not an address/ });
    expect(codeOf(() => parseGatewayUrl('ftp://gw.example'))).toMatchObject({ message: /not ftp:\/\// });
    expect(codeOf(() => parseGatewayUrl('https://admin:pw@gw.example'))).toMatchObject({ message: /no user name or password in the address/ });
    expect(codeOf(() => parseGatewayUrl('https://gw.example/argus/'))).toMatchObject({ message: /without a path \(\/argus\/\), e\.g\. https:\/\/gw\.example$/ });
  });
});

describe('the attach target', () => {
  it('normalises the fingerprint as openssl and Node print it', () => {
    expect(normalizeFingerprint(FP)).toBe(FP_NORMAL);
    expect(normalizeFingerprint(`sha256 Fingerprint=${FP}`)).toBe(FP_NORMAL);
    expect(normalizeFingerprint(FP.replace(/:/g, ''))).toBe(FP_NORMAL);
    expect(normalizeFingerprint(FP.replace(/:/g, ' '))).toBe(FP_NORMAL);
    expect(codeOf(() => normalizeFingerprint('AB:CD'))).toMatchObject({ code: 'attach_fingerprint_invalid', message: /64 hexadecimal digits/ });
    expect(codeOf(() => normalizeFingerprint(FP.replace('ab', 'zz')))).toMatchObject({ code: 'attach_fingerprint_invalid' });
  });

  it('takes the token from its field, else from the URL, else the one stored for the same gateway', () => {
    expect(attachTarget({ url: 'https://gw:8787', token: ' t0ken ', fingerprint: FP }, null)).toEqual({ url: 'https://gw:8787', wsUrl: 'wss://gw:8787/ws', secure: true, token: 't0ken', fingerprint: FP_NORMAL });
    expect(attachTarget({ url: 'http://gw:8787/?token=fromurl' }, null).token).toBe('fromurl');
    expect(attachTarget({ url: 'http://gw:8787', token: '' }, { url: 'http://gw:8787', token: 'stored', fingerprint: null }).token).toBe('stored');
    expect(attachTarget({ url: 'https://gw:8787', fingerprint: FP }, { url: 'https://gw:8787', token: 'stored', fingerprint: FP_NORMAL }).token).toBe('stored');
    // Never the token of another gateway, nor to a certificate pinned since (or no longer pinned).
    expect(codeOf(() => attachTarget({ url: 'http://other:8787' }, { url: 'http://gw:8787', token: 'stored', fingerprint: null }))).toMatchObject({ code: 'attach_token_invalid', message: /give the access token/ });
    const repinned = FP.replace(/^ab/, 'cd');
    expect(codeOf(() => attachTarget({ url: 'https://gw:8787', fingerprint: repinned }, { url: 'https://gw:8787', token: 'stored', fingerprint: FP_NORMAL }))).toMatchObject({ code: 'attach_token_invalid', message: /type it again to use another certificate fingerprint/ });
    expect(codeOf(() => attachTarget({ url: 'https://gw:8787' }, { url: 'https://gw:8787', token: 'stored', fingerprint: FP_NORMAL }))).toMatchObject({ code: 'attach_token_invalid' });
  });

  it('refuses a token that cannot travel as a WebSocket subprotocol, and a pin on plain http', () => {
    expect(codeOf(() => attachTarget({ url: 'http://gw', token: 'two words' }, null))).toMatchObject({ code: 'attach_token_invalid', message: /paste it exactly/ });
    expect(codeOf(() => attachTarget({ url: 'http://gw', token: 'токен' }, null))).toMatchObject({ code: 'attach_token_invalid' });
    expect(codeOf(() => attachTarget({ url: 'http://gw', token: 'abc', fingerprint: FP }, null))).toMatchObject({ code: 'attach_fingerprint_invalid', message: /https:\/\/ address only/ });
  });
});

describe('the desktop settings file', () => {
  let dir: string;
  let file: string;
  const logs: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'argus-desktop-settings-'));
    file = join(dir, 'userData', 'desktop-settings.json');
    logs.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts from the defaults: every notification on, no start at login, local engine', () => {
    const s = new DesktopSettingsStore(file, keychain(), (l) => logs.push(l));
    expect(s.notifications).toEqual({ planAwaiting: true, operationFailed: true, linkDown: true, auditBroken: true });
    expect(s.startAtLogin).toBe(false);
    expect(s.attach()).toBeNull();
    expect(logs).toEqual([]);
  });

  it('keeps each choice across restarts, the token sealed by the keychain and the file owner-only', () => {
    const k = keychain();
    const s = new DesktopSettingsStore(file, k, () => {});
    s.setNotifications({ operationFailed: false });
    s.setStartAtLogin(true);
    s.setLanguage('en');
    s.markCloseNoticeShown();
    s.setAttach(attachTarget({ url: 'https://gw.example:8787', token: 'the-secret-token', fingerprint: FP }, null));
    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain('the-secret-token');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    const again = new DesktopSettingsStore(file, k, () => {});
    expect(again.notifications).toEqual({ planAwaiting: true, operationFailed: false, linkDown: true, auditBroken: true });
    expect(again.startAtLogin).toBe(true);
    expect(again.language).toBe('en');
    expect(again.closeNoticeShown).toBe(true);
    expect(again.attach()).toEqual({ url: 'https://gw.example:8787', wsUrl: 'wss://gw.example:8787/ws', fingerprint: FP_NORMAL, token: 'the-secret-token', tokenProblem: null, tokenProtection: 'keychain' });
    again.clearAttach();
    expect(new DesktopSettingsStore(file, k, () => {}).attach()).toBeNull();
  });

  it('without a keychain keeps the token in the owner-only file and says so; a locked keychain gives the reason', () => {
    const s = new DesktopSettingsStore(file, keychain(false), (l) => logs.push(l));
    s.setAttach(attachTarget({ url: 'http://gw:8787', token: 'plain-token' }, null));
    expect(logs).toContain('the system keychain is not available: the gateway token is kept in an owner-only file instead');
    expect(s.attach()).toMatchObject({ token: 'plain-token', tokenProtection: 'file' });

    const k = keychain();
    const sealedStore = new DesktopSettingsStore(file, k, () => {});
    sealedStore.setAttach(attachTarget({ url: 'http://gw:8787', token: 'sealed-token' }, null));
    k.locked = true;
    expect(sealedStore.attach()).toMatchObject({ token: null, tokenProtection: 'keychain', tokenProblem: 'the gateway token cannot be unlocked by the system keychain (the keyring is locked): give it again in Settings, Desktop' });
  });

  it('falls back to the defaults on a damaged file, and says so', () => {
    const s = new DesktopSettingsStore(file, keychain(), () => {});
    s.setStartAtLogin(true);
    writeFileSync(file, '{"startAtLogin": "yes"}');
    const damaged = new DesktopSettingsStore(file, keychain(), (l) => logs.push(l));
    expect(damaged.startAtLogin).toBe(false);
    expect(logs[0]).toMatch(/desktop-settings\.json are damaged .*: using the defaults$/);
    writeFileSync(file, 'not json');
    new DesktopSettingsStore(file, keychain(), (l) => logs.push(l));
    expect(logs[1]).toMatch(/cannot be read .*: using the defaults$/);
  });

  it('reads where the token goes from the stored address and pin, never from a stored socket URL; a pin beside http sends nothing', () => {
    const s = new DesktopSettingsStore(file, keychain(false), () => {});
    s.setAttach(attachTarget({ url: 'https://gw.example:8787', token: 'the-token', fingerprint: FP }, null));
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { attach: Record<string, unknown> };
    writeFileSync(file, JSON.stringify({ ...stored, attach: { ...stored.attach, wsUrl: 'ws://gw.example:8787/ws', fingerprint: FP.replace(/:/g, '') } }));
    expect(new DesktopSettingsStore(file, keychain(false), () => {}).attach()).toMatchObject({ wsUrl: 'wss://gw.example:8787/ws', fingerprint: FP_NORMAL, token: 'the-token' });
    writeFileSync(file, JSON.stringify({ ...stored, attach: { ...stored.attach, url: 'http://gw.example:8787', wsUrl: 'ws://gw.example:8787/ws' } }));
    expect(new DesktopSettingsStore(file, keychain(false), () => {}).attach()).toMatchObject({ token: null, tokenProblem: expect.stringMatching(/is damaged \(a certificate pin beside a plain http:\/\/ address\): the token is not sent/) });
    writeFileSync(file, JSON.stringify({ ...stored, attach: { ...stored.attach, fingerprint: 'not-a-pin' } }));
    expect(new DesktopSettingsStore(file, keychain(false), () => {}).attach()).toMatchObject({ token: null });
  });

  it('does not call Linux basic_text (a key built into every copy) a keychain: the token is kept as a file token, and says so', () => {
    const k = Object.assign(keychain(), { backend: 'basic_text', getSelectedStorageBackend: () => k.backend });
    const s = new DesktopSettingsStore(file, tokenSealer(k, 'linux'), (l) => logs.push(l));
    expect(s.keychain).toBe(false);
    s.setAttach(attachTarget({ url: 'http://gw:8787', token: 'basic-token' }, null));
    expect(logs).toContain('the system keychain is not available: the gateway token is kept in an owner-only file instead');
    expect(s.attach()).toMatchObject({ token: 'basic-token', tokenProtection: 'file' });
    k.backend = 'gnome_libsecret';
    expect(tokenSealer(k, 'linux').isEncryptionAvailable()).toBe(true);
    k.backend = 'basic_text';
    expect(tokenSealer(k, 'darwin').isEncryptionAvailable()).toBe(true);
  });

  it('seals and unseals a token through the keychain interface', () => {
    const k = keychain();
    const sealed = sealToken('abc', k);
    expect(sealed).not.toHaveProperty('plain');
    expect(unsealToken(sealed, k)).toBe('abc');
    expect(sealToken('abc', keychain(false))).toEqual({ plain: 'abc' });
  });
});
