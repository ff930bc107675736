import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BulkWriter, WriteConflict, WriteFailed, WriterUnavailable, bulkWriterOf } from './bulk-writer.ts';
import { openDatabase, type Db } from './open.ts';

const INSERT = 'INSERT INTO t (id, name)';

function flat(from: number, to: number): unknown[] {
  const v: unknown[] = [];
  for (let i = from; i < to; i++) v.push(i, `строка ${i}`);
  return v;
}

/** A driver whose insert hangs for `spinMs` on a row holding 'STALL', as a stuck worker would. */
function stallingDriver(dir: string, spinMs: number): string {
  const driver = join(dir, `stalling-driver-${spinMs}.cjs`);
  writeFileSync(
    driver,
    `const Real = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
     module.exports = class extends Real {
       prepare(sql) {
         const s = super.prepare(sql);
         const run = s.run.bind(s);
         s.run = (...a) => { if (a.includes('STALL')) { const until = Date.now() + ${spinMs}; while (Date.now() < until); } return run(...a); };
         return s;
       }
     };`,
  );
  return driver;
}

describe('BulkWriter', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let writer: BulkWriter;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulk-writer-'));
    file = join(dir, 'gateway.sqlite');
    db = openDatabase(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    writer = new BulkWriter(db, file);
  });

  afterEach(async () => {
    await writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = () => db.prepare('SELECT count(*) FROM t').pluck().get() as number;

  it('is the writer registered for its connection', () => {
    expect(bulkWriterOf(db)).toBe(writer);
  });

  it('writes statements and row batches (full statements of 100 rows and a remainder) in one committed transaction', async () => {
    const tx = writer.begin([])!;
    expect(tx).not.toBeNull();
    tx.run('INSERT INTO t (id, name) VALUES (?, ?)', [0, 'ноль']);
    tx.rows(INSERT, 2, flat(1, 251));
    tx.rows(INSERT, 2, flat(251, 300));
    await tx.end(true);
    expect(count()).toBe(300);
    expect(db.prepare('SELECT name FROM t WHERE id = 250').pluck().get()).toBe('строка 250');
    expect(writer.committed).toBe(1);
  });

  it('stops its worker once a transaction ends (its heap is not kept between plans) and starts another for the next', async () => {
    writer.warm();
    expect(writer.workerRunning).toBe(true);
    const first = writer.begin([])!;
    first.rows(INSERT, 2, flat(1, 10));
    await first.end(true);
    expect(writer.workerRunning).toBe(false);
    const second = writer.begin([])!;
    second.rows(INSERT, 2, flat(10, 20));
    await second.end(true);
    expect(count()).toBe(19);
    expect(writer.committed).toBe(2);
    writer.warm();
    writer.release();
    expect(writer.workerRunning).toBe(false);
  });

  it('closing waits for a worker released while it was still opening the database: nothing opens the file after close', async () => {
    // A driver that takes 300 ms to open and notes when it did.
    const driver = join(dir, 'slow-open-driver.cjs');
    const openedAt = join(dir, 'opened-at');
    writeFileSync(
      driver,
      `const Real = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
       module.exports = class extends Real {
         constructor(...a) { const until = Date.now() + 300; while (Date.now() < until); super(...a); require('node:fs').writeFileSync(${JSON.stringify(openedAt)}, String(Date.now())); }
       };`,
    );
    const slow = new BulkWriter(db, file, { driver });
    slow.warm();
    slow.release();
    await slow.close();
    const closedAt = Date.now();
    await new Promise((r) => setTimeout(r, 400));
    // Opened (and closed again) before close() returned, or never: not after.
    const opened = existsSync(openedAt) ? Number(readFileSync(openedAt, 'utf8')) : null;
    if (opened !== null) expect(opened).toBeLessThanOrEqual(closedAt);
  });

  it('writes nothing when ended without commit', async () => {
    const tx = writer.begin([])!;
    tx.rows(INSERT, 2, flat(1, 50));
    await tx.end(false);
    expect(count()).toBe(0);
    expect(writer.committed).toBe(0);
  });

  it('gives up with a WriteConflict, writing nothing, when a check no longer holds under its lock', async () => {
    db.prepare('INSERT INTO t (id, name) VALUES (1, ?)').run('first');
    const tx = writer.begin([{ what: 'the last id', sql: 'SELECT max(id) FROM t', params: [], expect: [0] }])!;
    tx.rows(INSERT, 2, flat(2, 10));
    const outcome = tx.end(true);
    await expect(outcome).rejects.toBeInstanceOf(WriteConflict);
    await expect(outcome).rejects.toThrow('the last id changed ([1])');
    expect(count()).toBe(1);
  });

  it('commits when its checks hold', async () => {
    db.prepare('INSERT INTO t (id, name) VALUES (7, ?)').run('seven');
    const tx = writer.begin([{ what: 'the last id', sql: 'SELECT max(id), count(*) FROM t WHERE id < ?', params: [100], expect: [7, 1] }])!;
    tx.rows(INSERT, 2, [8, 'eight']);
    await tx.end(true);
    expect(count()).toBe(2);
  });

  it('rolls back every batch already written when a later statement fails, and names SQLite error code', async () => {
    const tx = writer.begin([])!;
    tx.rows(INSERT, 2, flat(1, 500));
    tx.rows(INSERT, 2, flat(499, 510)); // id 499 again
    tx.rows(INSERT, 2, flat(600, 610));
    const outcome = tx.end(true);
    await expect(outcome).rejects.toBeInstanceOf(WriteFailed);
    await expect(outcome).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(count()).toBe(0);
    // The worker is still usable afterwards.
    const again = writer.begin([])!;
    again.rows(INSERT, 2, flat(1, 3));
    await again.end(true);
    expect(count()).toBe(2);
  });

  it('takes one transaction at a time: a second begin while one is in flight gets null (the caller writes itself)', async () => {
    const tx = writer.begin([])!;
    expect(writer.begin([])).toBeNull();
    await tx.end(false);
    expect(writer.begin([])).not.toBeNull();
  });

  it('does not deadlock when the calling thread writes while the worker holds the lock: the worker needs nothing from it', async () => {
    const probe = openDatabase(file, { busyTimeoutMs: 0 });
    try {
      const tx = writer.begin([])!;
      tx.rows(INSERT, 2, flat(1, 50_001));
      const outcome = tx.end(true);
      // Wait (synchronously, as the serving thread would) until the worker holds the write lock.
      let locked = false;
      const deadline = Date.now() + 10_000;
      const pause = new Int32Array(new SharedArrayBuffer(4));
      while (!locked && Date.now() < deadline) {
        try {
          probe.exec('BEGIN IMMEDIATE');
          probe.exec('ROLLBACK');
          // Probing takes the lock for an instant: leave the worker room to take it.
          Atomics.wait(pause, 0, 0, 1);
        } catch (e) {
          if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
          locked = true;
        }
      }
      expect(locked).toBe(true);
      // A write on the caller's connection now waits on the lock (busy_timeout), then goes in.
      db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').run(100_000, 'after');
      await outcome;
      expect(count()).toBe(50_001);
    } finally {
      probe.close();
    }
  });

  it('reports a worker that cannot load its driver as unavailable at once, with the reason, and begins nothing', async () => {
    const broken = new BulkWriter(db, file, { driver: join(dir, 'no-such-driver.js') });
    try {
      expect(broken.begin([])).toBeNull();
      expect(broken.unavailableReason).toMatch(/^bulk write worker could not open the database/);
      await vi.waitFor(() => expect(broken.unavailableReason).toMatch(/no-such-driver/));
      expect(broken.begin([])).toBeNull();
    } finally {
      await broken.close();
    }
  });

  it('begins nothing once closed, and says so', async () => {
    await writer.close();
    expect(writer.begin([])).toBeNull();
    expect(await writer.ready()).toBe(false);
    expect(writer.unavailableReason).toBe('closed');
  });

  it('closing during a write leaves all of it or none, and says the outcome is for the database to tell', async () => {
    const tx = writer.begin([])!;
    for (let i = 0; i < 20; i++) tx.rows(INSERT, 2, flat(i * 10_000, (i + 1) * 10_000));
    const outcome = tx.end(true).then(
      () => 'committed',
      (e: Error) => e.name,
    );
    await writer.close(1);
    const said = await outcome;
    expect(['committed', 'WriteOutcomeUnknown']).toContain(said);
    const n = count();
    expect([0, 200_000]).toContain(n);
    if (said === 'committed') expect(n).toBe(200_000);
    // The worker's connection is gone: this one can write.
    db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').run(1_000_000, 'after');
  });

  it('stops a worker that takes no rows for stallMs, and writes nothing', () => {
    const stalling = new BulkWriter(db, file, { driver: stallingDriver(dir, 5000), stallMs: 300 });
    const tx = stalling.begin([])!;
    expect(tx).not.toBeNull();
    tx.rows(INSERT, 2, [1, 'STALL']);
    let thrown: unknown;
    try {
      for (let i = 0; i < 10; i++) tx.rows(INSERT, 2, flat(10 + i * 10, 20 + i * 10));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WriterUnavailable);
    expect((thrown as Error).message).toBe('the bulk write worker took no rows for 0.3 s and was stopped');
    // Given up for this transaction only: the next one starts another worker.
    expect(stalling.lastProblem).toBe('the bulk write worker took no rows for 0.3 s and was stopped');
    expect(stalling.unavailableReason).toBeNull();
    expect(count()).toBe(0);
  });

  it('once stopped for stalling, the database is writable again (the worker connection and its lock are gone)', async () => {
    const stalling = new BulkWriter(db, file, { driver: stallingDriver(dir, 3000), stallMs: 200 });
    const tx = stalling.begin([])!;
    tx.rows(INSERT, 2, [1, 'STALL']);
    let stopped: Promise<unknown> | null = null;
    try {
      for (let i = 0; i < 10; i++) tx.rows(INSERT, 2, flat(10 + i * 10, 20 + i * 10));
    } catch (e) {
      if (e instanceof WriterUnavailable) stopped = e.stopped;
    }
    // Once it is gone, its lock is too.
    expect(stopped).not.toBeNull();
    await stopped;
    db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').run(500, 'after');
    expect(count()).toBe(1);
    // And the next transaction gets a new worker.
    const next = stalling.begin([])!;
    next.rows(INSERT, 2, [501, 'next']);
    await next.end(true);
    expect(count()).toBe(2);
    await stalling.close();
  });
});

