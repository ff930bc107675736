/**
 * How a row of the audit chain is hashed, shared by the writers (log.ts),
 * the head (head-sync.ts) and verification (verify.ts).
 *
 * A row's hash covers the previous row's hash and the row as canonical JSON,
 * keys in sorted order, its JSON columns nested as the JSON values they hold
 * (they are canonical already), so a 100 000-row apply does not escape every
 * state a second time. Rows written before the chain was keyed (`keyed = 0`)
 * hash with plain SHA-256; keyed rows (`keyed = 1`) with HMAC-SHA-256 under
 * the audit key (key.ts).
 */
import { hash as digest } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type { AuditKey } from './key.ts';

export const GENESIS_HASH = '0'.repeat(64);

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

/** The row as the text its hash covers (after the previous hash). */
export function rowCanonical(r: AuditRow): string {
  const q = JSON.stringify;
  return (
    `{"action":${q(r.action)},"actor":${q(r.actor)},"after":${r.after ?? 'null'},"at":${q(r.at)},"before":${r.before ?? 'null'},` +
    `"details":${r.details ?? 'null'},"entityId":${q(r.entityId)},"entityType":${q(r.entityType)},"id":${r.id}}`
  );
}

/** SHA-256(prevHash + row) without a key, HMAC-SHA-256 with one. */
export function rowHash(prevHash: string, r: AuditRow, key: AuditKey | null = null): string {
  const text = prevHash + rowCanonical(r);
  return key ? key.mac(text) : digest('sha256', text, 'hex');
}

/** A stored row as `.raw()` returns it, in AUDIT_ROW_SELECT's order. */
export type RawAuditRow = [
  id: number,
  at: string,
  actor: string,
  action: string,
  entityType: string,
  entityId: string | null,
  before: string | null,
  after: string | null,
  details: string | null,
  prevHash: string,
  hash: string,
  keyed: number,
];

export function rawRowHash(r: RawAuditRow, key: AuditKey | null): string {
  return rowHash(r[9], { id: r[0], at: r[1], actor: r[2], action: r[3], entityType: r[4], entityId: r[5], before: r[6], after: r[7], details: r[8] }, key);
}

/**
 * What verification hashes a million times: rowCanonical of a raw row, with the
 * JSON of the few values that repeat row after row (action, actor, entity type,
 * the time of a batch) taken from a small cache instead of serialised again.
 */
export class RowHasher {
  private readonly quoted = new Map<unknown, string>();
  private readonly key: AuditKey | null;
  constructor(key: AuditKey | null) {
    this.key = key;
  }

  private q(v: unknown): string {
    let s = this.quoted.get(v);
    if (s === undefined) {
      if (this.quoted.size >= 4096) this.quoted.clear();
      s = JSON.stringify(v);
      this.quoted.set(v, s);
    }
    return s;
  }

  /** The hash `r` should have: keyed when `keyed` (needs the key), plain otherwise. */
  hash(r: RawAuditRow, keyed: boolean): string {
    const text =
      r[9] +
      `{"action":${this.q(r[3])},"actor":${this.q(r[2])},"after":${r[7] ?? 'null'},"at":${this.q(r[1])},"before":${r[6] ?? 'null'},` +
      `"details":${r[8] ?? 'null'},"entityId":${JSON.stringify(r[5])},"entityType":${this.q(r[4])},"id":${r[0]}}`;
    if (!keyed) return digest('sha256', text, 'hex');
    if (!this.key) throw new Error('a keyed row needs the key');
    return this.key.mac(text);
  }
}

const hasKeyedColumn = new WeakMap<Db, boolean>();

/**
 * The `keyed` column as an expression. A database opened read-only is not
 * migrated, so one written before the chain was keyed has no such column:
 * all its rows are plain then.
 */
export function keyedColumn(db: Db): string {
  let has = hasKeyedColumn.get(db);
  if (has === undefined) {
    has = (db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get('audit_log', 'keyed') as unknown) !== undefined;
    hasKeyedColumn.set(db, has);
  }
  return has ? 'keyed' : '0';
}

/** The select list of a whole row, in RawAuditRow's order. */
export function auditRowSelect(db: Db): string {
  return `id, at, actor, action, entity_type, entity_id, before, after, details, prev_hash, hash, ${keyedColumn(db)} AS keyed`;
}
