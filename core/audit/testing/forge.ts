/** What tests do to a log as someone who can write the database would. */
import type { Db } from '../../db/open.ts';
import { rowHash, type AuditRow } from '../chain.ts';
import type { AuditKey } from '../key.ts';

type Stored = AuditRow & { prev_hash: string; hash: string; keyed: number };

export function storedRows(d: Db): Stored[] {
  return d.prepare('SELECT id, at, actor, action, entity_type AS entityType, entity_id AS entityId, before, after, details, prev_hash, hash, keyed FROM audit_log ORDER BY id').all() as Stored[];
}

/**
 * Recomputes every hash from `fromId` on, as a forger who knows the algorithm
 * does: with plain SHA-256 (no key), or under `key` (an insider with the key).
 * `markPlain` also flags those rows as plain, as one would to pass them off as
 * written before keying.
 */
export function rechain(d: Db, fromId: number, opts: { markPlain?: boolean; key?: AuditKey } = {}): void {
  let prev = '0'.repeat(64);
  const update = d.prepare('UPDATE audit_log SET prev_hash = ?, hash = ?, keyed = ? WHERE id = ?');
  for (const r of storedRows(d)) {
    if (r.id >= fromId) {
      const h = rowHash(prev, r, opts.key ?? null);
      update.run(prev, h, opts.markPlain ? 0 : r.keyed, r.id);
      prev = h;
    } else prev = r.hash;
  }
}
