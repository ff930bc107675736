import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './open.ts';

describe('openDatabase', () => {
  let root: string | null = null;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = null;
  });

  it('creates a missing data directory readable by its owner only', () => {
    root = mkdtempSync(join(tmpdir(), 'argus-open-'));
    const dataDir = join(root, 'data');
    const db = openDatabase(join(dataDir, 'gateway.sqlite'));
    db.close();
    // POSIX modes only: Windows keeps the ACL of the user's profile.
    if (process.platform !== 'win32') expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    else expect(statSync(dataDir).isDirectory()).toBe(true);
  });
});
