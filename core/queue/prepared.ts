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

/** Runs `fn` in the caller's transaction, or in a new IMMEDIATE one (no stale-snapshot upgrade between processes). */
export function inWriteTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  return db.transaction(fn).immediate();
}
