import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open.ts';
import { ManualClock } from '../time/clock.ts';
import { CredentialVault } from './vault.ts';
import { KeyFileProvider, keyFilePath } from './key-file.ts';

describe('CredentialVault', () => {
  let dir: string;
  let db: Db;
  const clock = new ManualClock('2026-11-20T10:00:00Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-'));
    db = openDatabase(join(dir, 'g.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips credentials and never stores the password in clear', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    const status = vault.set('onec', { username: 'wfm', password: 'Пароль-секрет-42' });
    expect(status).toEqual({ system: 'onec', configured: true, username: 'wfm', rotatedAt: '2026-11-20T10:00:00.000Z' });
    expect(vault.get('onec')).toEqual({ username: 'wfm', password: 'Пароль-секрет-42' });
    const stored = (db.prepare("SELECT value FROM settings WHERE key = 'credential.onec'").get() as { value: string }).value;
    expect(stored).not.toContain('Пароль');
    expect(stored).not.toContain('секрет');
    expect(vault.status('mce')).toEqual({ system: 'mce', configured: false, username: null, rotatedAt: null });
  });

  it('uses a fresh IV on every rotation', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    vault.set('onec', { username: 'wfm', password: 'same' });
    const a = (db.prepare("SELECT value FROM settings WHERE key = 'credential.onec'").get() as { value: string }).value;
    vault.set('onec', { username: 'wfm', password: 'same' });
    const b = (db.prepare("SELECT value FROM settings WHERE key = 'credential.onec'").get() as { value: string }).value;
    expect(JSON.parse(a).iv).not.toBe(JSON.parse(b).iv);
  });

  it('keeps the key file readable by its owner only', () => {
    new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock).set('onec', { username: 'u', password: 'p' });
    if (process.platform !== 'win32') expect(statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
  });

  it('refuses to decrypt with another key, with a message that says what to do', () => {
    new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock).set('onec', { username: 'u', password: 'p' });
    const other = join(dir, 'other.key');
    writeFileSync(other, Buffer.alloc(32, 7).toString('base64'));
    const vault = new CredentialVault(db, new KeyFileProvider(other), clock);
    expect(() => vault.get('onec')).toThrow(/cannot be decrypted.*credentials set onec/);
  });

  it('does not let a sealed 1C credential pass as the MCE one', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    vault.set('onec', { username: 'u', password: 'p' });
    const sealed = (db.prepare("SELECT value FROM settings WHERE key = 'credential.onec'").get() as { value: string }).value;
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('credential.mce', ?, 'x')").run(sealed);
    expect(() => vault.get('mce')).toThrow(/cannot be decrypted/);
  });

  it('rejects an empty user name or password', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    expect(() => vault.set('onec', { username: ' ', password: 'p' })).toThrow(/user name must not be empty/);
    expect(() => vault.set('onec', { username: 'u', password: '' })).toThrow(/password must not be empty/);
  });

  it('reports a corrupt key file plainly', () => {
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, 'c2hvcnQ=');
    expect(() => new KeyFileProvider(bad).load()).toThrow(/does not hold a 32-byte key/);
  });
});
