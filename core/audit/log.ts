/**
 * Appends to the hash-chained audit log. Each row's hash covers the previous
 * row's hash and the row as canonical JSON (chain.ts), so changing, removing
 * or reordering a row breaks the chain (verify.ts finds where). On a gateway's
 * connection the hash is an HMAC under the audit key (keyring.ts), so that
 * nobody without the key can re-chain an edit, and the sealed head moves
 * after each commit (head-sync.ts), so that a cut tail shows.
 */
import { RowBuffer } from '../db/bulk.ts';
import type { Db } from '../db/open.ts';
import { GatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { canonicalJson } from './canonical-json.ts';
import { auditRowSelect, GENESIS_HASH, rawRowHash, rowHash, type AuditRow, type RawAuditRow } from './chain.ts';
import { auditCommitted } from './head-sync.ts';
import type { AuditKey } from './key.ts';
import { auditKeyringOf } from './keyring.ts';

export { GENESIS_HASH, rowHash, type AuditRow } from './chain.ts';

export interface AuditInput {
  actor: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

/**
 * For bulk writers of this code base: `afterCanonical` is `after` already
 * serialised by canonicalJson rules (sorted keys, nothing to redact), so
 * 100 000 rows are not serialised twice.
 */
export interface BulkAuditInput extends AuditInput {
  afterCanonical?: string;
}

export const AUDIT_INSERT = 'INSERT INTO audit_log (id, at, actor, action, entity_type, entity_id, before, after, details, prev_hash, hash, keyed)';
export const AUDIT_COLUMNS = 12;
/** One row: AUDIT_INSERT with its twelve placeholders. */
export const AUDIT_INSERT_ROW = `${AUDIT_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

interface Statements {
  tail: { get(): unknown };
  insert: { run(...args: unknown[]): unknown };
}
const statements = new WeakMap<Db, Statements>();

function prepared(db: Db): Statements {
  let s = statements.get(db);
  if (!s) {
    s = {
      tail: db.prepare(`SELECT ${auditRowSelect(db)} FROM audit_log ORDER BY id DESC LIMIT 1`).raw(),
      insert: db.prepare(AUDIT_INSERT_ROW),
    };
    statements.set(db, s);
  }
  return s;
}

function jsonColumn(v: unknown): string | null {
  return v === undefined || v === null ? null : canonicalJson(v);
}

/** The last row of the chain, which the next row links to; null for an empty log. */
export interface AuditTail {
  id: number;
  hash: string;
}

/** What the bulk writer's worker compares under its lock: `[id, hash]` of the last row. */
export const AUDIT_TAIL_SQL = 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1';

/** Where the next rows chain on, and with which key (null: plain SHA-256, a connection without one). */
export interface ChainStart {
  tail: AuditTail | null;
  key: AuditKey | null;
}

/**
 * Reads the tail and decides how to chain onto it. A connection without a key
 * may not add to a keyed log; a keyed connection adds to a keyed tail only when
 * that tail verifies under its key: one it does not verify was forged, or was
 * written under another data key (the desktop keychain's while this process
 * has the key file, say), and keyed rows after it would verify under neither.
 * Nothing is written then, and the error says why.
 */
export function auditChainStart(db: Db): ChainStart {
  const ring = auditKeyringOf(db);
  const last = prepared(db).tail.get() as RawAuditRow | undefined;
  const tail = last ? { id: last[0], hash: last[10] } : null;
  const keyed = last !== undefined && last[11] === 1;
  if (!ring) {
    if (keyed) {
      throw new GatewayError(
        'audit_key_required',
        `the audit log is keyed (entry #${last[0]} has a keyed hash), and this connection has no audit key: a plain entry after keyed ones would read as a forgery, so nothing was written`,
        'permanent',
      );
    }
    return { tail, key: null };
  }
  const key = ring.key();
  if (keyed && rawRowHash(last, key) !== last[10]) {
    throw new GatewayError(
      'audit_tail_unverified',
      `the audit log's last entry #${last[0]} does not verify under this gateway's audit key: it was forged, or written under another data key (the desktop app's keychain key and the key file differ); nothing was written. Run "gatewayctl audit verify".`,
      'permanent',
    );
  }
  return { tail, key };
}

/**
 * The stored values of `entries` chained onto `start`, in AUDIT_INSERT's column
 * order, and the new tail. Pure: whoever inserts them must do so in a write
 * transaction that still sees `start.tail` as the last row (another writer's
 * row in between would fork the chain), then call auditCommitted(db) after it
 * commits.
 */
export function chainAuditRows(start: ChainStart, entries: readonly BulkAuditInput[], at: string): { rows: unknown[][]; tail: AuditTail } {
  const { tail, key } = start;
  const keyed = key ? 1 : 0;
  let id = tail?.id ?? 0;
  let prev = tail?.hash ?? GENESIS_HASH;
  const rows: unknown[][] = new Array(entries.length);
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k]!;
    id++;
    const row: AuditRow = {
      id,
      at,
      actor: e.actor,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      before: jsonColumn(e.before),
      after: e.afterCanonical ?? jsonColumn(e.after),
      details: jsonColumn(e.details),
    };
    const hash = rowHash(prev, row, key);
    rows[k] = [row.id, row.at, row.actor, row.action, row.entityType, row.entityId, row.before, row.after, row.details, prev, hash, keyed];
    prev = hash;
  }
  return { rows, tail: { id, hash: prev } };
}

function appendAll(db: Db, entries: readonly BulkAuditInput[], at: string): { firstId: number; lastId: number; hash: string } {
  const start = auditChainStart(db);
  const { rows, tail } = chainAuditRows(start, entries, at);
  if (rows.length === 1) prepared(db).insert.run(...rows[0]!);
  else {
    // Many (an apply's batch): many rows per statement.
    const buf = new RowBuffer(db, AUDIT_INSERT, AUDIT_COLUMNS);
    for (const r of rows) buf.add(...r);
    buf.flush();
  }
  return { firstId: (start.tail?.id ?? 0) + 1, lastId: tail.id, hash: tail.hash };
}

/**
 * Runs inside the caller's transaction when there is one (so audit rows commit
 * with the change they describe); otherwise in its own IMMEDIATE transaction so
 * two processes never chain onto the same tail. Then the sealed head follows:
 * at once when the rows committed here, after the caller's transaction otherwise.
 */
function inWriteTransaction<T>(db: Db, fn: () => T): T {
  const r = db.inTransaction ? fn() : db.transaction(fn).immediate();
  auditCommitted(db);
  return r;
}

export function appendAudit(db: Db, entry: AuditInput, clock: Clock): { id: number; hash: string } {
  const at = new Date(clock.now()).toISOString();
  const r = inWriteTransaction(db, () => appendAll(db, [entry], at));
  return { id: r.lastId, hash: r.hash };
}

/** Many rows, one tail lookup and one prepared insert: for apply, inside its batch transaction. */
export function appendAuditBatch(db: Db, entries: readonly BulkAuditInput[], clock: Clock): { firstId: number; lastId: number; count: number } {
  if (entries.length === 0) return { firstId: 0, lastId: 0, count: 0 };
  const at = new Date(clock.now()).toISOString();
  const r = inWriteTransaction(db, () => appendAll(db, entries, at));
  return { firstId: r.firstId, lastId: r.lastId, count: entries.length };
}
