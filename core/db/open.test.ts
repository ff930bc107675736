import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayError } from '../errors.ts';
import { openDatabase, SCHEMA_VERSION } from './open.ts';
import { makeReadOnly } from './testing/read-only.ts';

const POSIX = process.platform !== 'win32';
const mode = (p: string) => statSync(p).mode & 0o777;

/** SQLite's own texts, which must never be what a person reads. */
const RAW_SQLITE = /SQLITE_|file is not a database|database disk image is malformed|readonly database|unable to open database file|database or disk is full|disk I\/O error/;

function failure(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    const g = e as GatewayError;
    expect(g.message).not.toMatch(RAW_SQLITE);
    return g;
  }
  throw new Error('expected the open to fail');
}

describe('openDatabase', () => {
  let root: string | null = null;
  const undo: Array<() => void> = [];
  afterEach(() => {
    while (undo.length) undo.pop()!();
    if (root) rmSync(root, { recursive: true, force: true });
    root = null;
  });
  const fresh = () => (root = mkdtempSync(join(tmpdir(), 'argus-open-')));

  /** A gateway database with some rows in it, closed (its WAL checkpointed away). */
  function written(dataDir: string): string {
    const file = join(dataDir, 'gateway.sqlite');
    const db = openDatabase(file, { log: () => undefined });
    const put = db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 'x')");
    db.transaction(() => {
      for (let i = 0; i < 400; i++) put.run(`k${i}`, 'x'.repeat(200));
    })();
    db.close();
    return file;
  }

  it('creates a missing data directory readable by its owner only', () => {
    const dataDir = join(fresh(), 'data');
    const db = openDatabase(join(dataDir, 'gateway.sqlite'));
    db.close();
    // POSIX modes only: Windows keeps the ACL of the user's profile.
    if (POSIX) expect(mode(dataDir)).toBe(0o700);
    else expect(statSync(dataDir).isDirectory()).toBe(true);
  });

  it.runIf(POSIX)('makes an existing data directory 0700 and says so once in the log', () => {
    const dataDir = join(fresh(), 'shared');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const lines: string[] = [];
    openDatabase(join(dataDir, 'gateway.sqlite'), { log: (l) => lines.push(l) }).close();
    expect(mode(dataDir)).toBe(0o700);
    expect(lines).toEqual([`the data directory ${dataDir} was open to other users (mode 0755); it is now 0700, its owner's only`]);
    openDatabase(join(dataDir, 'gateway.sqlite'), { log: (l) => lines.push(l) }).close();
    expect(lines).toHaveLength(1);
  });

  it.runIf(POSIX)('creates the database, its -wal and -shm readable by their owner only, and tightens ones made wider', () => {
    const dataDir = join(fresh(), 'data');
    const file = join(dataDir, 'gateway.sqlite');
    const old = process.umask(0o022);
    try {
      const db = openDatabase(file);
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'x')").run();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f)).toBe(0o600);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
      const again = openDatabase(file);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f)).toBe(0o600);
      again.close();
      db.close();
    } finally {
      process.umask(old);
    }
  });

  it('says a read-only data directory is read-only, whether it holds a database yet or not', () => {
    for (const withDb of [false, true]) {
      const dataDir = join(fresh(), 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      if (withDb) written(dataDir);
      undo.push(makeReadOnly(dataDir));
      const e = failure(() => openDatabase(join(dataDir, 'gateway.sqlite'), { log: () => undefined }));
      expect(e.code).toBe('db_dir_read_only');
      expect(e.message).toMatch(new RegExp(`^the data directory ${dataDir} is read-only: .+ make it writable for .+, or choose another data directory with --data-dir or GATEWAY_DATA_DIR$`));
      undo.pop()!();
      rmSync(root!, { recursive: true, force: true });
    }
  });

  it('says the data directory cannot be created when its parent is read-only', () => {
    const parent = join(fresh(), 'parent');
    mkdirSync(parent);
    undo.push(makeReadOnly(parent));
    const dataDir = join(parent, 'argus-gateway');
    const e = failure(() => openDatabase(join(dataDir, 'gateway.sqlite')));
    expect(e.code).toBe('db_dir_uncreatable');
    expect(e.message).toMatch(new RegExp(`^the data directory ${dataDir} cannot be created: ${parent} is read-only: .+\\. Create it yourself, writable by .+, or choose another data directory`));
  });

  it('says a database file that cannot be written is read-only', () => {
    const dataDir = join(fresh(), 'data');
    const file = written(dataDir);
    undo.push(makeReadOnly(file));
    const e = failure(() => openDatabase(file));
    expect(e.code).toBe('db_read_only');
    expect(e.message).toMatch(new RegExp(`^the database ${file} is read-only: `));
  });

  it('refuses a negative schema version, which no gateway writes', () => {
    const file = written(join(fresh(), 'data'));
    const raw = new Database(file);
    raw.pragma('user_version = -3');
    raw.close();
    const e = failure(() => openDatabase(file));
    expect(e).toMatchObject({ code: 'db_bad_version', kind: 'permanent' });
    expect(e.message).toBe(`the database ${file} has schema version -3, which no version of the gateway writes: another program changed it. Restore the file from a backup, or move it away to start an empty one.`);
  });

  it('refuses version 0 on a file that already holds tables, and leaves the file as it was', () => {
    const dataDir = join(fresh(), 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const file = join(dataDir, 'gateway.sqlite');
    const raw = new Database(file);
    raw.exec("CREATE TABLE settings (key TEXT); INSERT INTO settings VALUES ('theirs')");
    raw.close();
    const before = readFileSync(file);
    const e = failure(() => openDatabase(file));
    expect(e.code).toBe('db_unknown_schema');
    expect(e.message).toBe(`the database ${file} holds tables but no schema version: it was not written by the gateway, or its version was reset. Point the gateway at its own data directory, or restore the file from a backup.`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('still migrates an empty file and a database of the current version opens as it is', () => {
    const dataDir = join(fresh(), 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const file = join(dataDir, 'gateway.sqlite');
    writeFileSync(file, '');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    openDatabase(file).close();
  });

  it('says a file that is not a database is not one, long or short', () => {
    for (const content of ['Фамилия;Имя\nИванова;Мария\n'.repeat(300), 'hello']) {
      const dataDir = join(fresh(), 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      const file = join(dataDir, 'gateway.sqlite');
      writeFileSync(file, content);
      const e = failure(() => openDatabase(file));
      expect(e.code).toBe('db_not_a_database');
      expect(e.message).toBe(
        `${file} is not a gateway database (it is not an SQLite file at all): point the gateway at its own data directory, or move the file away to start an empty one (restore it from a backup if it held your data)`,
      );
      expect(e.message).not.toContain('Иванова');
      rmSync(root!, { recursive: true, force: true });
    }
  });

  it('says a database cut short is damaged, wherever it was cut', () => {
    for (const keep of [(n: number) => Math.floor(n / 2), (n: number) => n - 1, () => 60]) {
      const file = written(join(fresh(), 'data'));
      truncateSync(file, keep(statSync(file).size));
      const e = failure(() => openDatabase(file));
      expect(e.code).toBe('db_damaged');
      expect(e.message).toMatch(new RegExp(`^the database ${file} is damaged \\(cut short: \\d+ bytes.*\\): stop every gateway process, then restore it from a backup, or move it away together with its -wal and -shm files to start an empty one$`));
      rmSync(root!, { recursive: true, force: true });
    }
  });

  it('says a database whose pages were overwritten is damaged, in words', () => {
    const file = written(join(fresh(), 'data'));
    const bytes = readFileSync(file);
    // The schema page after the header: SQLite cannot read the tables any more.
    bytes.fill(0xa5, 100, 4096);
    writeFileSync(file, bytes);
    const e = failure(() => openDatabase(file));
    expect(['db_damaged', 'db_not_a_database']).toContain(e.code);
    expect(e.message).toContain(file);
  });
});
