import type { Migration } from './index.ts';

/**
 * The history of calls to external systems behind the Health charts, per
 * minute, system and method, so that it survives a restart and reaches back a
 * week (health.callHistoryDays, pruned with the rest of retention). A row is
 * what averages and percentiles over any span need: count, errors, the sum
 * and the largest of the durations, and the durations' fixed-bucket histogram
 * (core/health/latency-histogram.ts; JSON {"bucket index": count}), which
 * merges across minutes by adding counts.
 *
 * Keyed by the minute first: the charts read a range of minutes and retention
 * deletes the oldest ones, both a range of the primary key. Instants are
 * epoch milliseconds (UTC). Written in batches by one transaction every few
 * seconds, never per call.
 */
const migration: Migration = {
  name: 'call-history',
  sql: `
CREATE TABLE call_minutes (
  minute INTEGER NOT NULL,
  system TEXT NOT NULL,
  method TEXT NOT NULL,
  calls INTEGER NOT NULL CHECK (calls > 0),
  errors INTEGER NOT NULL CHECK (errors >= 0 AND errors <= calls),
  total_ms REAL NOT NULL CHECK (total_ms >= 0),
  max_ms REAL NOT NULL CHECK (max_ms >= 0),
  latency TEXT NOT NULL CHECK (json_valid(latency)),
  PRIMARY KEY (minute, system, method)
) WITHOUT ROWID;
`,
};
export default migration;
