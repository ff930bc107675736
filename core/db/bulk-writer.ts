/**
 * Runs one large write transaction on a worker thread, fed row batches by the
 * thread that prepared them.
 *
 * Why: storing a 100 000-item plan is ~60 MB of rows; binding and inserting
 * them took ~450 ms of the thread that also parses, reconciles and serves the
 * console. Handing them over (a structured clone) costs that thread ~100 ms,
 * and the worker inserts one batch while the caller prepares the next
 * (bench/sync.bench.ts).
 *
 * Nothing here waits for the caller once a transaction has begun: the caller
 * sends every operation in one synchronous run, then awaits the outcome. So a
 * write the caller's thread attempts meanwhile (it waits on the lock,
 * synchronously) never waits on a worker that is waiting on it. What the caller
 * computed from the database before sending (the next id, the audit chain's
 * tail) is stated as checks: the worker re-reads them under its write lock and
 * gives up with a WriteConflict if another writer moved them, so the caller can
 * redo the work on its own connection. Anything that fails rolls back: a plan is
 * stored whole or not at all, a crash included (SQLite drops the transaction).
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { Db } from './open.ts';

/** Plain JavaScript, valid as a script or a module, so it runs unchanged under Node and inside Electron's bundle (no file to ship). */
const WORKER_SOURCE = `
// No require(): a parent started with --input-type=module (or any ESM eval) makes eval'd workers modules.
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
// [0]: row batches taken off the queue (the sender waits when too far ahead); [1]: 1 once open, -1 if opening failed.
const shared = new Int32Array(workerData.shared);
let db;
try {
  const Database = process.getBuiltinModule('node:module').createRequire(workerData.driver)(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  db.pragma('synchronous = ' + workerData.synchronous);
  db.pragma('journal_size_limit = ' + workerData.journalSizeLimit);
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -' + workerData.cacheKib);
  // The owner's background checkpointer copies the WAL once this transaction has committed.
  db.pragma('wal_autocheckpoint = 0');
} catch (e) {
  Atomics.store(shared, 1, -1);
  Atomics.notify(shared, 1);
  throw e;
}
Atomics.store(shared, 1, 1);
Atomics.notify(shared, 1);
const statements = new Map();
const prepared = (sql) => { let s = statements.get(sql); if (!s) { s = db.prepare(sql); statements.set(sql, s); } return s; };
let failure = null;
let open = false;
const ROWS = 100;
function rows(m) {
  const per = m.columns * ROWS;
  const row = '(' + new Array(m.columns).fill('?').join(', ') + ')';
  const many = prepared(m.insert + ' VALUES ' + new Array(ROWS).fill(row).join(', '));
  const one = prepared(m.insert + ' VALUES ' + row);
  const v = m.values;
  let k = 0;
  for (; k + per <= v.length; k += per) many.run(...v.slice(k, k + per));
  for (; k < v.length; k += m.columns) one.run(...v.slice(k, k + m.columns));
}
function step(m) {
  if (m.t === 'begin') {
    db.exec('BEGIN IMMEDIATE');
    open = true;
    for (const c of m.checks) {
      const found = JSON.stringify(prepared(c.sql).raw().get(...c.params) ?? null);
      if (found !== JSON.stringify(c.expect)) { failure = { conflict: true, message: c.what + ' changed (' + found + ')' }; return; }
    }
  } else if (m.t === 'run') prepared(m.sql).run(...m.params);
  else if (m.t === 'rows') rows(m);
}
parentPort.on('message', (m) => {
  if (m.t === 'close') { if (db.inTransaction) db.exec('ROLLBACK'); db.close(); parentPort.close(); return; }
  if (m.t === 'end') {
    try {
      if (failure || !m.commit) { if (db.inTransaction) db.exec('ROLLBACK'); }
      else db.exec('COMMIT');
    } catch (e) { failure = failure || { conflict: false, message: String(e && e.message), code: e && e.code }; if (db.inTransaction) db.exec('ROLLBACK'); }
    open = false;
    parentPort.postMessage(failure ? { ok: false, ...failure } : { ok: true, committed: m.commit === true });
    failure = null;
    return;
  }
  if (m.t === 'begin') failure = null;
  try { if (!failure && (open || m.t === 'begin')) step(m); }
  catch (e) { failure = { conflict: false, message: String(e && e.message), code: e && e.code }; }
  if (failure && db.inTransaction) db.exec('ROLLBACK');
  if (m.t === 'rows') { Atomics.add(shared, 0, 1); Atomics.notify(shared, 0); }
});
parentPort.postMessage({ ready: true });
`;

type Reply = { ready: true } | { ok: true; committed: boolean } | { ok: false; conflict: boolean; message: string; code?: string };

