/**
 * gatewayctl on a broken store: one sentence on stderr naming the file and
 * what to do, exit 1, never SQLite's own text. The real CLI in a child process.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile } from '../core/config/data-dir.ts';
import { openDatabase } from '../core/db/open.ts';
import { makeReadOnly } from '../core/db/testing/read-only.ts';
import { smallDisk, type SmallDisk } from '../core/db/testing/small-disk.ts';
import { gatewayctl } from './testing/gatewayctl.ts';

const RAW_SQLITE = /SQLITE_|file is not a database|database disk image is malformed|readonly database|unable to open database file|database or disk is full|disk I\/O error|at .*\.ts:\d+/;

let root: string | null = null;
let disk: SmallDisk | null = null;
const undo: Array<() => void> = [];

afterEach(() => {
  while (undo.length) undo.pop()!();
  disk?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  root = disk = null;
});

/** A data directory holding a closed gateway database. */
function store(): { dataDir: string; file: string } {
  root = mkdtempSync(join(tmpdir(), 'gatewayctl-store-'));
  const dataDir = join(root, 'data');
  const file = databaseFile(dataDir);
  const db = openDatabase(file, { log: () => undefined });
  const put = db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 'x')");
  db.transaction(() => {
    for (let i = 0; i < 300; i++) put.run(`filler.${i}`, 'x'.repeat(300));
  })();
  db.close();
  return { dataDir, file };
}

async function refused(dataDir: string): Promise<string> {
  const r = await gatewayctl(dataDir, ['sync', 'list']);
  expect(r.code).toBe(1);
  expect(r.stderr).not.toMatch(RAW_SQLITE);
  expect(r.stderr.endsWith('\n')).toBe(true);
  return r.stderr;
}

describe('gatewayctl on a broken store', () => {
  it('a file that is not a database', async () => {
    const { dataDir, file } = store();
    writeFileSync(file, 'tabN;lastname\n223-16;Иванова\n'.repeat(200));
    expect(await refused(dataDir)).toBe(
      `error: ${file} is not a gateway database (it is not an SQLite file at all): point the gateway at its own data directory, or move the file away to start an empty one (restore it from a backup if it held your data)\n`,
    );
  });

  it('a database cut short', async () => {
    const { dataDir, file } = store();
    truncateSync(file, Math.floor(statSync(file).size / 3));
    expect(await refused(dataDir)).toMatch(new RegExp(`^error: the database ${file} is damaged \\(cut short: \\d+ bytes where its header counts \\d+ pages of \\d+ bytes\\): stop every gateway process`));
  });

  it('a negative schema version, and version 0 on a file holding tables', async () => {
    const { dataDir, file } = store();
    const raw = new Database(file);
    raw.pragma('user_version = -1');
    raw.close();
    expect(await refused(dataDir)).toBe(`error: the database ${file} has schema version -1, which no version of the gateway writes: another program changed it. Restore the file from a backup, or move it away to start an empty one.\n`);
    const again = new Database(file);
    again.pragma('user_version = 0');
    again.close();
    expect(await refused(dataDir)).toMatch(new RegExp(`^error: the database ${file} holds tables but no schema version`));
  });

  it('a read-only data directory, and one that cannot be created', async () => {
    const { dataDir } = store();
    undo.push(makeReadOnly(dataDir));
    expect(await refused(dataDir)).toMatch(new RegExp(`^error: the data directory ${dataDir} is read-only: .+ make it writable for .+, or choose another data directory with --data-dir or GATEWAY_DATA_DIR\\n$`));
    const parent = join(root!, 'parent');
    mkdirSync(parent);
    undo.push(makeReadOnly(parent));
    expect(await refused(join(parent, 'data'))).toMatch(new RegExp(`^error: the data directory ${join(parent, 'data')} cannot be created: ${parent} is read-only: `));
  });

  it('a read on a full disk (no room for the shared-memory index)', async () => {
    disk = smallDisk(4);
    const dataDir = join(disk.dir, 'data');
    openDatabase(databaseFile(dataDir), { log: () => undefined }).close();
    disk.fill();
    expect(await refused(dataDir)).toBe(`error: the disk holding ${databaseFile(dataDir)} is full: free space on it, then try again\n`);
  });
});
