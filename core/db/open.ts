/**
 * Opens the gateway's SQLite store: WAL, foreign keys, a busy timeout, and the
 * numbered migrations. A database written by a newer version is refused, and
 * so is one whose schema version no gateway writes. Files are owner-only
 * (files.ts), and every fault of the store comes out as a sentence naming the
 * file and what to do (store-errors.ts), never as SQLite's own text.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { GatewayError } from '../errors.ts';
import { prepareDatabaseFiles, prepareDataDir } from './files.ts';
import { migrations } from './migrations/index.ts';
import { storeFailure } from './store-errors.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** `synchronous=FULL` survives power loss at about a tenth of the write rate. */
  synchronous?: 'NORMAL' | 'FULL';
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** Where a permission put right is reported (once per process); stderr by default. */
  log?: (line: string) => void;
}

const stderrLog = (line: string): void => console.warn(line);

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const readonly = opts.readonly ?? false;
  if (file !== ':memory:' && !readonly) {
    // Owner-only: the directory holds personnel data, the audit trail and the credential key.
    const log = opts.log ?? stderrLog;
    prepareDataDir(dirname(file), log);
    prepareDatabaseFiles(file, log);
  }
  let db: Db;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (e) {
    throw storeFailure(e, file) ?? new GatewayError('db_open_failed', `cannot open the database ${file}: ${(e as Error).message}`, 'permanent');
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    // Before anything is written (WAL mode rewrites the header): a database that is not ours stays as it was.
    if (!readonly) checkVersion(db, file);
    if (!readonly) db.pragma('journal_mode = WAL');
    // A 100 000-row plan leaves a WAL of 100+ MB; once checkpointed, trim it back instead of keeping the file that size.
    db.pragma('journal_size_limit = 67108864');
    db.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    if (!readonly) migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw storeFailure(e, file) ?? e;
  }
}

/** A read-only connection, and what closes it (and removes the copy it may read). */
export interface ReadOnlyDb {
  db: Db;
  /** True when the directory could not be read in place and a private copy is read instead. */
  copied: boolean;
  close(): void;
}

/**
 * Opens an existing database to read only, without migrations. A WAL database
 * needs its -shm file to be read; in a read-only directory that has none (a
 * copy taken for an investigation, `chmod -R a-w`) SQLite cannot create it, so
 * the database (and its -wal, with what it holds) is copied to a private
 * temporary directory and read there: the same bytes, nothing written beside them.
 */
export function openReadOnly(file: string): ReadOnlyDb {
  let db: Db | null = null;
  try {
    db = openDatabase(file, { readonly: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const opened = db;
    return { db: opened, copied: false, close: () => opened.close() };
  } catch (e) {
    db?.close();
    // SQLite's own code, or the sentence a read-only directory or file was turned into (store-errors.ts).
    const code = (e as { code?: string }).code ?? '';
    const readOnly = code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'db_dir_read_only' || code === 'db_read_only';
    if (!readOnly) throw e;
  }
  const dir = mkdtempSync(join(tmpdir(), 'argus-readonly-'));
  try {
    const copy = join(dir, basename(file));
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const inner = openDatabase(copy, { readonly: true });
    return {
      db: inner,
      copied: true,
      close: () => {
        inner.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new GatewayError('db_open_failed', `cannot read the database ${file} in its read-only directory, nor a copy of it: ${(e as Error).message}`, 'permanent');
  }
}

export const SCHEMA_VERSION = migrations.length;

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function hasTables(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1").get() !== undefined;
}

/** Refuses a schema version this gateway cannot work with. */
function checkVersion(db: Db, file: string): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new GatewayError(
      'db_too_new',
      `the database ${file} has schema version ${current}, written by a newer version of the gateway; this version understands up to ${migrations.length}. Upgrade the gateway or point it at another data directory.`,
      'permanent',
    );
  }
  if (current < 0) {
    throw new GatewayError(
      'db_bad_version',
      `the database ${file} has schema version ${current}, which no version of the gateway writes: another program changed it. Restore the file from a backup, or move it away to start an empty one.`,
      'permanent',
      { file, version: current },
    );
  }
  // Version 0 is an empty file the gateway is about to set up; with tables in it, it is someone else's database (or its version was reset).
  if (current === 0 && hasTables(db)) {
    throw new GatewayError(
      'db_unknown_schema',
      `the database ${file} holds tables but no schema version: it was not written by the gateway, or its version was reset. Point the gateway at its own data directory, or restore the file from a backup.`,
      'permanent',
      { file },
    );
  }
}

function migrate(db: Db): void {
  const current = schemaVersion(db);
  for (let v = current; v < migrations.length; v++) {
    const m = migrations[v]!;
    // Each migration and its version bump commit together: a crash leaves the old version intact.
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${v + 1}`);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(v + 1, m.name, new Date().toISOString());
    }).immediate();
  }
}
