/**
 * Makes a directory read-only for this process, for tests of the read-only
 * store errors. Root ignores permission bits, and CI runs as root: there the
 * directory gets the immutable flag (chattr +i), or, on a file system without
 * it, a read-only bind mount of itself. Other users get chmod 0555. Returns
 * what undoes it; a test calls it in its cleanup whatever happened.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants } from 'node:fs';

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function run(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeReadOnly(dir: string): () => void {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return () => chmodSync(dir, 0o755);
  }
  if (run('chattr', ['+i', dir]) && !writable(dir)) return () => void run('chattr', ['-i', dir]);
  run('chattr', ['-i', dir]);
  if (run('mount', ['--bind', '-o', 'ro', dir, dir]) && !writable(dir)) return () => void run('umount', [dir]);
  run('umount', [dir]);
  throw new Error(`cannot make ${dir} read-only as root here: neither chattr +i nor a read-only bind mount works on this machine`);
}
