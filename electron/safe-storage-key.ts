/**
 * The credential data key on the desktop, wrapped by Electron safeStorage (the
 * OS keychain / DPAPI / libsecret). Where safeStorage is unavailable (Linux
 * without a keyring) it falls back to the owner-only key file, and says so.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GatewayError } from '../core/errors.ts';
import { KeyFileProvider, keyFilePath, keychainKeyPath, type DataKeyProvider } from '../core/secrets/key-file.ts';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux: the backend Chromium chose (gnome_libsecret, kwallet…, or basic_text when there is no keyring). */
  getSelectedStorageBackend?(): string;
}

/**
 * A keychain worth the name: on Linux without a keyring Chromium "encrypts" with a key built
 * into every copy (basic_text), which protects no better than an owner-only file, and is opaque
 * to gatewayctl besides.
 */
export function hasRealKeychain(safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): boolean {
  if (!safe.isEncryptionAvailable()) return false;
  if (platform !== 'linux' || typeof safe.getSelectedStorageBackend !== 'function') return true;
  const backend = safe.getSelectedStorageBackend();
  return backend !== 'basic_text' && backend !== 'unknown';
}

export class SafeStorageKeyProvider implements DataKeyProvider {
  private readonly file: string;
  private readonly safe: SafeStorageLike;

  constructor(dataDir: string, safe: SafeStorageLike) {
    this.file = keychainKeyPath(dataDir);
    this.safe = safe;
  }

  load(): Buffer {
    if (!existsSync(this.file)) {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      writeFileSync(this.file, this.safe.encryptString(randomBytes(32).toString('base64')), { mode: 0o600 });
    }
    let key: Buffer;
    try {
      key = Buffer.from(this.safe.decryptString(readFileSync(this.file)), 'base64');
    } catch (e) {
      throw new GatewayError('secret_key_unreadable', `the credential key ${this.file} cannot be unlocked by the system keychain (${(e as Error).message}); set the credentials again after deleting it`);
    }
    if (key.length !== 32) throw new GatewayError('secret_key_invalid', `the credential key ${this.file} does not hold a 32-byte key`);
    return key;
  }
}

export function desktopKeyProvider(dataDir: string, safe: SafeStorageLike, log: (l: string) => void, platform: NodeJS.Platform = process.platform): DataKeyProvider {
  // A directory gatewayctl or the headless host keyed first (secret.key, no keychain key): its key stays the one.
  // A second key here would split the keyed audit log and leave the credentials set there unreadable.
  if (existsSync(keyFilePath(dataDir)) && !existsSync(keychainKeyPath(dataDir))) {
    log(`the data directory ${dataDir} is keyed by its owner-only key file (made by gatewayctl or the headless host): the desktop app uses that key`);
    return new KeyFileProvider(keyFilePath(dataDir));
  }
  // A key sealed before stays where it is (whatever the backend): a second key would orphan the credentials.
  if (existsSync(keychainKeyPath(dataDir)) && safe.isEncryptionAvailable()) return new SafeStorageKeyProvider(dataDir, safe);
  if (hasRealKeychain(safe, platform)) return new SafeStorageKeyProvider(dataDir, safe);
  log('the system keychain is not available (on Linux: no keyring, so Chromium would seal with a key built into every copy): credentials are protected by an owner-only key file instead');
  return new KeyFileProvider(keyFilePath(dataDir));
}
