/**
 * Checkpoints the WAL from a worker thread after bulk writes.
 *
 * Why: a 100 000-row plan or apply leaves 100-250 MB in the WAL. Copying it
 * into the database file (and the fsync) took 150-750 ms on the thread that
 * serves the console (Electron's main process, or the headless host), after
 * the work itself was committed. A PASSIVE checkpoint on another connection
 * runs alongside readers and the writer, so it can happen off that thread.
 *
 * While a background checkpoint is owed, the owning connection keeps
 * `wal_autocheckpoint = 0`, or its next small commit would do the same copy
 * synchronously; the setting comes back once the worker has copied every frame
 * (or has tried a few times). If the worker cannot start (no driver, no
 * threads), checkpoints run on the calling thread, as before.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { Db } from './open.ts';

/** Plain JavaScript, valid as a script or a module, so it runs unchanged under Node and inside Electron's bundle (no file to ship). */
const WORKER_SOURCE = `
// No require(): a parent started with --input-type=module (or any ESM eval) makes eval'd workers modules.
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const Database = process.getBuiltinModule('node:module').createRequire(workerData.driver)(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    parentPort.postMessage({ ok: true, busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ ok: false, message: String(e && e.message) });
  }
});
parentPort.postMessage({ ready: true });
`;

type Reply = { ready: true } | { ok: true; busy: number; log: number; checkpointed: number } | { ok: false; message: string };

export interface CheckpointerOptions {
  /** The driver module the worker loads; better-sqlite3 as this process resolves it by default. */
  driver?: string;
  /** Attempts when readers keep frames from being copied, this far apart. */
  attempts?: number;
  retryDelayMs?: number;
}

const registry = new WeakMap<Db, BackgroundCheckpointer>();

/** The checkpointer that owns `db`'s checkpoints after bulk writes, if any. */
export function checkpointerOf(db: Db): BackgroundCheckpointer | undefined {
  return registry.get(db);
}

export class BackgroundCheckpointer {
  private readonly db: Db;
  private worker: Worker | null = null;
  private failed = false;
  /** The connection's own wal_autocheckpoint, put back when nothing is owed. */
  readonly autoCheckpoint: number;
  private owed = false;
  private running = false;
  /** Requests made, and the request the running checkpoint was sent for: a request during a run needs another run. */
  private requested = 0;
  private sentFor = 0;
  private attemptsLeft = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** The worker answered that it loaded the driver and opened the database. */
  private started = false;
  /** Bulk sections open on the connection (withBulkWrites): automatic checkpoints stay off until the last ends. */
  private bulkDepth = 0;
  /** The last thing that went wrong in the worker, for health and tests. */
  lastError: string | null = null;
  /** Checkpoints the worker completed (every frame copied). */
  completed = 0;

  private readonly file: string;
  private readonly driver: string | undefined;

  constructor(db: Db, file: string, opts: CheckpointerOptions = {}) {
    this.db = db;
    this.file = file;
    this.driver = opts.driver;
    this.autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.attempts = opts.attempts ?? 5;
    this.retryDelayMs = opts.retryDelayMs ?? 500;
    registry.set(db, this);
  }

