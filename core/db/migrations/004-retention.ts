import type { Migration } from './index.ts';

/**
 * Retention (core/maintenance): a plan in a final state loses its items after
 * `retention.planDays`, but keeps its row (summary, counts, decisions) for
 * history. `items_pruned_at` says when, so readers can tell a pruned plan from
 * an empty one, and is set before the first item goes: a prune interrupted
 * halfway is finished by the next run, and nobody sees half a plan meanwhile.
 */
const migration: Migration = {
  name: 'retention',
  sql: `
ALTER TABLE sync_plans ADD COLUMN items_pruned_at TEXT;
`,
};
export default migration;