/** What the caller read before sending: the worker compares it under its write lock. `expect` is what `.raw().get()` returns (null for no row). */
export interface WriteCheck {
  what: string;
  sql: string;
  params: unknown[];
  expect: unknown[] | null;
}

/** Another writer changed what the caller computed from: nothing was written; redo it on the caller's connection. */
export class WriteConflict extends Error {
  override name = 'WriteConflict';
}

/**
 * The worker could not take the transaction (it did not start, or stopped
 * before it was told to commit): nothing was committed. `stopped` settles when
 * a worker being stopped is gone, and its connection's lock with it.
 */
export class WriterUnavailable extends Error {
  override name = 'WriterUnavailable';
  readonly stopped: Promise<unknown>;
  constructor(message: string, stopped: Promise<unknown> = Promise.resolve()) {
    super(message);
    this.stopped = stopped;
  }
}

/**
 * The worker was told to commit and stopped (or the writer closed) before it
 * answered: the transaction may or may not have committed. The worker is gone
 * by then, so what the database holds is final; look there.
 */
export class WriteOutcomeUnknown extends Error {
  override name = 'WriteOutcomeUnknown';
}

/** A statement failed in the worker; the transaction was rolled back. `code` is SQLite's (SQLITE_FULL…). */
export class WriteFailed extends Error {
  override name = 'WriteFailed';
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.code = code;
  }
}

export interface BulkWriterOptions {
  /** The driver module the worker loads; better-sqlite3 as this process resolves it by default. */
  driver?: string;
  cacheKib?: number;
  /** A worker that takes no row batch for this long is stopped and the write given up (STALL_MS). */
  stallMs?: number;
}

const registry = new WeakMap<Db, BulkWriter>();

/** Row batches queued to the worker at most: enough to keep it busy, few enough to bound the copies. */
const MAX_AHEAD = 4;
/**
 * The worker connection's page cache: its writes append (a plan's items and
 * their indexes grow at their end), so a few MB do; every MB here is resident
 * for the whole write on top of the caller's memory (peak RSS, bench/sync).
 */
const WRITER_CACHE_KIB = 8_192;
/** A worker that takes no batch for this long is stuck (each takes ~3 ms). */
const STALL_MS = 15_000;
/** How long a transaction waits for a worker still starting (it takes ~50 ms) before running on the caller's connection instead. */
const START_WAIT_MS = 2_000;
const OPEN_FAILED = 'bulk write worker could not open the database';

/** The worker that takes `db`'s large write transactions, if the host gave it one. */
export function bulkWriterOf(db: Db): BulkWriter | undefined {
  return registry.get(db);
}

/** One transaction being sent: operations go in order; end() commits (or rolls back) and tells how it went. */
export interface WriterTransaction {
  run(sql: string, params: readonly unknown[]): void;
  /** Rows of `columns` values each, flattened; `insert` is the statement up to VALUES. */
  rows(insert: string, columns: number, values: unknown[]): void;
  end(commit: boolean): Promise<void>;
}

/** One worker and what it shares with this thread. */
interface Running {
  worker: Worker;
  /** Shared (Atomics): [0] row batches it has taken, [1] 1 once its connection is open, -1 if that failed. */
  shared: Int32Array;
  /** Row batches sent to it. */
  sent: number;
}

export class BulkWriter {
  private readonly file: string;
  private readonly db: Db;
  private readonly driver: string | undefined;
  private readonly cacheKib: number;
  private readonly stallMs: number;
  private running: Running | null = null;
  /** Workers released (told to close) that have not exited yet. */
  private readonly released = new Set<Worker>();
  /** Why no worker can be had at all (it cannot open the database): every transaction runs on the caller's connection. */
  private failedReason: string | null = null;
  /** The last worker that had to be given up (crashed, stalled); the next transaction starts another. */
  lastProblem: string | null = null;
  private closed = false;
  private pending: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private inFlight = false;
  /** Settles when the transaction in flight has (for close). */
  private flight: Promise<void> | null = null;
  /** Transactions committed by the worker (for health and tests). */
  committed = 0;

  constructor(db: Db, file: string, opts: BulkWriterOptions = {}) {
    this.db = db;
    this.file = file;
    this.driver = opts.driver;
    this.cacheKib = opts.cacheKib ?? WRITER_CACHE_KIB;
    this.stallMs = opts.stallMs ?? STALL_MS;
    registry.set(db, this);
  }

  /** Why transactions run on the caller's connection instead, or null while the worker is usable. */
  get unavailableReason(): string | null {
    return this.closed ? 'closed' : this.failedReason;
  }

  /** True while a worker thread exists (started by warm() or a transaction, stopped by release()). */
  get workerRunning(): boolean {
    return this.running !== null;
  }