  /** The worker, started on the first request: a short CLI command that writes nothing never pays for a thread. */
  private ensureWorker(): Worker | null {
    if (this.worker || this.failed || this.closed) return this.worker;
    try {
      const driver = this.driver ?? createRequire(import.meta.url).resolve('better-sqlite3');
      const busyTimeoutMs = this.db.pragma('busy_timeout', { simple: true }) as number;
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: this.file, busyTimeoutMs } });
      w.unref();
      w.on('message', (m: Reply) => this.onReply(m));
      w.on('error', (e) => this.fail(`checkpoint worker failed: ${e.message}`));
      w.on('exit', () => {
        this.worker = null;
        if (!this.closed) this.fail('checkpoint worker exited');
      });
      this.worker = w;
    } catch (e) {
      this.fail(`checkpoint worker could not start: ${(e as Error).message}`);
    }
    return this.worker;
  }

  /** True when checkpoints go to the worker; false after it failed (they run inline then). */
  get background(): boolean {
    return !this.failed && !this.closed;
  }

  /** For health: where checkpoints run, and why not in the background when they do not. */
  get state(): string {
    if (!this.background) return `inline (${this.lastError ?? 'worker stopped'})`;
    return this.started ? 'background' : 'background (worker not started yet: it starts with the first plan or apply)';
  }

  /**
   * Called by withBulkWrites when a bulk write has committed: hands the copy
   * to the worker, or does it here when there is no worker.
   */
  request(): void {
    if (!this.background || !this.ensureWorker()) {
      this.restoreIfIdle();
      this.checkpointInline();
      return;
    }
    this.owed = true;
    this.requested++;
    this.attemptsLeft = this.attempts;
    this.db.pragma('wal_autocheckpoint = 0');
    // Owed work keeps the process alive until done, like the inline checkpoint it replaces.
    this.worker?.ref();
    this.kick();
  }

  /** True while the worker owes this connection a checkpoint (its wal_autocheckpoint stays 0 meanwhile). */
  get pending(): boolean {
    return this.owed;
  }

  /** Resolves when no checkpoint is owed (for shutdown and tests). */
  idle(): Promise<void> {
    if (!this.owed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits for an owed checkpoint up to the deadline, then stops the worker. The connection's own close checkpoints the rest. */
  async close(deadlineMs = 5_000): Promise<void> {
    if (this.closed) return;
    // The worker and timers are unref'd so they never keep a process alive; while closing, this
    // wait must (a CLI awaiting close at top level would otherwise see its event loop run dry).
    await withDeadline(this.idle(), deadlineMs);
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const w = this.worker;
    this.worker = null;
    if (w) {
      w.ref();
      const exited = new Promise((r) => w.once('exit', r));
      w.postMessage('close');
      await withDeadline(exited, deadlineMs);
      await w.terminate();
    }
    this.settle();
  }

  private kick(): void {
    if (this.running || !this.worker) return;
    this.running = true;
    this.attemptsLeft--;
    this.sentFor = this.requested;
    this.worker.postMessage('checkpoint');
  }

  private onReply(m: Reply): void {
    if ('ready' in m) {
      this.started = true;
      return;
    }
    this.running = false;
    if (!m.ok) {
      this.lastError = `checkpoint failed: ${m.message}`;
    } else if (m.busy === 0 && m.log >= 0 && m.checkpointed >= m.log) {
      // Busy (another connection was checkpointing: log and checkpointed are -1) is retried like frames a reader holds.
      this.completed++;
      if (this.sentFor === this.requested) {
        this.settle();
        return;
      }
      // Another bulk write committed while this one ran: its frames are owed too.
      this.attemptsLeft = this.attempts;
      this.kick();
      return;
    }
    // Frames a reader still needs, or an error: try again a little later, a bounded number of times.
    if (this.attemptsLeft > 0 && !this.closed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.kick();
      }, this.retryDelayMs);
    } else {
      this.settle();
    }
  }

  /** withBulkWrites opens a section: automatic checkpoints stay off while any is open, whatever settles meanwhile. */
  enterBulk(): void {
    this.bulkDepth++;
  }

  leaveBulk(): void {
    this.bulkDepth = Math.max(0, this.bulkDepth - 1);
  }

  /** Automatic checkpoints back on, when nothing is owed and no bulk section is open. */
  restoreIfIdle(): void {
    if (!this.owed && this.bulkDepth === 0 && this.db.open) this.db.pragma(`wal_autocheckpoint = ${this.autoCheckpoint}`);
  }

  /** Nothing owed: the connection checkpoints by itself again (unless a bulk section is still open). */
  private settle(): void {
    if (!this.owed) return;
    this.owed = false;
    this.worker?.unref();
    this.restoreIfIdle();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private fail(message: string): void {
    // The first reason is the real one ("Cannot find module …"); the exit that follows an error says less.
    if (this.failed) return;
    this.lastError = message;
    this.failed = true;
    this.running = false;
    // Whatever was owed is done here instead, so the WAL does not grow unchecked.
    if (this.owed && this.db.open && !this.db.inTransaction) this.checkpointInline();
    this.settle();
  }

  private checkpointInline(): void {
    // PASSIVE never waits for readers; whatever it cannot copy now, a later checkpoint will.
    if (this.db.open && !this.db.inTransaction && this.autoCheckpoint > 0) this.db.pragma('wal_checkpoint(PASSIVE)');
  }
}

/** Waits for `p` or the deadline, whichever comes first; the timer holds the event loop meanwhile. */
async function withDeadline(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
