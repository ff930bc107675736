/** Prepared statements cached per connection: a transition is one bound call. */
import type { Db } from '../db/open.ts';
import type Database from 'better-sqlite3';

export type Stmt = Database.Statement<unknown[], unknown>;

const caches = new WeakMap<Db, Map<string, Stmt>>();

export function stmt(db: Db, sql: string): Stmt {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}

/**
 * Memoizes SQL text built from small integers (a LIMIT, a batch size): the
 * statement cache is keyed by the text, and building and hashing a long string
 * on every call shows on the processor's hot path.
 */
export function sqlBySize<A extends number[]>(build: (...sizes: A) => string): (...sizes: A) => string {
  const texts = new Map<string, string>();
  return (...sizes) => {
    const key = sizes.join(',');
    let sql = texts.get(key);
    if (sql === undefined) {
      sql = build(...sizes);
      texts.set(key, sql);
    }
    return sql;
  };
}

/**
 * Runs `fn` in the caller's transaction, or in a new IMMEDIATE one (no
 * stale-snapshot upgrade between processes): committed when `fn` returns,
 * rolled back when it throws. The same as `db.transaction(fn).immediate()`
 * without building a transaction function per call (the processor runs one
 * transaction per cycle; better-sqlite3 defines four wrapped functions each time).
 */
export function inWriteTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  stmt(db, 'BEGIN IMMEDIATE').run();
  try {
    const result = fn();
    stmt(db, 'COMMIT').run();
    return result;
  } catch (e) {
    // A failed COMMIT (SQLITE_BUSY) leaves the transaction open: undo it too.
    if (db.inTransaction) stmt(db, 'ROLLBACK').run();
    throw e;
  }
}
