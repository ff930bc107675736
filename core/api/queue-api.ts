/**
 * What the console's queue and schedule handlers need from the engine. The
 * gateway binding is in queue-backend.ts (database-level functions of
 * core/queue, so it works whether or not a processor runs in this process:
 * processors here wake through core/queue/signals, others poll).
 */
import type {
  OperationTypeName,
  QueueAttempt,
  QueueHealthInfo,
  QueueOperation,
  ScheduleInfo,
  ScheduleSettings,
  StatusCounts,
  ValidationIssue,
} from '../contract/index.ts';

type MaybePromise<T> = T | Promise<T>;

/** The contract's filter after validation; an empty list means "any". */
export interface QueueFilterInput {
  status?: QueueOperation['status'][];
  type?: OperationTypeName[];
  priority?: number[];
  from?: string;
  to?: string;
  search?: string;
}

export interface QueueEnqueueArgs {
  type: OperationTypeName;
  data: unknown;
  priority: number;
  idempotencyKey?: string;
  maxRetries?: number;
}

export interface QueueApi {
  list(filter: QueueFilterInput, page: { offset: number; limit: number }): MaybePromise<{ total: number; operations: QueueOperation[]; asOf: string }>;
  get(id: string): MaybePromise<{ operation: QueueOperation; attempts: QueueAttempt[] } | null>;
  counts(filter: QueueFilterInput): MaybePromise<StatusCounts>;
  health(): MaybePromise<QueueHealthInfo>;
  /** Issues with operation data for its type; empty when valid. */
  validate(type: OperationTypeName, data: unknown): MaybePromise<ValidationIssue[]>;
  enqueue(args: QueueEnqueueArgs, actor: string): MaybePromise<{ operation: QueueOperation; created: boolean }>;
  retry(id: string, actor: string): MaybePromise<QueueOperation>;
  cancel(id: string, actor: string): MaybePromise<QueueOperation>;
  setPriority(id: string, priority: number, actor: string): MaybePromise<QueueOperation>;
  retryFailed(filter: QueueFilterInput, actor: string): MaybePromise<number>;
  countFailed(filter: QueueFilterInput): MaybePromise<number>;
  /** False when the type already was paused. */
  pause(type: OperationTypeName, actor: string): MaybePromise<boolean>;
  /** False when the type was not paused. */
  resume(type: OperationTypeName, actor: string): MaybePromise<boolean>;
}

export interface ScheduleApi {
  get(): MaybePromise<ScheduleInfo>;
  /** The next `count` runs of settings, as ISO instants. */
  preview(settings: ScheduleSettings, count: number): MaybePromise<string[]>;
  set(settings: ScheduleSettings, actor: string): MaybePromise<ScheduleInfo>;
}
