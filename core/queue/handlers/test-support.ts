/** Test helper: how many employees the WFM directory holds. */
import type { Db } from '../../db/open.ts';
import { listEmployees } from '../../sync/directory.ts';

export function countEmployees(db: Db): number {
  return listEmployees(db, { limit: 1 }).total;
}
