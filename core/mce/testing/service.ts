/** An MceService on a temporary database against an MCE endpoint, for integration tests. */
import { ConfigStore } from '../../config/store.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { KeyFileProvider } from '../../secrets/key-file.ts';
import { CredentialVault } from '../../secrets/vault.ts';
import { systemClock } from '../../time/clock.ts';
import type { MceEndpoint } from '../endpoint.ts';
import { MceService, type MceServiceOptions } from '../service.ts';
import { join } from 'node:path';

export function mceServiceOn(dir: string, override: MceEndpoint, opts: Partial<MceServiceOptions> = {}): { svc: MceService; db: Db; logs: string[] } {
  const db = openDatabase(join(dir, 'gateway.db'));
  const config = new ConfigStore(db, systemClock);
  // The shortest the settings allow: a dead socket is noticed within a second, REST polled every second.
  config.set('mce.heartbeatTimeoutMs', 1000);
  config.set('mce.pollIntervalMs', 1000);
  const vault = new CredentialVault(db, new KeyFileProvider(join(dir, 'secret.key')), systemClock);
  const logs: string[] = [];
  const svc = new MceService({
    db,
    clock: systemClock,
    config,
    vault,
    override,
    log: (l) => logs.push(l),
    flushMs: 200,
    listener: { backoff: { baseMs: 100, capMs: 1000 }, endpointCheckMs: 200, authRetryMs: 1500, resyncTimeoutMs: 2000 },
    ...opts,
  });
  return { svc, db, logs };
}

/** Polls until `check` holds; fails with `what` after `ms`. */
export async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
