import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withBulkWrites, withBulkWritesAsync } from './bulk.ts';
import { BackgroundCheckpointer } from './checkpointer.ts';
import { openDatabase, type Db } from './open.ts';

let dir: string;
let file: string;
let db: Db;
let cp: BackgroundCheckpointer | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
  file = join(dir, 'g.db');
  db = openDatabase(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  cp = null;
});
afterEach(async () => {
  await cp?.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Frames in the WAL and frames copied, as a passive checkpoint from this connection sees them (copying whatever is left). */
const walState = () => (db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[])[0]!;
const autoCheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true }) as number;

function bulk(rows = 5_000): void {
  withBulkWrites(db, () => {
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < rows; i++) ins.run('x'.repeat(200));
    })();
  });
}

describe('background checkpointer', () => {
  it('leaves the copy to the worker, keeps automatic checkpoints off meanwhile, and puts them back when every frame is copied', async () => {
    cp = new BackgroundCheckpointer(db, file);
    expect(cp.background).toBe(true);
    expect(cp.state).toMatch(/^background \(worker not started yet/);
    bulk();
    expect(cp.lastError).toBeNull();
    expect(cp.pending).toBe(true);
    expect(autoCheckpoint()).toBe(0);
    await cp.idle();
    expect(cp.pending).toBe(false);
    expect(cp.completed).toBeGreaterThanOrEqual(1);
    expect(cp.lastError).toBeNull();
    expect(cp.state).toBe('background');
    expect(autoCheckpoint()).toBe(1000);
    const s = walState();
    expect(s.log).toBeGreaterThan(0);
    expect(s.checkpointed).toBe(s.log);
  });

  it('copies the frames of a second bulk write that commits while the first is being copied', async () => {
    cp = new BackgroundCheckpointer(db, file);
    bulk();
    bulk();
    await cp.idle();
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(10_000);
    const s = walState();
    expect(s.checkpointed).toBe(s.log);
  });

  it('tries again while a reader holds frames back, and finishes once the reader is gone', async () => {
    cp = new BackgroundCheckpointer(db, file, { attempts: 50, retryDelayMs: 20 });
    const reader = openDatabase(file, { readonly: true });
    try {
      bulk(100);
      await cp.idle();
      // A read transaction pins the WAL as it is now; the next bulk write's frames cannot all be copied past it.
      reader.prepare('BEGIN').run();
      reader.prepare('SELECT count(*) FROM t').pluck().get();
      bulk();
      await new Promise((r) => setTimeout(r, 100));
      expect(cp.pending).toBe(true);
      reader.prepare('COMMIT').run();
      await cp.idle();
      expect(autoCheckpoint()).toBe(1000);
    } finally {
      reader.close();
    }
    const s = walState();
    expect(s.checkpointed).toBe(s.log);
  });

  it('checkpoints on the calling thread when the worker cannot start, and says why', async () => {
    cp = new BackgroundCheckpointer(db, file, { driver: join(dir, 'no-such-driver.js') });
    bulk();
    // The worker starts with the first request and reports its failure to load the driver asynchronously.
    for (let waited = 0; cp.background && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(cp.background).toBe(false);
    // The reason the worker gave, not the exit that followed it.
    expect(cp.lastError).toMatch(/^checkpoint worker failed: .*no-such-driver/);
    expect(cp.state).toMatch(/^inline \(checkpoint worker failed: /);
    // What was owed was copied here, and the connection checkpoints by itself again.
    expect(cp.pending).toBe(false);
    expect(autoCheckpoint()).toBe(1000);
    const s = walState();
    expect(s.checkpointed).toBe(s.log);
    bulk();
    expect(cp.pending).toBe(false);
    expect(autoCheckpoint()).toBe(1000);
  });

  it('keeps automatic checkpoints off while an async bulk section is open, even when another bulk write settles meanwhile', async () => {
    cp = new BackgroundCheckpointer(db, file);
    const cacheBefore = db.pragma('cache_size', { simple: true });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const long = withBulkWritesAsync(db, async () => {
      db.prepare('INSERT INTO t (v) VALUES (?)').run('first batch');
      await gate;
      db.prepare('INSERT INTO t (v) VALUES (?)').run('second batch');
    });
    bulk(); // a plan's bulk write while the apply waits between batches
    await cp.idle();
    expect(autoCheckpoint()).toBe(0);
    release();
    await long;
    await cp.idle();
    expect(autoCheckpoint()).toBe(1000);
    expect(db.pragma('cache_size', { simple: true })).toBe(cacheBefore);
  });

  it('puts the cache back whichever of two overlapping sections ends first', async () => {
    const cacheBefore = db.pragma('cache_size', { simple: true });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = withBulkWritesAsync(db, () => gate);
    let releaseSecond!: () => void;
    const gate2 = new Promise<void>((r) => (releaseSecond = r));
    const second = withBulkWritesAsync(db, () => gate2);
    release();
    await first;
    expect(db.pragma('cache_size', { simple: true })).not.toBe(cacheBefore);
    releaseSecond();
    await second;
    expect(db.pragma('cache_size', { simple: true })).toBe(cacheBefore);
    expect(autoCheckpoint()).toBe(1000);
  });

  it('after close, bulk writes checkpoint inline again', async () => {
    cp = new BackgroundCheckpointer(db, file);
    await cp.close();
    expect(cp.background).toBe(false);
    bulk();
    expect(cp.pending).toBe(false);
    expect(autoCheckpoint()).toBe(1000);
  });
});
