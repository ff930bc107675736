/**
 * The console must be built before a browser can open it. Builds renderer/dist with
 * Vite when it is missing or older than any of its sources; otherwise does nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const distIndex = join(repoRoot, 'renderer', 'dist', 'index.html');

/** Newest modification time under a path (file or directory), ms. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

/** Sources the bundle is made of: the renderer, the contract it imports, the build config. */
const sources = ['renderer/src', 'renderer/index.html', 'core/contract', 'vite.config.ts', 'package-lock.json'];

export function rendererIsStale(): boolean {
  if (!existsSync(distIndex)) return true;
  const built = statSync(distIndex).mtimeMs;
  return sources.some((s) => newest(join(repoRoot, s)) > built);
}

export function ensureRendererBuilt(log: (line: string) => void = (l) => console.log(l)): void {
  if (!rendererIsStale()) return;
  log('e2e: building the console (renderer/dist is missing or older than its sources)');
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
}
