/**
 * Appends to the hash-chained audit log. Each row's hash is
 * SHA-256(prev_hash + canonical JSON of the row), so changing, removing or
 * reordering a row breaks the chain (verify.ts finds where).
 */
import { hash as digest } from 'node:crypto';
import { RowBuffer } from '../db/bulk.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { canonicalJson } from './canonical-json.ts';

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

/** A row as stored: JSON columns hold canonical, redacted text. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
  details: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of a row: SHA-256 of the previous hash followed by the row as
 * canonical JSON, keys in sorted order, its JSON columns nested as the JSON
 * values they hold (they are canonical already), so a 100 000-row apply does
 * not escape every state a second time.
 */
export function rowHash(prevHash: string, r: AuditRow): string {
  const q = JSON.stringify;
  const canonical =
    `{"action":${q(r.action)},"actor":${q(r.actor)},"after":${r.after ?? 'null'},"at":${q(r.at)},"before":${r.before ?? 'null'},` +
    `"details":${r.details ?? 'null'},"entityId":${q(r.entityId)},"entityType":${q(r.entityType)},"id":${r.id}}`;
  return digest('sha256', prevHash + canonical, 'hex');
}

export const AUDIT_INSERT = 'INSERT INTO audit_log (id, at, actor, action, entity_type, entity_id, before, after, details, prev_hash, hash)';
export const AUDIT_COLUMNS = 11;
/** One row: AUDIT_INSERT with its eleven placeholders. */
export const AUDIT_INSERT_ROW = `${AUDIT_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

interface Statements {
  tail: { get(): unknown };
  insert: { run(...args: unknown[]): unknown };
}
const statements = new WeakMap<Db, Statements>();

function prepared(db: Db): Statements {
  let s = statements.get(db);
  if (!s) {
    s = {
      tail: db.prepare(AUDIT_TAIL_SQL),
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

export const AUDIT_TAIL_SQL = 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1';

export function auditTail(db: Db): AuditTail | null {
  return (prepared(db).tail.get() as AuditTail | undefined) ?? null;
}

/**
 * The stored values of `entries` chained onto `tail`, in AUDIT_INSERT's column
 * order, and the new tail. Pure: whoever inserts them must do so in a write
 * transaction that still sees `tail` as the last row (another writer's row in
 * between would fork the chain).
 */
export function chainAuditRows(tail: AuditTail | null, entries: readonly BulkAuditInput[], at: string): { rows: unknown[][]; tail: AuditTail } {
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
    const hash = rowHash(prev, row);
    rows[k] = [row.id, row.at, row.actor, row.action, row.entityType, row.entityId, row.before, row.after, row.details, prev, hash];
    prev = hash;
  }
  return { rows, tail: { id, hash: prev } };
}

function appendAll(db: Db, entries: readonly BulkAuditInput[], at: string): { firstId: number; lastId: number; hash: string } {
  const s = prepared(db);
  const start = auditTail(db);
  const { rows, tail } = chainAuditRows(start, entries, at);
  if (rows.length === 1) s.insert.run(...rows[0]!);
  else {
    // Many (an apply's batch): many rows per statement.
    const buf = new RowBuffer(db, AUDIT_INSERT, AUDIT_COLUMNS);
    for (const r of rows) buf.add(...r);
    buf.flush();
  }
  return { firstId: (start?.id ?? 0) + 1, lastId: tail.id, hash: tail.hash };
}

/**
 * Runs inside the caller's transaction when there is one (so audit rows commit
 * with the change they describe); otherwise in its own IMMEDIATE transaction so
 * two processes never chain onto the same tail.
 */
function inWriteTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  return db.transaction(fn).immediate();
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
