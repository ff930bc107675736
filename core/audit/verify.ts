/** Walks the audit chain and reports the first row whose content or link does not match. */
import type { AuditVerifyResult } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import { GENESIS_HASH, rowHash } from './log.ts';

/** The console's verdict but the time of the check, which the caller stamps with its clock. */
export type AuditVerification = Omit<AuditVerifyResult, 'checkedAt'>;

type RawRow = [number, string, string, string, string, string | null, string | null, string | null, string | null, string, string];

export function verifyAuditChain(db: Db): AuditVerification {
  const rows = db
    .prepare('SELECT id, at, actor, action, entity_type, entity_id, before, after, details, prev_hash, hash FROM audit_log ORDER BY id')
    .raw()
    .iterate() as IterableIterator<RawRow>;
  let prev = GENESIS_HASH;
  let prevId = 0;
  let count = 0;
  for (const [id, at, actor, action, entityType, entityId, before, after, details, prevHash, hash] of rows) {
    if (prevHash !== prev || id !== prevId + 1) {
      const what = prevId === 0 ? 'the start of the log' : `row ${prevId}`;
      return {
        ok: false,
        rows: count,
        firstBadId: id,
        message: `audit row ${id} does not follow ${what}: a row was removed, inserted or reordered`,
      };
    }
    if (rowHash(prevHash, { id, at, actor, action, entityType, entityId, before, after, details }) !== hash) {
      return { ok: false, rows: count, firstBadId: id, message: `audit row ${id} was altered: its hash does not match its content` };
    }
    prev = hash;
    prevId = id;
    count++;
  }
  return { ok: true, rows: count, message: `audit chain intact: ${count} row${count === 1 ? '' : 's'} verified` };
}
