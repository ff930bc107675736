/**
 * Jobs: long work that runs as many queue operations (a schedule upload of
 * 10 000 employees is 10 000 operations; a timesheet fetch one per batch of
 * agents and month). A job only groups its operations; its progress is
 * counted from their states, so it is right whichever process runs them, and
 * the feed below announces it as they change here (coalesced).
 */
import type { ExchangeJob, ExchangeJobKind, UploadPreview } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import { GatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { iso } from './model.ts';
import { queueSignals, type QueueChangeBatch } from './signals.ts';

export interface NewJob {
  kind: ExchangeJobKind;
  createdBy: string;
  from: string;
  to: string;
  scope: ExchangeJob['scope'];
  preview: UploadPreview | null;
}

/** Stores a job (inside the caller's transaction, with its operations). */
export function createJob(db: Db, job: NewJob, clock: Clock): number {
  const r = db
    .prepare('INSERT INTO exchange_jobs (kind, created_at, created_by, period_from, period_to, scope, preview, total) VALUES (?, ?, ?, ?, ?, ?, ?, 0)')
    .run(job.kind, clock.now(), job.createdBy, job.from, job.to, JSON.stringify(job.scope), job.preview ? JSON.stringify(job.preview) : null);
  return Number(r.lastInsertRowid);
}

/** Links operations to a job (an operation enqueued before, by idempotency key, may join a second job). */
export function addJobOperations(db: Db, jobId: number, operationIds: readonly string[]): void {
  const ins = db.prepare('INSERT OR IGNORE INTO exchange_job_operations (job_id, operation_id) VALUES (?, ?)');
  let n = 0;
  for (const id of operationIds) n += ins.run(jobId, id).changes;
  db.prepare('UPDATE exchange_jobs SET total = total + ? WHERE id = ?').run(n, jobId);
}

interface JobRow {
  id: number;
  kind: ExchangeJobKind;
  created_at: number;
  created_by: string;
  period_from: string;
  period_to: string;
  scope: string;
  preview: string | null;
  total: number;
}

const WHAT: Record<ExchangeJobKind, string> = { schedule_upload: 'upload of schedules', timesheet_fetch: 'timesheet fetch', norm_fetch: 'norm fetch' };

function summarize(db: Db, row: JobRow, clock: Clock): ExchangeJob {
  const counts = { pending: 0, running: 0, retrying: 0, completed: 0, failed: 0, cancelled: 0 };
  const now = clock.now();
  for (const [status, retried, due, n] of db
    .prepare(
      `SELECT o.status, o.retry_count > 0, o.run_at <= ?, count(*) FROM exchange_job_operations j JOIN operations o ON o.id = j.operation_id
       WHERE j.job_id = ? GROUP BY 1, 2, 3`,
    )
    .raw()
    .all(now, row.id) as [string, number, number, number][]) {
    if (status === 'pending') {
      if (retried && !due) counts.retrying += n;
      else counts.pending += n;
    } else if (status === 'processing') counts.running += n;
    else if (status === 'completed') counts.completed += n;
    else if (status === 'failed') counts.failed += n;
    else if (status === 'cancelled') counts.cancelled += n;
  }
  const seen = counts.pending + counts.running + counts.retrying + counts.completed + counts.failed + counts.cancelled;
  const pruned = Math.max(0, row.total - seen);
  const finished = counts.pending + counts.running + counts.retrying === 0;
  // Rows of 1C's answers a fetch could not read (their employees keep what was stored).
  const unreadable =
    row.kind === 'schedule_upload'
      ? 0
      : ((db
          .prepare(
            `SELECT coalesce(sum(json_array_length(o.result, '$.invalid')), 0) FROM exchange_job_operations j JOIN operations o ON o.id = j.operation_id
             WHERE j.job_id = ? AND o.status = 'completed' AND json_type(o.result, '$.invalid') = 'array'`,
          )
          .pluck()
          .get(row.id) as number) ?? 0);
  const unit = row.kind === 'schedule_upload' ? 'employee' : 'request';
  const parts = [`${counts.completed} of ${row.total} ${unit}${row.total === 1 ? '' : 's'} done`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.retrying) parts.push(`${counts.retrying} waiting for a retry`);
  if (counts.cancelled) parts.push(`${counts.cancelled} cancelled`);
  if (unreadable) parts.push(`${unreadable} row${unreadable === 1 ? '' : 's'} of 1C's answers unreadable (those employees keep what was stored; the operations name them)`);
  if (pruned) parts.push(`${pruned} no longer in the queue (retention)`);
  return {
    id: row.id,
    kind: row.kind,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    from: row.period_from,
    to: row.period_to,
    scope: JSON.parse(row.scope) as ExchangeJob['scope'],
    total: row.total,
    ...counts,
    finished,
    unreadable,
    preview: row.preview ? (JSON.parse(row.preview) as UploadPreview) : null,
    message: `${WHAT[row.kind]} ${row.period_from}..${row.period_to} #${row.id}: ${parts.join(', ')}${finished ? '' : ' (running)'}`,
  };
}

export function getJob(db: Db, id: number, clock: Clock, kinds?: readonly ExchangeJobKind[]): ExchangeJob {
  const row = db.prepare('SELECT * FROM exchange_jobs WHERE id = ?').get(id) as JobRow | undefined;
  if (!row || (kinds && !kinds.includes(row.kind))) throw new GatewayError('job_not_found', `no ${kinds ? kinds.map((k) => WHAT[k]).join(' or ') : 'job'} with id ${id}`, 'permanent', { id });
  return summarize(db, row, clock);
}

export function listJobs(db: Db, kinds: readonly ExchangeJobKind[], limit: number, clock: Clock): ExchangeJob[] {
  const rows = db
    .prepare('SELECT * FROM exchange_jobs WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?')
    .all(JSON.stringify(kinds), limit) as JobRow[];
  return rows.map((r) => summarize(db, r, clock));
}

/** The operation ids of a job. */
export function jobOperationIds(db: Db, jobId: number): string[] {
  return db.prepare('SELECT operation_id FROM exchange_job_operations WHERE job_id = ?').pluck().all(jobId) as string[];
}

/**
 * Announces the progress of jobs whose operations change in this process, at
 * most every `intervalMs` per job (a final state is always announced).
 */
export class JobProgressFeed {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly emit: (job: ExchangeJob) => void;
  private readonly intervalMs: number;
  private changed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly listener = (b: QueueChangeBatch): void => {
    if (b.dbName !== this.db.name) return;
    for (const c of b.changes) if (c.type === 'schedule_upload' || c.type === 'timesheet_request' || c.type === 'norm_hours_request') this.changed.add(c.id);
    if (this.changed.size > 0 && !this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  };

  constructor(opts: { db: Db; clock: Clock; emit: (job: ExchangeJob) => void; intervalMs?: number }) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.emit = opts.emit;
    this.intervalMs = opts.intervalMs ?? 250;
    queueSignals.on('changed', this.listener);
  }

  /** Announces the jobs of the operations changed since the last flush. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.changed.size === 0 || !this.db.open) return;
    const ids = [...this.changed];
    this.changed = new Set();
    try {
      const jobs = this.db
        .prepare('SELECT DISTINCT job_id FROM exchange_job_operations WHERE operation_id IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(JSON.stringify(ids)) as number[];
      for (const id of jobs) this.emit(getJob(this.db, id, this.clock));
    } catch {
      // A busy or closing database: the next change announces again, and the console can always query the job.
    }
  }

  close(): void {
    queueSignals.off('changed', this.listener);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
