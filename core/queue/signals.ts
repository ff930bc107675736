/**
 * In-process notifications of queue changes. Every transition reports the rows
 * it changed here: processors in this process wake at once on an enqueue, and
 * bridgeQueueEvents turns changes into 'operation.changed' events for hosts.
 * Changes made by another process reach this one only through the database
 * (processors poll as a backstop).
 */
import { EventEmitter } from 'node:events';
import type { Db } from '../db/open.ts';
import type { OperationType } from './operation-types.ts';
import type { OperationStatus } from './model.ts';

export interface OperationChange {
  id: string;
  status: OperationStatus;
  type: OperationType;
  /** Epoch ms: when a pending operation becomes claimable. */
  runAt: number;
}

export interface QueueChangeBatch {
  /** The database file (better-sqlite3's `name`): processors ignore other databases. */
  dbName: string;
  changes: OperationChange[];
}

export const queueSignals = new EventEmitter<{ changed: [QueueChangeBatch]; wake: [string] }>();
queueSignals.setMaxListeners(0);

export interface ChangedRow {
  id: string;
  status: string;
  operation_type: string;
  run_at: number;
}

export function notifyChanged(db: Db, rows: readonly ChangedRow[]): void {
  if (rows.length === 0 || queueSignals.listenerCount('changed') === 0) return;
  queueSignals.emit('changed', {
    dbName: db.name,
    changes: rows.map((r) => ({ id: r.id, status: r.status as OperationStatus, type: r.operation_type as OperationType, runAt: r.run_at })),
  });
}

/** Something other than an operation became claimable (a type resumed): local processors look again. */
export function wakeProcessors(db: Db): void {
  queueSignals.emit('wake', db.name);
}

/** The shape of the event hosts forward to the console. */
export interface OperationChangedEvent {
  id: string;
  status: OperationStatus;
  type: OperationType;
}

export interface QueueEventSink {
  emit(name: 'operation.changed', payload: OperationChangedEvent): void;
}

const bridged = new WeakMap<QueueEventSink, Map<string, () => void>>();

/**
 * Forwards every change of `db` made in this process to `bus` as
 * 'operation.changed'. Idempotent per (bus, database): calling it twice does
 * not double the events. Returns a function that stops forwarding.
 */
export function bridgeQueueEvents(db: Db, bus: QueueEventSink): () => void {
  let perDb = bridged.get(bus);
  if (!perDb) {
    perDb = new Map();
    bridged.set(bus, perDb);
  }
  const existing = perDb.get(db.name);
  if (existing) return existing;
  const listener = (b: QueueChangeBatch): void => {
    if (b.dbName !== db.name) return;
    for (const c of b.changes) bus.emit('operation.changed', { id: c.id, status: c.status, type: c.type });
  };
  queueSignals.on('changed', listener);
  const off = (): void => {
    queueSignals.off('changed', listener);
    perDb.delete(db.name);
  };
  perDb.set(db.name, off);
  return off;
}
