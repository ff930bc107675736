/**
 * A data directory the desktop app keyed through the OS keychain (secret.key.safe, no
 * secret.key), opened by a process that has no keychain (gatewayctl, the headless host):
 * everything that needs the key fails with the one sentence saying where the key is, and
 * reading what needs no key keeps working. No second key is ever made.
 */
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditHeadNow, listAudit, verifyAuditChainAsync } from '../audit/index.ts';
import { createGateway, openAuditReader } from '../service.ts';
import { keychainKeyPath, keyFilePath } from './key-file.ts';

const sentence = (dir: string) =>
  `the data key of ${dir} is held by the desktop app through the OS keychain (secret.key.safe), which only the desktop app can open: credentials, audit checks and audited changes of this directory are made there, while reading works here; for a directory of this host's own, use --data-dir`;

let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keychain-dir-'));
  // Written as the desktop app would: credentials and keyed audit entries under the data key.
  const gw = await createGateway({ dataDir: dir, runQueue: false, log: () => {} });
  gw.vault.set('onec', { username: 'wfm', password: 'secret' }, 'http://zup.example');
  gw.config.set('sync.planTtlHours', 12);
  gw.audit({ actor: 'tester', action: 'config.set', entityType: 'config', entityId: 'sync.planTtlHours', after: { value: 12 } });
  await gw.close();
  // The desktop keeps the key sealed by the keychain, never as a plain key file.
  renameSync(keyFilePath(dir), keychainKeyPath(dir));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a data directory keyed by the desktop app', () => {
  it('says where the key is for credentials, audited changes and verification, instead of "tampered" or "missing"', async () => {
    const gw = await createGateway({ dataDir: dir, runQueue: false, log: () => {} });
    try {
      expect(() => gw.vault.status('onec')).toThrow(sentence(dir));
      expect(() => gw.audit({ actor: 'tester', action: 'x', entityType: 'config', entityId: 'k' })).toThrow(sentence(dir));
      await expect(verifyAuditChainAsync(gw.db, { parallel: false })).rejects.toThrow(sentence(dir));
      expect(() => auditHeadNow(gw.db)).toThrow(sentence(dir));
      // Reading needs no key.
      expect(listAudit(gw.db, {}).total).toBeGreaterThan(0);
    } finally {
      await gw.close();
    }
    expect(existsSync(keyFilePath(dir))).toBe(false);
  });

  it('tells a read-only reader the same', async () => {
    const reader = openAuditReader({ dataDir: dir });
    try {
      await expect(verifyAuditChainAsync(reader.db, { parallel: false })).rejects.toMatchObject({ code: 'secret_key_in_keychain', message: sentence(dir) });
      expect(listAudit(reader.db, {}).total).toBeGreaterThan(0);
    } finally {
      reader.close();
    }
    expect(existsSync(keyFilePath(dir))).toBe(false);
  });
});