  /**
   * Resolves true once a worker has its connection open (starting one if
   * needed), false when none can be had; waits without blocking this thread,
   * for START_WAIT_MS at most. begin() after it does not wait.
   */
  async ready(): Promise<boolean> {
    const r = this.ensureWorker();
    if (!r) return false;
    if (Atomics.load(r.shared, 1) === 0) await Atomics.waitAsync(r.shared, 1, 0, START_WAIT_MS).value;
    // Read, not waited for again: a worker slower than START_WAIT_MS leaves this plan to the caller's connection.
    const state = Atomics.load(r.shared, 1);
    if (state === -1 && this.running === r) this.fail(OPEN_FAILED, true);
    return this.running === r && state === 1;
  }

  /** Starts a worker ahead of need (its start-up then overlaps the caller's fetch). */
  warm(): void {
    this.ensureWorker();
  }

  /**
   * Stops the worker unless a transaction is in flight. Its heap and page cache
   * (tens of MB) are not kept between plans, which are hours apart; the next
   * one starts a worker again (~50 ms, overlapped with its fetch by warm()).
   */
  release(): void {
    if (this.inFlight || !this.running) return;
    const { worker } = this.running;
    this.running = null;
    // Until it exits it may still be opening the database: close() waits for it, so nothing
    // opens the file after the gateway closed (a -wal and -shm appearing in a removed directory).
    this.released.add(worker);
    worker.once('exit', () => this.released.delete(worker));
    worker.postMessage({ t: 'close' });
  }

