/**
 * Finds Electron's binary without triggering its downloader (requiring the
 * `electron` package from Node would try to download it when it is missing).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function findElectronBinary(root: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string | null {
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(p) ? p : null;
  }
  if (!relative) return null;
  const p = join(pkgDir, 'dist', relative);
  return existsSync(p) ? p : null;
}

export const MISSING_BINARY_HELP =
  "Electron's binary is not installed here: npm install does not download it (Electron 45 fetches it on first use, from its release host). " +
  'Install it with `node node_modules/electron/install.js` on a machine that can reach the Electron release host, ' +
  'or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45. The browser console works without it: `npm run serve`.';
