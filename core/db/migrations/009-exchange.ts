import type { Migration } from './index.ts';

/**
 * Schedules to 1C and timesheets back (core/schedule, core/timesheet).
 *
 * - employee_norm_history: every weekly norm (`normWeek`) an employee had, from
 *   the date 1C says it changed (`normWeekChangeDate`), recorded by personnel
 *   sync's apply; getNormHours's AR_norms are built from it, never typed by
 *   hand. The directory as it stands is recorded here too (its current value
 *   from its change date, or the hire date).
 * - exchange_jobs and their operations: an upload or a fetch is many queue
 *   operations; a job groups them so progress is counted from their states.
 * - schedule_uploads: per employee and month, the last upload's state and 1C's
 *   message verbatim, what was sent (its hash and the days, for the timesheet's
 *   comparison with the uploaded schedule).
 * - timesheet_days and timesheet_months: getTimetypeInfo per employee and day
 *   (several codes a day), and per month the half-month totals and absences.
 * - norm_hours: getNormHours per employee, mode and period.
 *
 * Instants are epoch ms; dates are civil `YYYY-MM-DD`, months `YYYY-MM`.
 */
const migration: Migration = {
  name: 'exchange',
  sql: `
CREATE TABLE employee_norm_history (
  employee_external_id TEXT NOT NULL,
  change_date TEXT NOT NULL,
  norm_week REAL NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (employee_external_id, change_date)
) WITHOUT ROWID;
INSERT OR REPLACE INTO employee_norm_history (employee_external_id, change_date, norm_week, recorded_at)
  SELECT external_id, coalesce(norm_week_change_date, hire_date), norm_week, updated_at FROM employees;

CREATE TABLE exchange_jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind = 'schedule_upload' OR kind = 'timesheet_fetch' OR kind = 'norm_fetch'),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (json_valid(scope)),
  preview TEXT CHECK (preview IS NULL OR json_valid(preview)),
  total INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE exchange_job_operations (
  job_id INTEGER NOT NULL REFERENCES exchange_jobs (id) ON DELETE CASCADE,
  operation_id TEXT NOT NULL,
  PRIMARY KEY (job_id, operation_id)
) WITHOUT ROWID;
CREATE INDEX exchange_job_operations_op ON exchange_job_operations (operation_id);

CREATE TABLE schedule_uploads (
  employee_external_id TEXT NOT NULL,
  month TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state = 'queued' OR state = 'sent' OR state = 'rejected' OR state = 'retrying' OR state = 'failed'),
  message TEXT,
  message_from TEXT CHECK (message_from IS NULL OR message_from = 'onec' OR message_from = 'gateway'),
  http_status INTEGER,
  -- this month's part of the request, as sent (or being sent)
  content_hash TEXT NOT NULL,
  shifts INTEGER NOT NULL,
  days TEXT NOT NULL CHECK (json_valid(days)),
  operation_id TEXT,
  job_id INTEGER,
  updated_at INTEGER NOT NULL,
  -- what 1C last accepted for this month: kept when a later upload fails
  sent_at INTEGER,
  sent_hash TEXT,
  sent_days TEXT CHECK (sent_days IS NULL OR json_valid(sent_days)),
  sent_message TEXT,
  PRIMARY KEY (employee_external_id, month)
) WITHOUT ROWID;
CREATE INDEX schedule_uploads_operation ON schedule_uploads (operation_id);
CREATE INDEX schedule_uploads_month_state ON schedule_uploads (month, state);

CREATE TABLE timesheet_days (
  employee_external_id TEXT NOT NULL,
  date TEXT NOT NULL,
  seq INTEGER NOT NULL,
  code TEXT NOT NULL,
  hours REAL NOT NULL,
  PRIMARY KEY (employee_external_id, date, seq)
) WITHOUT ROWID;

CREATE TABLE timesheet_months (
  employee_external_id TEXT NOT NULL,
  month TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  half1_days REAL,
  half1_hours REAL,
  half2_days REAL,
  half2_hours REAL,
  absences TEXT NOT NULL CHECK (json_valid(absences)),
  fetched_at INTEGER NOT NULL,
  operation_id TEXT,
  PRIMARY KEY (employee_external_id, month)
) WITHOUT ROWID;

CREATE TABLE norm_hours (
  employee_external_id TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode = 'month' OR mode = 'quarter' OR mode = 'year'),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  hours REAL NOT NULL,
  fetched_at INTEGER NOT NULL,
  operation_id TEXT,
  PRIMARY KEY (employee_external_id, mode, period_start)
) WITHOUT ROWID;
`,
};
export default migration;