  private ensureWorker(): Running | null {
    if (this.running || this.failedReason || this.closed) return this.running;
    try {
      const driver = this.driver ?? createRequire(import.meta.url).resolve('better-sqlite3');
      const shared = new SharedArrayBuffer(8);
      const workerData = {
        driver,
        file: this.file,
        busyTimeoutMs: this.db.pragma('busy_timeout', { simple: true }) as number,
        synchronous: this.db.pragma('synchronous', { simple: true }) as number,
        journalSizeLimit: this.db.pragma('journal_size_limit', { simple: true }) as number,
        cacheKib: this.cacheKib,
        shared,
      };
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData });
      w.unref();
      const running: Running = { worker: w, shared: new Int32Array(shared), sent: 0 };
      // Events of a worker already released are none of this writer's business.
      const current = () => this.running?.worker === w;
      w.on('message', (m: Reply) => {
        if (current()) this.onReply(m);
      });
      // A worker that dies before its connection is open tells anyone waiting on the flag.
      const notOpened = () => {
        if (Atomics.compareExchange(running.shared, 1, 0, -1) === 0) Atomics.notify(running.shared, 1);
      };
      w.on('error', (e) => {
        const opening = Atomics.load(running.shared, 1) !== 1;
        notOpened();
        // Also after this thread saw the open fail (the worker is gone by then): its error says why.
        if (opening && (current() || this.failedReason === OPEN_FAILED)) this.fail(`${OPEN_FAILED} (${e.message})`, true);
        else if (current()) this.fail(`bulk write worker failed: ${e.message}`, false);
      });
      w.on('exit', () => {
        const opening = Atomics.load(running.shared, 1) !== 1;
        notOpened();
        if (current() && !this.closed) this.fail(opening ? `${OPEN_FAILED} (it exited)` : 'bulk write worker exited', opening);
      });
      this.running = running;
    } catch (e) {
      this.fail(`bulk write worker could not start: ${(e as Error).message}`, true);
    }
    return this.running;
  }

  /**
   * Gives the worker up. `permanent` when none can be had (it cannot open the
   * database): transactions run on the caller's connection from then on.
   * Otherwise (it crashed or stalled) the next transaction starts another.
   */
  private fail(reason: string, permanent: boolean): void {
    if (permanent) {
      // The worker's own error, arriving after this thread saw the open fail, says why.
      if (this.failedReason === OPEN_FAILED && reason !== OPEN_FAILED) this.failedReason = reason;
      this.failedReason ??= reason;
    } else {
      this.lastProblem = reason;
    }
    // Every way here leaves the worker gone or going (it threw, exited, stalled, or could not open).
    this.running = null;
    this.inFlight = false;
    const p = this.pending;
    this.pending = null;
    // A pending outcome means it had been told to commit: whether it did is for the database to say.
    p?.reject(new WriteOutcomeUnknown(reason));
  }

  private onReply(m: Reply): void {
    if ('ready' in m) return;
    const p = this.pending;
    this.pending = null;
    this.inFlight = false;
    this.release();
    if (!p) return;
    if (m.ok) {
      if (m.committed) this.committed++;
      p.resolve();
    } else if (m.conflict) p.reject(new WriteConflict(m.message));
    else p.reject(new WriteFailed(m.message, m.code));
  }

  /**
   * Begins a transaction in the worker, or returns null when it cannot take one
   * (no worker, or one already in flight): the caller then writes on its own
   * connection. Send every operation and end() without awaiting in between.
   */
  begin(checks: readonly WriteCheck[]): WriterTransaction | null {
    if (this.inFlight) return null;
    const r = this.ensureWorker();
    if (!r || !this.opened(r)) return null;
    const w = r.worker;
    this.inFlight = true;
    // While a transaction is owed, the worker keeps the process alive, like the inline write it replaces.
    w.ref();
    w.postMessage({ t: 'begin', checks });
    let ended = false;
    return {
      run: (sql, params) => w.postMessage({ t: 'run', sql, params }),
      rows: (insert, columns, values) => {
        this.waitForRoom(r);
        r.sent++;
        w.postMessage({ t: 'rows', insert, columns, values });
      },
      end: (commit) => {
        if (ended) return Promise.reject(new Error('this bulk write has already ended'));
        ended = true;
        const outcome = new Promise<void>((resolve, reject) => {
          if (this.running !== r) {
            reject(new WriterUnavailable(this.failedReason ?? this.lastProblem ?? 'bulk write worker stopped'));
            return;
          }
          this.pending = { resolve, reject };
          w.postMessage({ t: 'end', commit });
        });
        this.flight = outcome.then(
          () => undefined,
          () => undefined,
        );
        return outcome;
      },
    };
  }

  /**
   * True once the worker has its connection open. A worker still starting is
   * waited for, briefly (callers that can await use ready() first); one that
   * failed to open it (no driver, no file) makes every later transaction run
   * on the caller's connection. Its 'error' event carries the reason, but
   * cannot arrive while this thread waits, hence the flag.
   */
  private opened(r: Running): boolean {
    if (Atomics.load(r.shared, 1) === 0) Atomics.wait(r.shared, 1, 0, START_WAIT_MS);
    const state = Atomics.load(r.shared, 1);
    if (state === -1) this.fail(OPEN_FAILED, true);
    return state === 1;
  }

  /**
   * Flow control: the sender prepares rows faster than the worker inserts them,
   * and every batch queued is a copy in memory (~1 MB). Past MAX_AHEAD batches
   * the sender blocks, without yielding to its event loop (see above), until
   * the worker takes one. A worker that stops taking them is stopped and the
   * write given up (nothing was committed: it had not been told to).
   */
  private waitForRoom(r: Running): void {
    for (;;) {
      const taken = Atomics.load(r.shared, 0);
      if (r.sent - taken < MAX_AHEAD) return;
      if (Atomics.wait(r.shared, 0, taken, this.stallMs) === 'timed-out' && Atomics.load(r.shared, 0) === taken) {
        // Not told to commit yet, so stopping it rolls back everything it was sent.
        const reason = `the bulk write worker took no rows for ${this.stallMs / 1000} s and was stopped`;
        this.fail(reason, false);
        // Stuck in SQLite itself, it holds the write lock until that call returns: callers wait for it to be gone.
        throw new WriterUnavailable(reason, r.worker.terminate());
      }
    }
  }

  /**
   * Waits for a transaction in flight, up to the deadline, then stops the
   * worker (which rolls back whatever it had not committed). A transaction
   * still unanswered then ends in WriteOutcomeUnknown, once the worker is gone.
   */
  async close(deadlineMs = 5_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flight) await Promise.race([this.flight, new Promise((r) => setTimeout(r, deadlineMs).unref())]);
    // Kept current until it exits, so an answer it sends meanwhile still settles the transaction.
    const r = this.running;
    if (r) {
      const w = r.worker;
      w.ref();
      const exited = new Promise((done) => w.once('exit', done));
      w.postMessage({ t: 'close' });
      await Promise.race([exited, new Promise((done) => setTimeout(done, deadlineMs).unref())]);
      await w.terminate();
    }
    this.running = null;
    // threadId is -1 once a worker has exited (its 'exit' would never come again).
    const leaving = [...this.released].filter((w) => w.threadId !== -1);
    if (leaving.length > 0) {
      for (const w of leaving) w.ref();
      await Promise.race([Promise.all(leaving.map((w) => new Promise((done) => w.once('exit', done)))), new Promise((done) => setTimeout(done, deadlineMs).unref())]);
      await Promise.all(leaving.map((w) => w.terminate()));
    }
    const p = this.pending;
    this.pending = null;
    this.inFlight = false;
    p?.reject(new WriteOutcomeUnknown('the gateway closed before the bulk write worker answered'));
  }
}
