/**
 * A real disk that fills up, for tests of the full-disk errors on paths where
 * PRAGMA max_page_count cannot stand in (opening a store for a read needs room
 * for its -shm). A tmpfs of a few MiB, mounted on a temporary directory: it
 * needs root (CI runs as root), and says so plainly elsewhere. `fill()` takes
 * every free byte; `close()` unmounts and removes it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  fill(): void;
  close(): void;
}

export function smallDisk(mib = 4): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'argus-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`this test mounts a ${mib} MiB tmpfs to fill it, which needs root (as in CI): ${(e as Error).message}`);
  }
  return {
    dir,
    fill() {
      const fd = openSync(join(dir, 'filler'), 'w');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      } finally {
        closeSync(fd);
      }
      // The last partial chunk: byte by byte until nothing fits.
      const tail = openSync(join(dir, 'filler-tail'), 'w');
      try {
        for (;;) writeSync(tail, chunk.subarray(0, 512));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      } finally {
        closeSync(tail);
      }
    },
    close() {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
