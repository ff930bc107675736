import type { Migration } from './index.ts';

/**
 * Live agent status from MCE (core/mce), mirrored to disk (ARCHITECTURE.md,
 * principle 3) so that the CLI reads current states and a restart starts from
 * the last known state. Instants are epoch milliseconds (UTC): the history
 * grows by every state change, and integers are half the bytes of ISO text.
 *
 * - mce_agents: the current state of every agent MCE reports. login_key is
 *   the login folded to lower case in JS (SQLite's lower() folds ASCII only).
 * - mce_agent_history: one row per state an agent entered. The unique index
 *   is the dedupe key: after a crash the same fact (agent, since, state) may
 *   arrive again in a snapshot and is stored once. Retention deletes by rowid
 *   ranges (rows are appended in time order), so no index on time is kept.
 * - mce_links: manual links login → employee, winning over login matching;
 *   a NULL external_id marks a login as "not an employee".
 * - mce_status: what the process running the listener last said about the link.
 */
const migration: Migration = {
  name: 'mce',
  sql: `
CREATE TABLE mce_agents (
  agent_id TEXT PRIMARY KEY,
  login TEXT NOT NULL,
  login_key TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  since INTEGER NOT NULL,
  site TEXT,
  groups TEXT CHECK (groups IS NULL OR json_valid(groups)),
  seq INTEGER,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mce_agents_login ON mce_agents (login_key);

CREATE TABLE mce_agent_history (
  id INTEGER PRIMARY KEY,
  agent_id TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  since INTEGER NOT NULL,
  seq INTEGER,
  recorded_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX mce_agent_history_fact ON mce_agent_history (since, agent_id, state);

CREATE TABLE mce_links (
  login_key TEXT PRIMARY KEY,
  login TEXT NOT NULL,
  external_id TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE mce_status (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  status TEXT NOT NULL CHECK (json_valid(status)),
  pid INTEGER NOT NULL,
  written_at INTEGER NOT NULL
);
`,
};
export default migration;
