import type { Migration } from './index.ts';

/** Every table of the directory bumps the revision on every row change, hand-edits included. */
function revisionTriggers(table: string): string {
  return ['INSERT', 'UPDATE', 'DELETE']
    .map(
      (op) => `CREATE TRIGGER ${table}_rev_${op.toLowerCase()} AFTER ${op} ON ${table}
BEGIN UPDATE directory_state SET revision = revision + 1 WHERE id = 1; END;`,
    )
    .join('\n');
}

/**
 * The WFM directory (departments, positions, employees with every field of
 * `/agents`, vacation balances), personnel sync plans and their items, and the
 * hash-chained audit log.
 */
const migration: Migration = {
  name: 'directory-sync-audit',
  sql: `
CREATE TABLE departments (
  external_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  parent_external_id TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deactivated_at TEXT
);

CREATE TABLE positions (
  external_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deactivated_at TEXT
);

-- No foreign keys to departments/positions: 1C may move people before the
-- department arrives, and a deactivated department keeps its row anyway.
CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE,
  tab_n TEXT NOT NULL,
  last_name TEXT NOT NULL,
  first_name TEXT NOT NULL,
  second_name TEXT NOT NULL DEFAULT '',
  hire_date TEXT NOT NULL,
  termination_date TEXT,
  position_external_id TEXT,
  position_name TEXT,
  position_change_date TEXT,
  department_external_id TEXT,
  rate REAL,
  norm_week REAL NOT NULL,
  norm_week_change_date TEXT,
  login TEXT,
  sn TEXT,
  db_id TEXT,
  area TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deactivated_at TEXT
);
-- One index on purpose: each index keyed by names or department ids takes
-- random inserts, about 0.4 s on a 100 000-row initial apply. Listing pages by
-- name need this one; filtering by department or area scans (~30 ms), and
-- search folds Cyrillic case in a function, which no index serves anyway.
CREATE INDEX employees_listing ON employees (active, last_name, first_name, second_name, id);

-- Keyed by the employee's row id: apply inserts an employee and its balances
-- together, so this table grows at its end instead of at random UUID places.
CREATE TABLE vacation_balances (
  employee_id INTEGER NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
  accrual_date TEXT NOT NULL,
  days REAL NOT NULL,
  PRIMARY KEY (employee_id, accrual_date)
) WITHOUT ROWID;

-- A cheap directory revision for plan fingerprints: epoch identifies this
-- database, revision moves on every row change of the directory tables.
CREATE TABLE directory_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  epoch TEXT NOT NULL,
  revision INTEGER NOT NULL
);
INSERT INTO directory_state (id, epoch, revision) VALUES (1, lower(hex(randomblob(8))), 0);
${revisionTriggers('departments')}
${revisionTriggers('positions')}
${revisionTriggers('employees')}
${revisionTriggers('vacation_balances')}

CREATE TABLE sync_plans (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('awaiting_approval', 'approved', 'rejected', 'applying', 'applied', 'failed', 'expired')),
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  -- Vacation balances are compared and replaced only within this range of accrual dates.
  vacation_from TEXT NOT NULL,
  vacation_to TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  -- Moves after each applied batch so a resumed apply tolerates the plan's own changes.
  expected_fingerprint TEXT NOT NULL,
  count_create INTEGER NOT NULL DEFAULT 0,
  count_update INTEGER NOT NULL DEFAULT 0,
  count_deactivate INTEGER NOT NULL DEFAULT 0,
  count_unchanged INTEGER NOT NULL DEFAULT 0,
  count_invalid INTEGER NOT NULL DEFAULT 0,
  excluded_count INTEGER NOT NULL DEFAULT 0,
  applicable_items INTEGER NOT NULL DEFAULT 0,
  mass_flagged INTEGER NOT NULL DEFAULT 0,
  mass_deactivations INTEGER NOT NULL DEFAULT 0,
  mass_active_employees INTEGER NOT NULL DEFAULT 0,
  mass_threshold_pct REAL NOT NULL,
  mass_empty_response INTEGER NOT NULL DEFAULT 0,
  mass_confirmed INTEGER NOT NULL DEFAULT 0,
  approved_by TEXT,
  approved_at TEXT,
  approval_comment TEXT,
  rejected_by TEXT,
  rejected_at TEXT,
  rejection_reason TEXT,
  apply_started_at TEXT,
  applied_at TEXT,
  -- Apply goes through items in id order, one batch per transaction: an item is
  -- applied when its id is at most applied_through_id and it is not excluded.
  -- One number per batch instead of rewriting 100 000 item rows.
  applied_through_id INTEGER NOT NULL DEFAULT 0,
  applied_items INTEGER NOT NULL DEFAULT 0,
  applied_create INTEGER NOT NULL DEFAULT 0,
  applied_update INTEGER NOT NULL DEFAULT 0,
  applied_deactivate INTEGER NOT NULL DEFAULT 0,
  apply_error TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX sync_plans_status ON sync_plans (status, expires_at);

CREATE TABLE sync_plan_items (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES sync_plans (id) ON DELETE CASCADE,
  entity TEXT NOT NULL CHECK (entity IN ('employee', 'department', 'position')),
  external_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'deactivate', 'unchanged', 'invalid')),
  label TEXT NOT NULL,
  tab_n TEXT,
  department_external_id TEXT,
  department_name TEXT,
  area TEXT,
  changes TEXT,
  reasons TEXT,
  -- The state apply writes, as canonical JSON (sorted keys).
  after TEXT,
  excluded INTEGER NOT NULL DEFAULT 0
);
-- A plan's items are inserted together, so both indexes grow at their end.
-- (plan_id) carries the rowid: a plan's items in order, and apply's cursor.
CREATE INDEX sync_plan_items_plan ON sync_plan_items (plan_id);
CREATE INDEX sync_plan_items_action ON sync_plan_items (plan_id, action);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT,
  before TEXT,
  after TEXT,
  details TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor);
`,
};
export default migration;
