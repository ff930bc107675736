/**
 * `npm start`: launches the built desktop app with Electron's binary, or says
 * plainly what is missing instead of trying to download it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary, MISSING_BINARY_HELP } from './binary.ts';

const root = process.cwd();
const binary = findElectronBinary(root);
if (!binary) {
  console.error(`start: ${MISSING_BINARY_HELP}`);
  process.exit(1);
}
for (const built of ['dist-electron/main.cjs', 'dist-electron/preload.cjs', 'renderer/dist/index.html']) {
  if (!existsSync(join(root, built))) {
    console.error(`start: ${built} is missing: run "npm run build:web && npm run build:electron" first (npm start does both)`);
    process.exit(1);
  }
}
const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// Ctrl+C reaches Electron too (same process group); it quits gracefully on its own.
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
