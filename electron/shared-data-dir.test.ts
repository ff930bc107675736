/**
 * The desktop app, gatewayctl and the headless host on one data directory.
 * Whoever keys it first keeps its key: the desktop seals it in the OS keychain
 * (secret.key.safe), the others use an owner-only key file (secret.key). The
 * desktop takes a key file it finds; gatewayctl, finding the keychain's key,
 * says so in one sentence (the real CLI, spawned) and still reads what needs no key.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../core/service.ts';
import { keychainKeyPath, keyFilePath } from '../core/secrets/key-file.ts';
import { desktopKeyProvider, type SafeStorageLike } from './safe-storage-key.ts';

const keychain: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(`sealed:${Buffer.from(s).toString('hex')}`),
  decryptString: (b) => Buffer.from(b.toString().replace(/^sealed:/, ''), 'hex').toString(),
};

let dir: string;
const logs: string[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argus-shared-'));
  logs.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function gatewayctl(...args: string[]) {
  const r = spawnSync(process.execPath, ['cli/gatewayctl.ts', '--data-dir', dir, ...args], { encoding: 'utf8', env: { ...process.env, GATEWAY_DATA_DIR: '' }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('one data directory for the desktop app and gatewayctl', () => {
  it("gatewayctl on the desktop's directory says in one sentence that the keychain holds the key, and reads what needs none", async () => {
    const gw = await createGateway({ dataDir: dir, runQueue: false, keyProvider: desktopKeyProvider(dir, keychain, (l) => logs.push(l)), log: () => {} });
    gw.vault.set('onec', { username: 'wfm', password: 'secret' }, 'http://zup.example');
    gw.audit({ actor: 'operator', action: 'config.set', entityType: 'config', entityId: 'sync.planTtlHours', after: { value: 12 } });
    await gw.close();
    expect(existsSync(keychainKeyPath(dir))).toBe(true);
    expect(existsSync(keyFilePath(dir))).toBe(false);

    const sentence = `error: the data key of ${dir} is held by the desktop app through the OS keychain (secret.key.safe), which only the desktop app can open: credentials, audit checks and audited changes of this directory are made there, while reading works here; for a directory of this host's own, use --data-dir\n`;
    for (const args of [['credentials', 'status'], ['audit', 'verify'], ['config', 'set', 'sync.planTtlHours', '12']]) {
      const r = gatewayctl(...args);
      expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 1, stderr: sentence });
    }
    const list = gatewayctl('audit', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('config.set');
    // Nothing the CLI did made a second key.
    expect(existsSync(keyFilePath(dir))).toBe(false);
  }, 60_000);

  it("on Linux without a keyring (Chromium's basic_text) a new directory is keyed by the owner-only key file, one gatewayctl can use; a key sealed before stays", async () => {
    const basicText: SafeStorageLike = { ...keychain, getSelectedStorageBackend: () => 'basic_text' };
    const gw = await createGateway({ dataDir: dir, runQueue: false, keyProvider: desktopKeyProvider(dir, basicText, (l) => logs.push(l), 'linux'), log: () => {} });
    gw.vault.set('onec', { username: 'wfm', password: 'secret' }, 'http://zup.example');
    await gw.close();
    expect(existsSync(keyFilePath(dir))).toBe(true);
    expect(existsSync(keychainKeyPath(dir))).toBe(false);
    expect(logs[0]).toMatch(/^the system keychain is not available \(on Linux: no keyring/);
    expect(gatewayctl('credentials', 'status').status).toBe(0);

    // A directory sealed earlier through basic_text keeps its key (no second one).
    const other = mkdtempSync(join(tmpdir(), 'argus-shared-'));
    try {
      const sealed = await createGateway({ dataDir: other, runQueue: false, keyProvider: desktopKeyProvider(other, keychain, () => {}, 'linux'), log: () => {} });
      sealed.vault.set('onec', { username: 'wfm', password: 'secret' }, 'http://zup.example');
      await sealed.close();
      const again = await createGateway({ dataDir: other, runQueue: false, keyProvider: desktopKeyProvider(other, basicText, () => {}, 'linux'), log: () => {} });
      try {
        expect(again.vault.get('onec', 'http://zup.example')).toEqual({ username: 'wfm', password: 'secret' });
      } finally {
        await again.close();
      }
      expect(existsSync(keyFilePath(other))).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);

  it('the desktop app on a directory gatewayctl keyed first uses its key file, never a second key', async () => {
    const first = await createGateway({ dataDir: dir, runQueue: false, log: () => {} });
    first.vault.set('onec', { username: 'wfm', password: 'secret' }, 'http://zup.example');
    await first.close();
    const gw = await createGateway({ dataDir: dir, runQueue: false, keyProvider: desktopKeyProvider(dir, keychain, (l) => logs.push(l)), log: () => {} });
    try {
      expect(gw.vault.get('onec', 'http://zup.example')).toEqual({ username: 'wfm', password: 'secret' });
    } finally {
      await gw.close();
    }
    expect(existsSync(keychainKeyPath(dir))).toBe(false);
    expect(logs).toEqual([`the data directory ${dir} is keyed by its owner-only key file (made by gatewayctl or the headless host): the desktop app uses that key`]);
  });
});
