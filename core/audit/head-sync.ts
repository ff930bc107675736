/**
 * Moves the sealed head (head.ts) after audit rows commit: once per
 * transaction, after its commit, so the head never names a row that was
 * rolled back. A crash between the commit and the head update leaves the head
 * behind the log, which verify reports as such, and the next entry moves it on.
 *
 * Several processes append to one log. The update runs inside an IMMEDIATE
 * transaction that writes nothing: the database's write lock serialises head
 * updates with every append of every process, so the head read, compared and
 * replaced under it is the latest one, and it never moves backwards.
 *
 * The head moves only forward and only along the chain: to the log's last
 * row, when that row is keyed and verifies under this key, and when the log
 * still holds the head it replaces unchanged. A log cut back and written on
 * leaves the old head in place, as the evidence verify reports.
 */
import type { Db } from '../db/open.ts';
import { auditRowSelect, rawRowHash, type RawAuditRow } from './chain.ts';
import { readAuditHead, writeAuditHead } from './head.ts';
import { auditKeyringOf, type AuditKeyring } from './keyring.ts';

export type HeadUpdate = 'moved' | 'started' | 'unchanged' | 'kept';

/**
 * One head update now, under the write lock. 'kept': the head was left as it
 * is because it does not open or the log no longer holds it (verify says which).
 */
export function updateAuditHead(db: Db, ring: AuditKeyring): HeadUpdate {
  const file = ring.headFile;
  if (!file) return 'unchanged';
  const key = ring.key();
  return db
    .transaction((): HeadUpdate => {
      const read = readAuditHead(file, key);
      if (read.state === 'tampered' || read.state === 'unreadable') return 'kept';
      const tail = db.prepare(`SELECT ${auditRowSelect(db)} FROM audit_log ORDER BY id DESC LIMIT 1`).raw().get() as RawAuditRow | undefined;
      // Only a keyed row this key verifies is sealed: never a row someone without the key wrote.
      if (!tail || tail[11] !== 1 || rawRowHash(tail, key) !== tail[10]) return 'unchanged';
      const [tailId, , , , , , , , , , tailHash] = tail;
      const now = new Date(ring.clock.now()).toISOString();
      const durable = (db.pragma('synchronous', { simple: true }) as number) >= 2;
      if (read.state === 'ok') {
        const h = read.head;
        if (tailId <= h.lastId) return 'unchanged';
        const held = db.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(h.lastId) as string | undefined;
        if (held !== h.hash) return 'kept';
        writeAuditHead(file, { ...h, lastId: tailId, count: tailId, hash: tailHash, writtenAt: now }, key, durable);
        return 'moved';
      }
      // No head yet: a fresh directory, a log written by a version that kept none, or a deleted file.
      const keyedFrom = db.prepare('SELECT id FROM audit_log WHERE keyed = 1 ORDER BY id LIMIT 1').pluck().get() as number;
      writeAuditHead(file, { v: 1, lastId: tailId, count: tailId, hash: tailHash, keyedFrom, writtenAt: now, since: { id: tailId, at: now } }, key, durable);
      return 'started';
    })
    .immediate();
}

function flush(db: Db, ring: AuditKeyring): void {
  if (!db.open) {
    ring.headPending = false;
    return;
  }
  // Still inside someone's transaction (one that awaits between its statements): after it.
  if (db.inTransaction) {
    setImmediate(() => flush(db, ring)).unref();
    return;
  }
  ring.headPending = false;
  try {
    updateAuditHead(db, ring);
    ring.headProblem = null;
  } catch (e) {
    // The rows are committed; a head left behind is reported by verify and caught up by the next entry.
    ring.headProblem = (e as Error).message;
  }
}

/**
 * Tells the connection's keyring that audit rows were written: the head moves
 * now when no transaction is open (the rows committed), or once the open one
 * has ended (synchronous transactions end before any microtask runs).
 */
export function auditCommitted(db: Db): void {
  const ring = auditKeyringOf(db);
  if (!ring?.headFile) return;
  if (!db.inTransaction) {
    flush(db, ring);
    return;
  }
  if (ring.headPending) return;
  ring.headPending = true;
  queueMicrotask(() => flush(db, ring));
}

/** A head update still owed is done now (before the connection closes). */
export function flushAuditHead(db: Db): void {
  const ring = auditKeyringOf(db);
  if (ring?.headPending && db.open && !db.inTransaction) flush(db, ring);
}
