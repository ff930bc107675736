/**
 * Settings for the duration of a bulk write (a 100 000-row plan or apply):
 * - a larger page cache: with SQLite's default 2 MB, random inserts into a
 *   100 000-row index spill and re-read pages over and over; 32 MB holds the
 *   indexes of a full directory;
 * - no automatic checkpoint between the batches: each would copy (and fsync)
 *   the pages the next batch dirties again; one checkpoint at the end copies
 *   each page once.
 * Both are put back afterwards, so an idle connection keeps neither the memory
 * nor a long WAL. The checkpoint at the end goes to the connection's
 * background checkpointer when it has one (checkpointer.ts), so the thread
 * that serves the console does not copy the WAL; otherwise it runs here.
 */
import { checkpointerOf } from './checkpointer.ts';
import type { Db } from './open.ts';

export const BULK_CACHE_KIB = 32_768;

export interface BulkOptions {
  cacheKib?: number;
  checkpoint?: boolean;
}

export function withBulkWrites<T>(db: Db, fn: () => T, opts: BulkOptions = {}): T {
  const end = beginBulk(db, opts);
  try {
    return fn();
  } finally {
    end();
  }
}

/** The same for work that yields between its transactions (an apply that lets progress through). */
export async function withBulkWritesAsync<T>(db: Db, fn: () => Promise<T>, opts: BulkOptions = {}): Promise<T> {
  const end = beginBulk(db, opts);
  try {
    return await fn();
  } finally {
    end();
  }
}

/** Bulk sections open per connection: an async apply may yield while a plan's bulk write starts and ends. */
const open = new WeakMap<Db, { depth: number; cache: number; autoCheckpoint: number }>();

/**
 * Applies the bulk settings; returns what puts them back and checkpoints.
 * Overlapping sections (possible since apply yields between batches) share
 * one set of saved settings, put back when the last one ends.
 */
function beginBulk(db: Db, opts: BulkOptions): () => void {
  const kib = opts.cacheKib ?? BULK_CACHE_KIB;
  const background = checkpointerOf(db);
  let section = open.get(db);
  if (!section) {
    const cache = db.pragma('cache_size', { simple: true }) as number;
    // With a checkpoint owed to the worker the pragma reads 0; the connection's own setting is the checkpointer's.
    const autoCheckpoint = background ? background.autoCheckpoint : (db.pragma('wal_autocheckpoint', { simple: true }) as number);
    section = { depth: 0, cache, autoCheckpoint };
    open.set(db, section);
    if (!(cache < 0 && -cache >= kib)) db.pragma(`cache_size = ${-kib}`);
  }
  section.depth++;
  if (opts.checkpoint !== false) {
    db.pragma('wal_autocheckpoint = 0');
    background?.enterBulk();
  }
  const s = section;
  return () => {
    if (--s.depth === 0) open.delete(db);
    if (!db.open) return;
    if (s.depth === 0) db.pragma(`cache_size = ${s.cache}`);
    if (opts.checkpoint === false) return;
    if (background) {
      background.leaveBulk();
      // The worker copies the WAL; inside an outer transaction there is nothing committed to copy yet.
      if (!db.inTransaction) background.request();
      else background.restoreIfIdle();
    } else if (s.depth === 0) {
      db.pragma(`wal_autocheckpoint = ${s.autoCheckpoint}`);
      // PASSIVE never waits for readers; whatever it cannot copy now, a later checkpoint will.
      if (!db.inTransaction && s.autoCheckpoint > 0) db.pragma('wal_checkpoint(PASSIVE)');
    }
  };
}

/**
 * Buffers rows for one INSERT and writes them `rowsPerStatement` at a time:
 * one statement of many rows costs about half as much per row as one statement
 * per row (fewer calls into SQLite, one plan step per row instead of one call).
 * Rows go in in the order added. Call flush() before anything reads them.
 */
export class RowBuffer {
  private readonly many: { run(...params: unknown[]): unknown };
  private readonly one: { run(...params: unknown[]): unknown };
  private readonly columns: number;
  private readonly rows: number;
  private readonly buf: unknown[];
  private n = 0;

  /** `insert` is the statement up to VALUES, e.g. "INSERT INTO t (a, b)"; `row` the placeholders of one row, "(?, ?)" by default. */
  constructor(db: Db, insert: string, columns: number, opts: { rowsPerStatement?: number; row?: string } = {}) {
    this.columns = columns;
    this.rows = opts.rowsPerStatement ?? 100;
    const row = opts.row ?? `(${Array(columns).fill('?').join(', ')})`;
    this.many = prepared(db, `${insert} VALUES ${Array(this.rows).fill(row).join(', ')}`);
    this.one = prepared(db, `${insert} VALUES ${row}`);
    this.buf = new Array(columns * this.rows);
  }

  /** The number of rows added and not yet written. */
  get pending(): number {
    return this.n;
  }

  add(...values: unknown[]): void {
    const base = this.n * this.columns;
    for (let i = 0; i < this.columns; i++) this.buf[base + i] = values[i];
    if (++this.n === this.rows) {
      // Spread, not an array: better-sqlite3 reads arguments faster than array elements.
      this.many.run(...this.buf);
      this.n = 0;
    }
  }

  /** Drops the rows not yet written (the transaction they were for failed). */
  discard(): void {
    this.n = 0;
  }

  flush(): void {
    for (let r = 0; r < this.n; r++) this.one.run(...this.buf.slice(r * this.columns, (r + 1) * this.columns));
    this.n = 0;
  }
}

const statements = new WeakMap<Db, Map<string, { run(...params: unknown[]): unknown }>>();

function prepared(db: Db, sql: string): { run(...params: unknown[]): unknown } {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
