/**
 * The last verification of the audit log, by whichever process ran it (the
 * console, `gatewayctl audit verify` from cron), so the console can say when
 * the log was last checked, by whom and with what result. A note, not
 * evidence: it lives in the database, which the verification itself does
 * not trust. A read-only connection (a copy being examined) records nothing.
 */
import { auditVerifyOutput, type AuditVerifyResult } from '../contract/index.ts';
import type { Db } from '../db/open.ts';

const KEY = 'audit.lastVerification';

export function recordVerification(db: Db, v: AuditVerifyResult): void {
  if (db.readonly) return;
  try {
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(KEY, JSON.stringify(v), v.checkedAt);
  } catch {
    // Busy or full: the verdict was given to whoever asked; only the note is lost.
  }
}

export function lastVerification(db: Db): AuditVerifyResult | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (row === undefined) return null;
  try {
    const parsed = auditVerifyOutput.safeParse(JSON.parse(row));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
