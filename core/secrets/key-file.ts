/**
 * The data key that encrypts credentials at rest. On the headless host and the
 * CLI it lives in a key file readable only by its owner; the desktop host wraps
 * it with Electron safeStorage through the same interface.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GatewayError } from '../errors.ts';

export interface DataKeyProvider {
  /** A 32-byte key, created on first use. */
  load(): Buffer;
}

export function keyFilePath(dataDir: string): string {
  return join(dataDir, 'secret.key');
}

/** Where the desktop app keeps the data key wrapped by the OS keychain (electron/safe-storage-key.ts). */
export function keychainKeyPath(dataDir: string): string {
  return join(dataDir, 'secret.key.safe');
}

/**
 * The one sentence for a data directory whose key the desktop app sealed in the OS keychain
 * (the desktop app, gatewayctl and the headless host may share one directory).
 */
export function keyInKeychain(dataDir: string): GatewayError {
  return new GatewayError(
    'secret_key_in_keychain',
    `the data key of ${dataDir} is held by the desktop app through the OS keychain (secret.key.safe), which only the desktop app can open: credentials, audit checks and audited changes of this directory are made there, while reading works here; for a directory of this host's own, use --data-dir`,
    'permanent',
  );
}

export class KeyFileProvider implements DataKeyProvider {
  private readonly file: string;
  private readonly create: boolean;
  /** `create: false` for readers (verifying a copy): a missing key is an error, never a new key. */
  constructor(file: string, opts: { create?: boolean } = {}) {
    this.file = file;
    this.create = opts.create ?? true;
  }

  load(): Buffer {
    if (!existsSync(this.file)) {
      // The directory's key is the desktop app's, in the OS keychain: a second key here would leave its
      // credentials unreadable to this process and split the keyed audit log between two keys; a reader
      // is told the same, not that a key file is missing.
      if (existsSync(keychainKeyPath(dirname(this.file)))) throw keyInKeychain(dirname(this.file));
      if (!this.create) {
        throw new GatewayError('secret_key_missing', `there is no key file ${this.file}: keyed audit entries and the sealed head cannot be checked without the key that wrote them`);
      }
      // Owner-only, like the data directory the database opens (core/db/files.ts).
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      // wx: never overwrite a key another process created a moment ago.
      try {
        writeFileSync(this.file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    if (process.platform !== 'win32' && this.create) {
      const mode = statSync(this.file).mode & 0o777;
      if (mode & 0o077) chmodSync(this.file, 0o600);
    }
    const key = Buffer.from(readFileSync(this.file, 'utf8').trim(), 'base64');
    if (key.length !== 32) {
      throw new GatewayError('secret_key_invalid', `the key file ${this.file} does not hold a 32-byte key; restore it from a backup, or delete it and set the credentials again`);
    }
    return key;
  }
}
