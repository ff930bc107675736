/**
 * Attach mode's settings, validated: the address of a headless gateway, its
 * token and, for HTTPS, the SHA-256 fingerprint of the certificate to pin.
 * Each refusal is a GatewayError whose code names the field and whose message
 * is a sentence (the console shows it by that field).
 */
import { WS_PATH } from '../core/contract/index.ts';
import { GatewayError } from '../core/errors.ts';
import { hasRealKeychain } from './safe-storage-key.ts';

export interface AttachTarget {
  /** What the console shows and the settings keep: https://gw.example:8787 */
  url: string;
  /** Where the contract is spoken: wss://gw.example:8787/ws */
  wsUrl: string;
  secure: boolean;
  token: string;
  /** AA:BB:… (32 bytes, upper case), or null. */
  fingerprint: string | null;
}

const urlError = (m: string) => new GatewayError('attach_url_invalid', m);
const tokenError = (m: string) => new GatewayError('attach_token_invalid', m);
const pinError = (m: string) => new GatewayError('attach_fingerprint_invalid', m);

/**
 * The gateway's address as people paste it: the console URL the server printed
 * (with ?token=…, which is taken as the token), its origin, or its ws(s):// socket.
 */
export function parseGatewayUrl(text: string): { url: string; wsUrl: string; secure: boolean; tokenInUrl: string | null } {
  const raw = text.trim();
  if (!raw) throw urlError('give the address of the gateway, e.g. https://gateway.example:8787');
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw urlError(`"${raw.slice(0, 100)}" is not an address: give it as https://gateway.example:8787`);
  }
  const scheme = u.protocol.replace(/:$/, '');
  if (!['http', 'https', 'ws', 'wss'].includes(scheme)) throw urlError(`the address must start with https:// or http://, not ${scheme}://`);
  if (u.username || u.password) throw urlError('no user name or password in the address: the token goes in its own field');
  if (!u.hostname) throw urlError('the address names no host');
  const path = u.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== WS_PATH && path !== '/index.html') throw urlError(`give the gateway's address without a path (${u.pathname}), e.g. ${u.protocol}//${u.host}`);
  const secure = scheme === 'https' || scheme === 'wss';
  const host = u.host; // keeps [::1] brackets and a non-default port
  return {
    url: `${secure ? 'https' : 'http'}://${host}`,
    wsUrl: `${secure ? 'wss' : 'ws'}://${host}${WS_PATH}`,
    secure,
    tokenInUrl: u.searchParams.get('token'),
  };
}

/** Characters a WebSocket subprotocol may hold (RFC 7230 tchar): the token travels as one. */
const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function checkToken(token: string): string {
  const t = token.trim();
  if (!t) throw tokenError('give the access token of the gateway: serve prints it at start, or it is in the file given with --token-file');
  if (t.length > 4096) throw tokenError('the token is longer than 4096 characters: that is not a gateway token');
  if (!TOKEN_RE.test(t)) throw tokenError('the token holds characters a gateway token never has (spaces, quotes, commas, non-Latin letters): paste it exactly as the gateway gave it');
  return t;
}

/** "sha256 Fingerprint=ab:cd:…", "AB CD …" or 64 hex digits → "AB:CD:…". */
export function normalizeFingerprint(text: string): string {
  const hex = text
    .trim()
    .replace(/^sha-?256\s*(fingerprint)?\s*[=:]?\s*/i, '')
    .replace(/[\s:]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw pinError('the fingerprint must be the SHA-256 of the certificate: 64 hexadecimal digits, with or without colons (openssl x509 -noout -fingerprint -sha256 -in cert.pem prints it)');
  }
  return hex.toUpperCase().match(/../g)!.join(':');
}

export interface AttachInputText {
  url: string;
  token?: string;
  fingerprint?: string;
}

/**
 * The attach target of a form. An empty token means the one in the URL, or the one
 * already stored, but only for the same gateway and the same pin it was given for: a
 * stored token never goes to another address or to a certificate pinned since.
 */
export function attachTarget(input: AttachInputText, stored: { url: string; token: string; fingerprint: string | null } | null): AttachTarget {
  const parsed = parseGatewayUrl(input.url);
  const pinText = (input.fingerprint ?? '').trim();
  let fingerprint: string | null = null;
  if (pinText) {
    if (!parsed.secure) throw pinError('a certificate fingerprint applies to an https:// address only: this one is plain http, where nothing is encrypted or pinned');
    fingerprint = normalizeFingerprint(pinText);
  }
  let tokenText = (input.token ?? '').trim() || parsed.tokenInUrl || '';
  if (!tokenText && stored && stored.url === parsed.url) {
    if (stored.fingerprint !== fingerprint) throw tokenError('the stored token goes only to the gateway and certificate it was given for: type it again to use another certificate fingerprint');
    tokenText = stored.token;
  }
  const token = checkToken(tokenText);
  return { url: parsed.url, wsUrl: parsed.wsUrl, secure: parsed.secure, token, fingerprint };
}

/** The slice of Electron's safeStorage the token needs. */
export interface TokenSealer {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Electron's safeStorage, with the Linux backend it chose. */
export interface SafeStorageWithBackend extends TokenSealer {
  getSelectedStorageBackend?(): string;
}

/**
 * The keychain as the token sees it. On Linux without a keyring Chromium "encrypts" with a
 * key built into every copy (the basic_text backend): that is no keychain, so the token is
 * kept as what it then is, in the owner-only file, and the settings say "file", not "keychain".
 * Unsealing still goes through safeStorage (a token sealed earlier stays readable).
 */
export function tokenSealer(safe: SafeStorageWithBackend, platform: NodeJS.Platform): TokenSealer {
  return {
    isEncryptionAvailable: () => hasRealKeychain(safe, platform),
    encryptString: (plain) => safe.encryptString(plain),
    decryptString: (encrypted) => safe.decryptString(encrypted),
  };
}

/** The token at rest: sealed by the OS keychain, or (no keychain here) as it is in an owner-only file. */
export type StoredToken = { sealed: string } | { plain: string };

export function sealToken(token: string, safe: TokenSealer): StoredToken {
  return safe.isEncryptionAvailable() ? { sealed: safe.encryptString(token).toString('base64') } : { plain: token };
}

export function unsealToken(stored: StoredToken, safe: TokenSealer): string {
  if ('plain' in stored) return stored.plain;
  try {
    return safe.decryptString(Buffer.from(stored.sealed, 'base64'));
  } catch (e) {
    throw new GatewayError('attach_token_unreadable', `the gateway token cannot be unlocked by the system keychain (${(e as Error).message}): give it again in Settings, Desktop`);
  }
}
