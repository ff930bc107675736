import type { Migration } from './index.ts';

/**
 * Work schedules from Argus WFM (core/schedule): the shifts the gateway
 * keeps, checks and sends to 1C, and the imports that brought them.
 *
 * - A shift belongs to the local date it starts on at the employee's site
 *   (PROTOCOLS.md §1.3); start, end and the unpaid break are UTC instants in
 *   epoch milliseconds, so the day/night split and 1C's `date_start` need no
 *   parsing. `content_hash` is the shift's canonical content: uploads use it
 *   for idempotency (re-sending unchanged shifts is a no-op).
 * - An import replaces the shifts of the employees and dates it covers, in one
 *   transaction; `import_id` says which import brought a shift.
 */
const migration: Migration = {
  name: 'shifts',
  sql: `
CREATE TABLE schedule_imports (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format = 'csv' OR format = 'xlsx' OR format = 'json' OR format = 'generated'),
  imported_at INTEGER NOT NULL,
  imported_by TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_stored INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  content_hash TEXT NOT NULL
);

CREATE TABLE shifts (
  id INTEGER PRIMARY KEY,
  employee_external_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL CHECK (end_at > start_at),
  break_minutes INTEGER NOT NULL DEFAULT 0 CHECK (break_minutes >= 0),
  break_start_at INTEGER,
  type TEXT,
  location TEXT,
  import_id INTEGER REFERENCES schedule_imports (id),
  content_hash TEXT NOT NULL
);
CREATE INDEX shifts_employee_date ON shifts (employee_external_id, local_date);
CREATE INDEX shifts_date ON shifts (local_date);
`,
};
export default migration;
