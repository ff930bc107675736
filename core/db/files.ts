/**
 * The store's files at rest: the data directory is its owner's only (0700),
 * the database, its -wal and -shm readable by their owner only (0600). SQLite
 * creates -wal and -shm with the mode of the database file, so the database is
 * created 0600 here before SQLite opens it. Before opening, what can be told
 * from the file system is told in words (a read-only directory, a file that is
 * not a database or was cut short) rather than left to SQLite's messages.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { damagedDatabase, dataDirNotDirectory, dataDirReadOnly, dataDirUncreatable, databaseReadOnly, notADatabase, writeRefusal } from './store-errors.ts';

const POSIX = process.platform !== 'win32';

/** Directories already reported as opened up, so a process says it once. */
const reported = new Set<string>();

function sayOnce(dir: string, log: (line: string) => void, line: string): void {
  if (reported.has(dir)) return;
  reported.add(dir);
  log(line);
}

function nearestExisting(path: string): string | null {
  let p = path;
  for (;;) {
    if (existsSync(p)) return p;
    const up = dirname(p);
    if (up === p) return null;
    p = up;
  }
}

/** Creates the data directory (0700) or makes an existing one 0700; throws the read-only errors. */
export function prepareDataDir(dir: string, log: (line: string) => void): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      if (existsSync(dir) && !statSync(dir).isDirectory()) throw dataDirNotDirectory(dir);
    }
    // A recursive mkdir under a read-only mount says ENOENT: the nearest existing ancestor tells why.
    const ancestor = nearestExisting(dirname(dir));
    const refusal = ancestor !== null ? (statSync(ancestor).isDirectory() ? writeRefusal(ancestor) : 'ENOTDIR') : undefined;
    throw dataDirUncreatable(dir, ancestor, refusal ?? code);
  }
  const st = statSync(dir);
  if (!st.isDirectory()) throw dataDirNotDirectory(dir);
  const refusal = writeRefusal(dir);
  if (refusal) throw dataDirReadOnly(dir, refusal);
  if (!POSIX || (st.mode & 0o077) === 0) return;
  const was = (st.mode & 0o7777).toString(8).padStart(4, '0');
  // A shared directory such as /tmp (sticky bit) is not ours to close.
  if (st.mode & 0o1000) {
    sayOnce(dir, log, `the data directory ${dir} is a shared directory (mode ${was}): other users can list it; use a directory of your own with --data-dir or GATEWAY_DATA_DIR`);
    return;
  }
  try {
    chmodSync(dir, 0o700);
    sayOnce(dir, log, `the data directory ${dir} was open to other users (mode ${was}); it is now 0700, its owner's only`);
  } catch (e) {
    sayOnce(dir, log, `the data directory ${dir} is open to other users (mode ${was}) and cannot be made 0700 (${(e as NodeJS.ErrnoException).code ?? String(e)}): run chmod 700 ${dir}`);
  }
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Reads the header of an existing database file: not an SQLite file at all, or
 * shorter than the pages its header counts, while no journal could hold the
 * rest (with a -wal or -journal beside it the file alone proves nothing).
 */
function checkHeader(file: string, size: number): void {
  const head = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let got: number;
  try {
    got = readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  const prefix = Math.min(got, MAGIC.length);
  if (!head.subarray(0, prefix).equals(MAGIC.subarray(0, prefix))) throw notADatabase(file);
  if (got < 100) throw damagedDatabase(file, `cut short: ${size} bytes, less than its own header`, { bytes: size });
  const journal = [`${file}-wal`, `${file}-journal`].some((j) => existsSync(j) && statSync(j).size > 0);
  if (journal) return;
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = head.readUInt32BE(28);
  // The page count in the header is valid only when its "version valid for" matches the change counter.
  const valid = head.readUInt32BE(92) === head.readUInt32BE(24);
  if (pageSize >= 512 && valid && pages > 0 && size < pages * pageSize) {
    throw damagedDatabase(file, `cut short: ${size} bytes where its header counts ${pages} pages of ${pageSize} bytes`, { bytes: size, expectedBytes: pages * pageSize });
  }
}

/** Creates the database file 0600 (so SQLite's -wal and -shm are too), or checks and tightens the existing ones. */
export function prepareDatabaseFiles(file: string, log: (line: string) => void): void {
  if (!existsSync(file)) {
    try {
      // An empty file is a new database to SQLite; 'wx' never truncates one another process just created.
      closeSync(openSync(file, 'wx', 0o600));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw dataDirReadOnly(dirname(file), code);
    }
    return;
  }
  const st = statSync(file);
  if (!st.isFile()) throw notADatabase(file, { kind: st.isDirectory() ? 'directory' : 'other' });
  const refusal = writeRefusal(file);
  if (refusal) throw databaseReadOnly(file, refusal);
  if (st.size > 0) checkHeader(file, st.size);
  if (!POSIX) return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
    } catch (e) {
      // Gone meanwhile (another process checkpointed and removed its WAL): nothing to tighten.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') sayOnce(f, log, `${f} is readable by other users and cannot be made 0600 (${code ?? String(e)}): run chmod 600 ${f}`);
    }
  }
}
