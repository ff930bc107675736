/**
 * Settings for the duration of a bulk write (a 100 000-row plan or apply):
 * - a larger page cache: with SQLite's default 2 MB, random inserts into a
 *   100 000-row index spill and re-read pages over and over; 32 MB holds the
 *   indexes of a full directory;
 * - no automatic checkpoint between the batches: each would copy (and fsync)
 *   the pages the next batch dirties again; one checkpoint at the end copies
 *   each page once.
 * Both are put back afterwards, so an idle connection keeps neither the memory
 * nor a long WAL.
 */
import type { Db } from './open.ts';

export const BULK_CACHE_KIB = 32_768;

export function withBulkWrites<T>(db: Db, fn: () => T, opts: { cacheKib?: number; checkpoint?: boolean } = {}): T {
  const kib = opts.cacheKib ?? BULK_CACHE_KIB;
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (!(cache < 0 && -cache >= kib)) db.pragma(`cache_size = ${-kib}`);
  if (opts.checkpoint !== false) db.pragma('wal_autocheckpoint = 0');
  try {
    return fn();
  } finally {
    db.pragma(`cache_size = ${cache}`);
    if (opts.checkpoint !== false) {
      db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
      // PASSIVE never waits for readers; whatever it cannot copy now, a later checkpoint will.
      if (!db.inTransaction && autoCheckpoint > 0) db.pragma('wal_checkpoint(PASSIVE)');
    }
  }
}
