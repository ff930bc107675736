/**
 * `npm run test:electron`: the desktop smoke test, where Electron's binary
 * exists. Without it this prints why and how to get it, and exits 0 having
 * run nothing (it is not a test skip: there is simply no desktop here).
 */
import { spawnSync } from 'node:child_process';
import { findElectronBinary, MISSING_BINARY_HELP } from '../../electron/binary.ts';

if (!findElectronBinary()) {
  console.log(`test:electron: NOT RUN. ${MISSING_BINARY_HELP}`);
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const script of ['build:web', 'build:electron']) {
  const r = spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'e2e/electron/vitest.config.ts'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
