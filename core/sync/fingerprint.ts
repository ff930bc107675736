/**
 * The directory fingerprint a plan is computed against: this database's epoch
 * and the revision that triggers move on every row change of departments,
 * positions, employees and vacation balances (hand-edits included). One row
 * read, whatever the size of the directory.
 */
import type { Db } from '../db/open.ts';

export function directoryFingerprint(db: Db): string {
  const r = db.prepare('SELECT epoch, revision FROM directory_state WHERE id = 1').get() as { epoch: string; revision: number } | undefined;
  if (!r) throw new Error('directory_state is missing its row: the database was not migrated by this gateway');
  return `${r.epoch}:${r.revision}`;
}
