/**
 * A broken store in words an operator can act on. SQLite's own texts ("file is
 * not a database", "database or disk is full", "attempt to write a readonly
 * database") name neither the file nor what to do; every fault of the store
 * that reaches a person (CLI, console, Health, the queue's error column) goes
 * through here first and comes out as a GatewayError naming the file and the
 * way out. The SQLite code stays in the details for whoever debugs it.
 */
import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { GatewayError } from '../errors.ts';

const ELSEWHERE = 'or choose another data directory with --data-dir or GATEWAY_DATA_DIR';

/** The SQLite result code of an error thrown by better-sqlite3 ("SQLITE_FULL", "SQLITE_IOERR_WRITE"), or null. */
export function sqliteCode(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'the user the gateway runs as';
  }
}

/** Less than this free on the disk of the store: an I/O error there is a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

function diskNearlyFull(path: string): boolean {
  try {
    const s = statfsSync(existsSync(path) ? path : dirname(path));
    return s.bavail * s.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

/**
 * True when `e` means the disk holding `file` is full: SQLITE_FULL, or an I/O
 * error (SQLite reports a -shm it cannot extend as one) while the disk has no room.
 */
export function isDiskFull(e: unknown, file: string): boolean {
  const code = sqliteCode(e) ?? (e as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return true;
  return typeof code === 'string' && code.startsWith('SQLITE_IOERR') && diskNearlyFull(file);
}

/** Why a path cannot be written, from the errno of the refusal. */
function whyReadOnly(code: string | undefined): string {
  switch (code) {
    case 'EROFS':
      return 'it is on a file system mounted read-only';
    case 'EACCES':
      return `the user ${osUser()} has no write permission there`;
    case 'EPERM':
      return 'the system refuses writes there (an immutable flag, see lsattr, or a security policy)';
    default:
      return code ? `writing there fails with ${code}` : 'writing there is refused';
  }
}

/** The data directory exists but cannot be written. */
export function dataDirReadOnly(dir: string, errno: string | undefined): GatewayError {
  return new GatewayError(
    'db_dir_read_only',
    `the data directory ${dir} is read-only: ${whyReadOnly(errno)}. The gateway keeps its database, journal and credential key there and must write to it: make it writable for ${osUser()}, ${ELSEWHERE}`,
    'permanent',
    { path: dir, errno: errno ?? null },
  );
}

/** The data directory is missing and its parent does not let it be created. */
export function dataDirUncreatable(dir: string, ancestor: string | null, errno: string | undefined): GatewayError {
  const where =
    ancestor === null
      ? `(${errno ?? 'refused'})`
      : (() => {
          try {
            if (!statSync(ancestor).isDirectory()) return `${ancestor} is a file, not a directory`;
          } catch {
            /* gone meanwhile: the errno says the rest */
          }
          return `${ancestor} is read-only: ${whyReadOnly(errno)}`;
        })();
  return new GatewayError(
    'db_dir_uncreatable',
    `the data directory ${dir} cannot be created: ${where}. Create it yourself, writable by ${osUser()}, ${ELSEWHERE}`,
    'permanent',
    { path: dir, ancestor, errno: errno ?? null },
  );
}

/** The path named as the data directory is something else. */
export function dataDirNotDirectory(dir: string): GatewayError {
  return new GatewayError('db_dir_not_directory', `the data directory ${dir} is a file, not a directory: move it away, ${ELSEWHERE}`, 'permanent', { path: dir });
}

export function notADatabase(file: string, details: Record<string, unknown> = {}): GatewayError {
  return new GatewayError(
    'db_not_a_database',
    `${file} is not a gateway database (it is not an SQLite file at all): point the gateway at its own data directory, or move the file away to start an empty one (restore it from a backup if it held your data)`,
    'permanent',
    { file, ...details },
  );
}

export function damagedDatabase(file: string, what: string, details: Record<string, unknown> = {}): GatewayError {
  return new GatewayError(
    'db_damaged',
    `the database ${file} is damaged (${what}): stop every gateway process, then restore it from a backup, or move it away together with its -wal and -shm files to start an empty one`,
    'permanent',
    { file, ...details },
  );
}

export function diskFull(file: string, details: Record<string, unknown> = {}): GatewayError {
  return new GatewayError('db_disk_full', `the disk holding ${file} is full: free space on it, then try again`, 'retryable', { file, ...details });
}

/** A file of the store (the database, its -wal or -shm) exists but cannot be written. */
export function databaseReadOnly(file: string, errno: string | undefined, details: Record<string, unknown> = {}): GatewayError {
  return new GatewayError(
    'db_read_only',
    `the database ${file} is read-only: ${whyReadOnly(errno)}. Make it, its -wal and -shm files and the directory ${dirname(file)} writable for ${osUser()}, ${ELSEWHERE}`,
    'permanent',
    { file, errno: errno ?? null, ...details },
  );
}

/** The errno that writing to `path` gets now, or undefined when it can be written. */
export function writeRefusal(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

/**
 * The GatewayError for a fault of the store at `file` (an error better-sqlite3
 * threw), or null when `e` is not one (a GatewayError, a bug, a constraint).
 */
export function storeFailure(e: unknown, file: string): GatewayError | null {
  const code = sqliteCode(e);
  if (code === null) return null;
  const details = { sqlite: code };
  if (isDiskFull(e, file)) return diskFull(file, details);
  if (code === 'SQLITE_NOTADB') return notADatabase(file, details);
  if (code.startsWith('SQLITE_CORRUPT')) return damagedDatabase(file, 'SQLite cannot read parts of it: cut short or partly overwritten', details);
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    // Which file refuses: the directory (a -wal or -shm cannot be created), the database, or neither (say what SQLite could not do).
    const dir = dirname(file);
    const dirRefusal = existsSync(dir) ? writeRefusal(dir) : 'ENOENT';
    if (dirRefusal === 'ENOENT') return dataDirUncreatable(dir, null, 'ENOENT');
    if (dirRefusal) return dataDirReadOnly(dir, dirRefusal);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      const r = existsSync(f) ? writeRefusal(f) : undefined;
      if (r) return databaseReadOnly(f, r, details);
    }
    return databaseReadOnly(file, undefined, details);
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new GatewayError('db_io_error', `reading or writing ${file} failed (${code}): check the disk it is on, then try again`, 'retryable', { file, ...details });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new GatewayError('db_busy', `the database ${file} stayed locked by another program (gatewayctl, a backup) for too long; try again`, 'retryable', { file, ...details });
  }
  return null;
}

/** `e` itself, or its store failure when it is one: for the boundaries where errors reach people. */
export function asStoreError(e: unknown, file: string): unknown {
  return storeFailure(e, file) ?? e;
}
