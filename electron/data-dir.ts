/**
 * Where the desktop app keeps the gateway's data: the same per-user directory
 * gatewayctl and the headless host use by default (so `gatewayctl queue list`
 * on this computer sees the desktop's queue), or GATEWAY_DATA_DIR. A directory
 * an earlier version made under the app's own data (userData/data) stays in use.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { databaseFile, defaultDataDir } from '../core/config/data-dir.ts';

export function desktopDataDir(env: NodeJS.ProcessEnv, userData: string, log: (line: string) => void): string {
  if (env.GATEWAY_DATA_DIR && env.GATEWAY_DATA_DIR.trim()) return resolve(env.GATEWAY_DATA_DIR);
  const earlier = join(userData, 'data');
  if (existsSync(databaseFile(earlier))) {
    log(`data directory ${earlier} (made by an earlier version) stays in use; gatewayctl reaches it with --data-dir "${earlier}"`);
    return earlier;
  }
  return defaultDataDir(env);
}
