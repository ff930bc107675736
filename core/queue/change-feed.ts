/**
 * 'queue.changed' for the console: every change of operations in one database
 * made in this process (core/queue/signals), plus pause/resume, coalesced so a
 * busy queue (thousands of transitions a second) reaches the console a few
 * times a second at most. The first change after a quiet spell goes out at
 * once; changes during the window after it go out together at its end.
 *
 * Changes made by another process (the CLI, a second machine) are not seen
 * here; the console's queries pick them up on their next refetch.
 */
import type { OperationStatusName, OperationTypeName, QueueChanged } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import { queueSignals, type QueueChangeBatch } from './signals.ts';

export const QUEUE_CHANGED = 'queue.changed';

/** An event source of the one event QUEUE_CHANGED (forwarded by core/api/events.ts). */
export interface QueueChangeFeed {
  on(name: string, fn: (payload: unknown) => void): () => void;
  /** A type was paused or resumed. */
  notifyPaused(): void;
}

export interface QueueChangeFeedOptions {
  /** Minimum time between two events; default 250 ms (at most 4 a second). */
  windowMs?: number;
}

export function createQueueChangeFeed(db: Db, opts: QueueChangeFeedOptions = {}): QueueChangeFeed {
  const windowMs = opts.windowMs ?? 250;
  const listeners = new Set<(payload: unknown) => void>();
  let changed = 0;
  let statuses = new Set<OperationStatusName>();
  let types = new Set<OperationTypeName>();
  let pausedChanged = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastEmit = -Infinity;

  const pendingSomething = () => changed > 0 || pausedChanged;

  function flush(): void {
    timer = null;
    if (!pendingSomething()) return;
    const payload: QueueChanged = { changed, statuses: [...statuses], types: [...types], pausedChanged };
    changed = 0;
    statuses = new Set();
    types = new Set();
    pausedChanged = false;
    lastEmit = Date.now();
    for (const fn of [...listeners]) fn(payload);
  }

  function schedule(): void {
    if (timer !== null) return;
    const wait = Math.max(0, lastEmit + windowMs - Date.now());
    if (wait === 0) {
      flush();
      return;
    }
    timer = setTimeout(flush, wait);
    timer.unref?.();
  }

  const onBatch = (b: QueueChangeBatch): void => {
    if (b.dbName !== db.name) return;
    for (const c of b.changes) {
      changed++;
      statuses.add(c.status);
      types.add(c.type);
    }
    schedule();
  };

  return {
    on(name, fn) {
      if (name !== QUEUE_CHANGED) return () => undefined;
      if (listeners.size === 0) queueSignals.on('changed', onBatch);
      listeners.add(fn);
      return () => {
        listeners.delete(fn);
        if (listeners.size > 0) return;
        queueSignals.off('changed', onBatch);
        if (timer !== null) clearTimeout(timer);
        timer = null;
      };
    },
    notifyPaused() {
      if (listeners.size === 0) return;
      pausedChanged = true;
      schedule();
    },
  };
}
