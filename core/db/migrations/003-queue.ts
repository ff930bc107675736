import type { Migration } from './index.ts';

/**
 * The durable integration queue (core/queue). Instants are epoch milliseconds
 * (UTC) so the claim and retry statements can compare and add them in SQL.
 *
 * Ids are UUIDv7, monotonic per process (core/queue/ids.ts): their order is
 * creation order, which gives FIFO within a priority and the order of lists.
 * Both tables are WITHOUT ROWID, keyed by that id: the table is its own
 * primary-key index, so an enqueue writes two B-trees, not three (the WAL
 * frames per operation are what bounds the queue's rate; see bench/queue.bench.ts).
 *
 * Lists of allowed values are written as OR chains, not IN (…): SQLite builds a
 * temporary B-tree for an IN list in a CHECK or an index's WHERE on every
 * statement that evaluates it (a sixth of the CPU time of an enqueue).
 */
const migration: Migration = {
  name: 'queue',
  sql: `
CREATE TABLE operations (
  id TEXT PRIMARY KEY,
  operation_type TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status = 'pending' OR status = 'processing' OR status = 'completed' OR status = 'failed' OR status = 'cancelled'),
  operation_data TEXT NOT NULL CHECK (json_valid(operation_data)),
  result TEXT CHECK (result IS NULL OR json_valid(result)),
  retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
  max_retries INTEGER NOT NULL DEFAULT 3 CHECK (max_retries >= 0),
  -- ended attempts, each a row of operation_attempts: the next one is number attempts + 1
  -- (counted here, so that recording an attempt does not look up the ones before it)
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  completed_at INTEGER,
  run_at INTEGER NOT NULL,
  error_message TEXT,
  error_kind TEXT CHECK (error_kind IS NULL OR error_kind = 'retryable' OR error_kind = 'permanent' OR error_kind = 'unknown_outcome'),
  api_endpoint TEXT,
  processing_node TEXT,
  lease_expires_at INTEGER,
  created_by TEXT,
  idempotency_key TEXT,
  updated_at INTEGER NOT NULL,
  -- a claimed operation always has an owner and a lease; nothing else has either
  CHECK ((status = 'processing') = (processing_node IS NOT NULL AND lease_expires_at IS NOT NULL))
) WITHOUT ROWID;

-- The live operations, in one index: the processing ones first (status DESC), then the pending
-- ones in claim order: highest priority first, then due time, then creation order (the id, carried
-- by every index). A claim moves entries from the head of the pending part to the end of the
-- processing part, next to each other, and a completion removes them there: a cycle of the
-- processor writes one page of this index, not one in a claim index and one in a lease index.
-- reclaimExpired reads the processing part (at most the processors' concurrency) for expired leases.
CREATE INDEX operations_live ON operations (status DESC, priority, run_at) WHERE status = 'pending' OR status = 'processing';
-- Every index costs B-tree writes on each transition, so there are only the ones hot paths need.
-- Lists are in id order (= creation order), which needs no index; completed and cancelled rows
-- are the bulk and dense in that order. The rare statuses have partial indexes: pending and
-- processing (live), failed and cancelled below, so counting and filtering them stays cheap.
CREATE INDEX operations_failed ON operations (created_at) WHERE status = 'failed';
CREATE INDEX operations_cancelled ON operations (created_at) WHERE status = 'cancelled';
-- an idempotency key is unique among live operations only
CREATE UNIQUE INDEX operations_idempotency ON operations (idempotency_key)
  WHERE idempotency_key IS NOT NULL AND (status = 'pending' OR status = 'processing');

-- One row per ended attempt, written with the transition that ends it; the running
-- attempt is the operation row itself (processing, started_at, processing_node).
CREATE TABLE operation_attempts (
  operation_id TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
  attempt_no INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome = 'completed' OR outcome = 'retryable' OR outcome = 'permanent' OR outcome = 'unknown_outcome'
                                 OR outcome = 'lease_expired' OR outcome = 'released'),
  http_status INTEGER,
  duration_ms INTEGER NOT NULL,
  error TEXT,
  node TEXT NOT NULL,
  PRIMARY KEY (operation_id, attempt_no)
) WITHOUT ROWID;

CREATE TABLE queue_paused_types (
  operation_type TEXT PRIMARY KEY,
  paused_at INTEGER NOT NULL,
  paused_by TEXT NOT NULL
);
`,
};
export default migration;
