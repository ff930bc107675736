/** Where the gateway keeps its database, key file and logs. */
import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'argus-gateway';

/** The per-user default: XDG data home on Linux, Application Support on macOS, %APPDATA% on Windows. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = platform(), home = homedir()): string {
  if (os === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (os === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), APP_DIR_NAME);
}

/** `--data-dir` wins over `GATEWAY_DATA_DIR`, which wins over the per-user default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag && flag.trim()) return resolve(flag);
  if (env.GATEWAY_DATA_DIR && env.GATEWAY_DATA_DIR.trim()) return resolve(env.GATEWAY_DATA_DIR);
  return defaultDataDir(env);
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'gateway.sqlite');
}
