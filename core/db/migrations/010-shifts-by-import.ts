import type { Migration } from './index.ts';

/**
 * The imports list says how many shifts of each import are still stored
 * (later imports replace earlier ones): counted through this index instead of
 * a scan of every stored shift per import listed. Import ids only grow, so
 * the index is appended to, which costs an import little.
 */
const migration: Migration = {
  name: 'shifts-by-import',
  sql: `CREATE INDEX shifts_import ON shifts (import_id);`,
};
export default migration;