describe('workers started from an ES module evaluated with --input-type=module (as bench/run.ts starts each bench)', () => {
  it('the bulk writer and the background checkpointer both run there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulk-writer-esm-'));
    try {
      const url = (f: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, f)).href);
      const script = `
        const { openDatabase } = await import(${url('open.ts')});
        const { BulkWriter } = await import(${url('bulk-writer.ts')});
        const { BackgroundCheckpointer } = await import(${url('checkpointer.ts')});
        const file = process.argv[1] + '/gateway.sqlite';
        const db = openDatabase(file);
        db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
        const checkpointer = new BackgroundCheckpointer(db, file);
        const writer = new BulkWriter(db, file);
        const tx = writer.begin([]);
        tx.rows('INSERT INTO t (id, name)', 2, [1, 'a', 2, 'b']);
        await tx.end(true);
        checkpointer.request();
        await checkpointer.idle();
        console.log(JSON.stringify({ rows: db.prepare('SELECT count(*) FROM t').pluck().get(), writer: writer.unavailableReason, checkpointer: checkpointer.state, completed: checkpointer.completed }));
        await writer.close(); await checkpointer.close(); db.close();`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, dir], { encoding: 'utf8', timeout: 30_000 });
      expect(r.stderr).not.toMatch(/Error/);
      expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ rows: 2, writer: null, checkpointer: 'background', completed: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
