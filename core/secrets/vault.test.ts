import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open.ts';
import { ManualClock } from '../time/clock.ts';
import { createCipheriv, randomBytes } from 'node:crypto';
import { CredentialVault, endpointOrigin } from './vault.ts';
import { KeyFileProvider, keyFilePath } from './key-file.ts';
import { GatewayError } from '../errors.ts';

const ZUP = 'http://zup.example';
const OTHER = 'http://elsewhere.example:8080';
const stored = (db: Db) => JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'credential.onec'").get() as { value: string }).value) as Record<string, unknown>;

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
    const status = vault.set('onec', { username: 'wfm', password: 'Пароль-секрет-42' }, ZUP);
    expect(status).toEqual({ system: 'onec', configured: true, username: 'wfm', rotatedAt: '2026-11-20T10:00:00.000Z', boundTo: ZUP });
    expect(vault.get('onec', ZUP)).toEqual({ username: 'wfm', password: 'Пароль-секрет-42' });
    const stored = (db.prepare("SELECT value FROM settings WHERE key = 'credential.onec'").get() as { value: string }).value;
    expect(stored).not.toContain('Пароль');
    expect(stored).not.toContain('секрет');
    expect(vault.status('mce')).toEqual({ system: 'mce', configured: false, username: null, rotatedAt: null, boundTo: null });
  });

  it('uses a fresh IV on every rotation', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    vault.set('onec', { username: 'wfm', password: 'same' }, ZUP);
    const a = (db.prepare("SELECT value FROM settings WHERE key = 'credential.onec'").get() as { value: string }).value;
    vault.set('onec', { username: 'wfm', password: 'same' }, ZUP);
    const b = (db.prepare("SELECT value FROM settings WHERE key = 'credential.onec'").get() as { value: string }).value;
    expect(JSON.parse(a).iv).not.toBe(JSON.parse(b).iv);
  });

  it('keeps the key file readable by its owner only', () => {
    new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock).set('onec', { username: 'u', password: 'p' }, ZUP);
    if (process.platform !== 'win32') expect(statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
  });

  it('refuses to decrypt with another key, with a message that says what to do', () => {
    new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock).set('onec', { username: 'u', password: 'p' }, ZUP);
    const other = join(dir, 'other.key');
    writeFileSync(other, Buffer.alloc(32, 7).toString('base64'));
    const vault = new CredentialVault(db, new KeyFileProvider(other), clock);
    expect(() => vault.get('onec', ZUP)).toThrow(/cannot be decrypted.*credentials set onec/);
  });

  it('does not let a sealed 1C credential pass as the MCE one', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    vault.set('onec', { username: 'u', password: 'p' }, ZUP);
    const sealed = (db.prepare("SELECT value FROM settings WHERE key = 'credential.onec'").get() as { value: string }).value;
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('credential.mce', ?, 'x')").run(sealed);
    expect(() => vault.get('mce', ZUP)).toThrow(/cannot be decrypted/);
  });

  it('sends credentials only to the host they were set for, and says what to do when the endpoint moved', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    vault.set('onec', { username: 'wfm', password: 'p' }, ZUP);
    let err: unknown;
    try {
      vault.get('onec', OTHER);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'credential_other_host',
      message: `the stored onec credentials were set for ${ZUP}, but the endpoint now is ${OTHER}; they are not sent to another host. Set them for the new host with "gatewayctl credentials set onec --user U --password-stdin"`,
    });
    expect(() => vault.get('onec', null)).toThrow(/endpoint now is not configured/);
    // Setting them again for the new host is the way forward; the old host is then refused.
    vault.set('onec', { username: 'wfm2', password: 'p2' }, OTHER);
    expect(vault.get('onec', OTHER)).toEqual({ username: 'wfm2', password: 'p2' });
    expect(() => vault.get('onec', ZUP)).toThrow(/were set for http:\/\/elsewhere.example:8080/);
  });

  it('cannot be re-bound by editing the stored host: the host is authenticated with the secret', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    vault.set('onec', { username: 'wfm', password: 'p' }, ZUP);
    const edited = { ...stored(db), origin: OTHER };
    db.prepare("UPDATE settings SET value = ? WHERE key = 'credential.onec'").run(JSON.stringify(edited));
    expect(() => vault.get('onec', OTHER)).toThrow(/cannot be decrypted/);
  });

  it('binds unbound credentials to the first host they are used with, keeping their rotation time, and says so once', () => {
    const bound: string[] = [];
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock, { onBound: (system, origin) => bound.push(`${system} → ${origin}`) });
    vault.set('onec', { username: 'wfm', password: 'p' }, null);
    expect(vault.status('onec').boundTo).toBeNull();
    clock.advance(60_000);
    expect(vault.get('onec', ZUP)).toEqual({ username: 'wfm', password: 'p' });
    expect(vault.status('onec')).toMatchObject({ boundTo: ZUP, rotatedAt: '2026-11-20T10:00:00.000Z' });
    expect(() => vault.get('onec', OTHER)).toThrow(/were set for http:\/\/zup.example/);
    vault.get('onec', ZUP);
    expect(bound).toEqual([`onec → ${ZUP}`]);
  });

  it('reads records sealed before host binding (v1) and binds them on first use', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    // A v1 record as earlier versions wrote it: the system name alone as authenticated data.
    const key = new KeyFileProvider(keyFilePath(dir)).load();
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from('onec'));
    const data = Buffer.concat([c.update(JSON.stringify({ username: 'old', password: 'legacy' }), 'utf8'), c.final()]);
    const v1 = { v: 1, iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64'), username: 'old', rotatedAt: '2026-01-01T00:00:00.000Z' };
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('credential.onec', ?, 'x')").run(JSON.stringify(v1));
    expect(vault.status('onec')).toMatchObject({ configured: true, username: 'old', boundTo: null });
    expect(vault.get('onec', ZUP)).toEqual({ username: 'old', password: 'legacy' });
    expect(stored(db)).toMatchObject({ v: 3, origin: ZUP, rotatedAt: '2026-01-01T00:00:00.000Z' });
    expect(() => vault.get('onec', OTHER)).toThrow(/not sent to another host/);
  });

  it('refuses a record whose auth tag was cut short, as tampered (a 4-byte GCM tag is forgeable)', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    vault.set('onec', { username: 'wfm', password: 'p' }, ZUP);
    const rec = stored(db);
    const short = { ...rec, tag: Buffer.from(rec.tag as string, 'base64').subarray(0, 4).toString('base64') };
    db.prepare("UPDATE settings SET value = ? WHERE key = 'credential.onec'").run(JSON.stringify(short));
    expect(() => vault.get('onec', ZUP)).toThrow(/cannot be decrypted \(wrong or replaced key file, or tampered data\)/);
  });

  it('says a stored record that is not JSON is unreadable, permanently, without quoting it', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('credential.onec', ?, 'x')").run('{"v":3,"data":"Пароль-в-открытую');
    for (const call of [() => vault.get('onec', ZUP), () => vault.status('onec'), () => vault.verify('onec')]) {
      let err: unknown;
      try {
        call();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GatewayError);
      expect(err).toMatchObject({
        code: 'credential_unreadable',
        kind: 'permanent',
        message: 'the stored onec credentials are unreadable: set them again with "gatewayctl credentials set onec --user U --password-stdin"',
      });
    }
  });

  it('says a record whose secret decrypts to something else than a user name and password is unreadable', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    const key = new KeyFileProvider(keyFilePath(dir)).load();
    for (const plain of ['not json at all', JSON.stringify({ username: 'u' })]) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(`onec\n${ZUP}`));
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      const v2 = { v: 2, iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64'), username: 'u', rotatedAt: '2026-01-01T00:00:00.000Z', origin: ZUP };
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('credential.onec', ?, 'x') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify(v2));
      expect(() => vault.get('onec', ZUP)).toThrow(/^the stored onec credentials are unreadable: set them again with/);
    }
  });

  it('covers the user name and rotation time shown by status with the integrity check', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    vault.set('onec', { username: 'wfm', password: 'p' }, ZUP);
    expect(stored(db)).toMatchObject({ v: 3, username: 'wfm' });
    const original = JSON.stringify(stored(db));
    for (const edit of [{ username: 'admin' }, { rotatedAt: '2030-01-01T00:00:00.000Z' }]) {
      db.prepare("UPDATE settings SET value = ? WHERE key = 'credential.onec'").run(JSON.stringify({ ...JSON.parse(original), ...edit }));
      expect(() => vault.status('onec')).toThrow(/cannot be decrypted \(wrong or replaced key file, or tampered data\)/);
      expect(() => vault.get('onec', ZUP)).toThrow(/cannot be decrypted/);
    }
    db.prepare("UPDATE settings SET value = ? WHERE key = 'credential.onec'").run(original);
    expect(vault.status('onec')).toMatchObject({ configured: true, username: 'wfm' });
  });

  it('notices an edited user name beside a record written before it was authenticated (v2), and rewrites such records as v3', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    const key = new KeyFileProvider(keyFilePath(dir)).load();
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from('onec\n'));
    const data = Buffer.concat([c.update(JSON.stringify({ username: 'wfm', password: 'old-p' }), 'utf8'), c.final()]);
    const v2 = { v: 2, iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64'), username: 'wfm', rotatedAt: '2026-01-01T00:00:00.000Z', origin: null };
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('credential.onec', ?, 'x')").run(JSON.stringify({ ...v2, username: 'admin' }));
    expect(() => vault.status('onec')).toThrow(/user name stored beside them \("admin"\) is not the one they were set for/);
    db.prepare("UPDATE settings SET value = ? WHERE key = 'credential.onec'").run(JSON.stringify(v2));
    expect(vault.status('onec')).toMatchObject({ username: 'wfm', boundTo: null });
    // First use binds them, and the record is written in the current form.
    expect(vault.get('onec', ZUP)).toEqual({ username: 'wfm', password: 'old-p' });
    expect(stored(db)).toMatchObject({ v: 3, origin: ZUP, username: 'wfm', rotatedAt: '2026-01-01T00:00:00.000Z' });
    expect(vault.status('onec')).toMatchObject({ username: 'wfm', boundTo: ZUP, rotatedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('puts a key file that became readable by others back to owner-only', () => {
    const file = keyFilePath(dir);
    new KeyFileProvider(file).load();
    if (process.platform === 'win32') return;
    chmodSync(file, 0o644);
    const again = new KeyFileProvider(file).load();
    expect(again.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rejects an empty user name or password', () => {
    const vault = new CredentialVault(db, new KeyFileProvider(keyFilePath(dir)), clock);
    expect(() => vault.set('onec', { username: ' ', password: 'p' }, ZUP)).toThrow(/user name must not be empty/);
    expect(() => vault.set('onec', { username: 'u', password: '' }, ZUP)).toThrow(/password must not be empty/);
  });

  it('reports a corrupt key file plainly', () => {
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, 'c2hvcnQ=');
    expect(() => new KeyFileProvider(bad).load()).toThrow(/does not hold a 32-byte key/);
  });

  it("never makes a second key beside the desktop app's keychain key, and never a key for a reader", () => {
    writeFileSync(join(dir, 'secret.key.safe'), 'wrapped by the OS keychain');
    expect(() => new KeyFileProvider(keyFilePath(dir)).load()).toThrow(/held by the desktop app through the OS keychain \(secret.key.safe\)/);
    expect(existsSync(keyFilePath(dir))).toBe(false);
    const other = mkdtempSync(join(tmpdir(), 'vault-reader-'));
    try {
      expect(() => new KeyFileProvider(keyFilePath(other), { create: false }).load()).toThrow(/there is no key file/);
      expect(existsSync(keyFilePath(other))).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('endpointOrigin', () => {
  it('reduces an endpoint URL to the host credentials are bound to', () => {
    expect(endpointOrigin('http://zup.example/zup/hs/wfm')).toBe('http://zup.example');
    expect(endpointOrigin('HTTPS://Zup.Example:8443/x')).toBe('https://zup.example:8443');
    expect(endpointOrigin('')).toBeNull();
    expect(endpointOrigin('not a url')).toBeNull();
  });
});
