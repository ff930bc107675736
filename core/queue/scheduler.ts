/**
 * The recurring personnel sync. Settings and the last run live in the
 * `settings` table, so every process sharing the database agrees on them.
 *
 * - A run missed while the machine was off runs once at start (the latest
 *   missed slot), not once per miss.
 * - The first start only records "now" as the baseline: a fresh install does
 *   not sync at once. Changing the settings moves the baseline to now too, so
 *   an edit never triggers a catch-up run.
 * - Claiming a slot is a guarded update of the last-run key in the same
 *   transaction as the enqueue (plus an idempotency key per slot), so two
 *   processes never enqueue one slot twice.
 * - A run syncs the calendar month, in the schedule's zone, that holds its
 *   slot (the period only scopes 1C's vacation balances). Its plan then waits
 *   for approval like any other.
 */
import { appendAudit } from '../audit/index.ts';
import type { ScheduleInfo } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { systemClock } from '../time/clock.ts';
import { inWriteTransaction, stmt } from './prepared.ts';
import { DEFAULT_SCHEDULE, parseScheduleSettings, type ScheduleSettings } from './schedule-settings.ts';
import { nextRuns, previousRun, syncPeriodFor } from './schedule-times.ts';
import { enqueue, type EnqueueResult } from './transitions.ts';

export const SETTINGS_KEY = 'schedule.personnel_sync';
/** The guard: the latest slot claimed, or the baseline (first start, last settings change). Never moves back. */
export const LAST_SLOT_KEY = 'schedule.personnel_sync.last_slot';
/** The slot of the last scheduled run actually enqueued. */
export const LAST_RUN_KEY = 'schedule.personnel_sync.last_run';
export const SCHEDULER_ACTOR = 'scheduler';

const iso = (ms: number): string => new Date(ms).toISOString();

function readKey(db: Db, key: string): string | null {
  const r = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return r?.value ?? null;
}

/** The stored settings, or the default. A stored value that no longer validates falls back to the default with the reason logged. */
export function readSchedule(db: Db): ScheduleSettings {
  const raw = readKey(db, SETTINGS_KEY);
  if (raw === null) return DEFAULT_SCHEDULE;
  try {
    return parseScheduleSettings(JSON.parse(raw));
  } catch (e) {
    console.error(`stored personnel sync schedule is invalid, using the default: ${(e as Error).message}`);
    return DEFAULT_SCHEDULE;
  }
}

/** The slot of the last scheduled run enqueued, or null. */
export function lastScheduledRun(db: Db): string | null {
  return readKey(db, LAST_RUN_KEY);
}

function lastSlot(db: Db): string | null {
  return readKey(db, LAST_SLOT_KEY);
}

/** Moves the last-run key forward to `slot`, never back; true when it moved (this caller owns the slot). */
function advanceLastSlot(db: Db, slot: string, clock: Clock): boolean {
  return (
    stmt(
      db,
      `INSERT INTO settings (key, value, updated_at) VALUES (@key, @slot, @at)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE settings.value < excluded.value`,
    ).run({ key: LAST_SLOT_KEY, slot, at: iso(clock.now()) }).changes > 0
  );
}

export function scheduleInfo(db: Db, clock: Clock = systemClock, count = 5): ScheduleInfo {
  const settings = readSchedule(db);
  return {
    settings,
    nextRuns: settings.enabled ? nextRuns(settings, clock.now(), count) : [],
    zone: settings.zone,
    lastRunAt: lastScheduledRun(db),
  };
}

/** Validates and stores new settings (partial input keeps the current values), audited. */
export function setSchedule(db: Db, input: unknown, actor: string, clock: Clock = systemClock): ScheduleInfo {
  inWriteTransaction(db, () => {
    const before = readSchedule(db);
    const after = parseScheduleSettings(input, before);
    stmt(db, 'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(
      SETTINGS_KEY,
      JSON.stringify(after),
      iso(clock.now()),
    );
    advanceLastSlot(db, iso(clock.now()), clock);
    appendAudit(db, { actor, action: 'schedule.set', entityType: 'schedule', entityId: 'personnel_sync', before, after }, clock);
  });
  return scheduleInfo(db, clock);
}

export interface SchedulerOptions {
  db: Db;
  clock?: Clock;
  /** Priority of scheduled syncs; default 3. */
  priority?: number;
  /** Longest sleep between checks, so a settings change made by another process is seen; default 1 h. */
  maxSleepMs?: number;
  onError?: (e: unknown) => void;
}

export class PersonnelSyncScheduler {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly priority: number;
  private readonly maxSleepMs: number;
  private readonly onError: (e: unknown) => void;
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: SchedulerOptions) {
    this.db = opts.db;
    this.clock = opts.clock ?? systemClock;
    this.priority = opts.priority ?? 3;
    this.maxSleepMs = opts.maxSleepMs ?? 3_600_000;
    this.onError = opts.onError ?? ((e) => console.error('personnel sync scheduler:', e));
  }

  /**
   * Enqueues the latest due slot if it has not run yet; null when nothing is
   * due (or the schedule is off, or another process took the slot).
   */
  tick(): EnqueueResult | null {
    const s = readSchedule(this.db);
    const now = this.clock.now();
    if (lastSlot(this.db) === null) {
      advanceLastSlot(this.db, iso(now), this.clock); // first start: the baseline
      return null;
    }
    if (!s.enabled) return null;
    const slot = previousRun(s, now);
    if (slot === null || slot <= (lastSlot(this.db) ?? '')) return null;
    return inWriteTransaction(this.db, () => {
      if (!advanceLastSlot(this.db, slot, this.clock)) return null;
      stmt(this.db, 'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(
        LAST_RUN_KEY,
        slot,
        iso(now),
      );
      return enqueue(
        this.db,
        { type: 'personnel_sync', data: syncPeriodFor(s, slot), priority: this.priority, createdBy: SCHEDULER_ACTOR, idempotencyKey: `schedule:personnel_sync:${slot}` },
        this.clock,
      );
    });
  }

  /** Catches up once, then wakes at each run time. */
  start(): void {
    if (this.timer) return;
    this.runAndRearm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Re-reads the settings now (call after setSchedule in this process). */
  reschedule(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.runAndRearm();
  }

  private runAndRearm(): void {
    try {
      this.tick();
    } catch (e) {
      this.onError(e);
    }
    let delay = this.maxSleepMs;
    try {
      const s = readSchedule(this.db);
      const next = s.enabled ? nextRuns(s, this.clock.now(), 1)[0] : undefined;
      if (next) delay = Math.min(delay, Math.max(0, Date.parse(next) - this.clock.now()) + 50);
    } catch (e) {
      this.onError(e);
    }
    this.timer = setTimeout(() => this.runAndRearm(), delay);
    this.timer.unref();
  }
}
