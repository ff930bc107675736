/**
 * A handler that hits a fault of the store: the operation's error is the
 * store's sentence (naming the file, saying what to do) with its kind, not
 * SQLite's text. PRAGMA max_page_count makes the handler's write fail with
 * SQLITE_FULL as a full disk does; it is lifted again before the processor
 * records the failure, as freeing space would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../time/clock.ts';
import { QueueProcessor } from './processor.ts';
import { getOperation } from './queries.ts';
import { enqueue } from './transitions.ts';
import { tempDb, type TempDb } from './testing/temp-db.ts';

let t: TempDb;
let p: QueueProcessor | null = null;
beforeEach(() => {
  t = tempDb();
});
afterEach(async () => {
  await p?.stop({ deadlineMs: 0 });
  t.cleanup();
});

describe('QueueProcessor and faults of the store', () => {
  it('records a full disk as the disk-full sentence, retryable', async () => {
    const clock = new ManualClock('2026-03-02T10:00:00Z');
    t.db.exec('CREATE TABLE scratch (b BLOB)');
    p = new QueueProcessor({
      db: t.db,
      clock,
      node: 'test-node',
      pollIntervalMs: 3_600_000,
      retry: { random: () => 0.5 },
      handlers: {
        plan_apply: async () => {
          t.db.pragma(`max_page_count = ${t.db.pragma('page_count', { simple: true }) as number}`);
          try {
            t.db.prepare('INSERT INTO scratch VALUES (?)').run(Buffer.alloc(256 * 1024));
          } finally {
            t.db.pragma('max_page_count = 1073741823');
          }
        },
      },
    });
    const op = enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock).operation;
    p.start();
    await p.whenIdle();
    expect(getOperation(t.db, op.id)).toMatchObject({
      status: 'pending',
      errorKind: 'retryable',
      errorMessage: `the disk holding ${t.file} is full: free space on it, then try again`,
    });
  });
});
