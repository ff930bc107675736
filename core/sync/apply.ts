/**
 * Applying an approved plan to the directory in resumable batches. Each batch
 * is one IMMEDIATE transaction that re-checks the directory fingerprint, writes
 * the rows, marks its items applied, appends the audit rows and records the new
 * fingerprint, so a crash between batches loses nothing and a resumed apply
 * accepts the plan's own partial changes but nobody else's.
 */
import { canonicalJson } from '../audit/canonical-json.ts';
import { appendAuditBatch, type BulkAuditInput } from '../audit/log.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { directoryWriter } from './directory-writes.ts';
import { directoryFingerprint } from './fingerprint.ts';
import { employeeAfterJson, type DepartmentState, type EmployeeAfter, type PositionState, type VacationScope } from './model.ts';
import { stalePlan } from './plan-errors.ts';
import { getPlanRow, nextPending, recordBatch, type PendingItem } from './plan-store.ts';
import { decodeStoredAfter } from './stored-after.ts';
import { normHistoryWriter } from '../timesheet/norm-history.ts';
import type { FieldChange } from '../contract/index.ts';

export interface BatchOutcome {
  /** Items written by this batch; 0 when nothing was left. */
  applied: number;
  appliedTotal: number;
  total: number;
}

function auditSides(item: PendingItem): { before: unknown; after: unknown } {
  const changes = JSON.parse(item.changes ?? '[]') as FieldChange[];
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const c of changes) {
    b[c.field] = c.before;
    a[c.field] = c.after;
  }
  return { before: b, after: a };
}

/**
 * Applies the next batch of a plan in status 'applying': the items after its
 * applied_through_id. Throws the stale-plan error when the directory moved
 * since the plan (or its last batch) saw it.
 */
export function applyNextBatch(db: Db, planId: number, opts: { batchSize: number; actor: string; clock: Clock }): BatchOutcome {
  return db
    .transaction((): BatchOutcome => {
      const plan = getPlanRow(db, planId);
      if (!plan || plan.status !== 'applying') return { applied: 0, appliedTotal: plan?.applied_items ?? 0, total: plan?.applicable_items ?? 0 };
      if (directoryFingerprint(db) !== plan.expected_fingerprint) throw stalePlan(planId);
      const items = nextPending(db, planId, plan.applied_through_id, opts.batchSize);
      if (items.length === 0) return { applied: 0, appliedTotal: plan.applied_items, total: plan.applicable_items };

      const now = new Date(opts.clock.now()).toISOString();
      const scope: VacationScope = { from: plan.vacation_from, to: plan.vacation_to };
      const w = directoryWriter(db);
      // Rows a failed batch buffered must not reach this one (its transaction rolled back).
      w.discard();
      // Each weekly norm with the date it took effect: getNormHours's AR_norms come from this history.
      const norms = normHistoryWriter(db);
      norms.discard();
      const audit: BulkAuditInput[] = new Array(items.length);
      const done = { create: 0, update: 0, deactivate: 0 };
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!;
        const after = decodeStoredAfter(it.entity, it.after, it.id, it);
        if (it.entity === 'employee') {
          const e = after as EmployeeAfter;
          if (it.action === 'create') {
            const rowId = w.createEmployee(e, now);
            if (e.vacations) w.insertVacations(rowId, e.vacations);
            norms.record(e.externalId, e.normWeekChangeDate ?? e.hireDate, e.normWeek, now);
          } else {
            if (it.action === 'update' && it.changes?.includes('"field":"normWeek')) norms.record(e.externalId, e.normWeekChangeDate ?? e.hireDate, e.normWeek, now);
            const rowId = w.updateEmployee(e, now);
            if (e.vacations) w.replaceVacations(rowId, scope, e.vacations);
          }
        } else if (it.entity === 'department') {
          w.upsertDepartment(after as DepartmentState, now);
        } else {
          w.upsertPosition(after as PositionState, now);
        }
        done[it.action]++;
        const action = `${it.entity}.${it.action}`;
        const details = { planId, itemId: it.id };
        if (it.action === 'create') {
          // The whole new state, as canonical JSON: employees built on the fast path, the few others by the general rule.
          const canonical = it.entity === 'employee' ? employeeAfterJson(after as EmployeeAfter) : canonicalJson(after);
          audit[i] = { actor: opts.actor, action, entityType: it.entity, entityId: it.externalId, before: null, afterCanonical: canonical, details };
        } else {
          const sides = auditSides(it);
          audit[i] = { actor: opts.actor, action, entityType: it.entity, entityId: it.externalId, before: sides.before, after: sides.after, details };
        }
      }
      w.flush();
      norms.flush();
      appendAuditBatch(db, audit, opts.clock);
      recordBatch(db, planId, { throughId: items[items.length - 1]!.id, ...done }, directoryFingerprint(db), now);
      return { applied: items.length, appliedTotal: plan.applied_items + items.length, total: plan.applicable_items };
    })
    .immediate();
}
