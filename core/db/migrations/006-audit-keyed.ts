import type { Migration } from './index.ts';

/**
 * The audit chain becomes keyed (core/audit/key.ts): rows written from now on
 * carry `keyed = 1` and an HMAC-SHA-256 hash under a key derived from the
 * gateway's data key; rows written before keep `keyed = 0` and their plain
 * SHA-256 hash, and keep verifying as they were. Verification refuses a plain
 * row after a keyed one, so the flag cannot be used to slip forged rows in.
 */
const migration: Migration = {
  name: 'audit-keyed',
  sql: `
ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
`,
};
export default migration;
