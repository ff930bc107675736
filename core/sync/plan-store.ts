/**
 * Statements for sync plans and their items. Each state transition is one
 * UPDATE guarded by the state it leaves (ARCHITECTURE.md principle 4): the
 * caller learns from `changes` whether it won.
 */
import { containsPattern, ensureFoldFunction } from '../db/fold.ts';
import { RowBuffer } from '../db/bulk.ts';
import type { WriteCheck, WriterTransaction } from '../db/bulk-writer.ts';
import type { Db } from '../db/open.ts';
import {
  DEPARTMENT_FIELDS,
  DEPARTMENT_JSON_KEYS,
  EMPLOYEE_FIELDS,
  POSITION_FIELDS,
  POSITION_JSON_KEYS,
  summariseVacations,
  type EmployeeAfter,
  type NewPlanItem,
  type VacationScope,
} from './model.ts';
import { decodeStoredAfter, encodeEmployeeAfter } from './stored-after.ts';
import type { FieldChange, ItemAction, ItemEntity, MassDeactivation, PlanCounts, PlanFacets, PlanItem, PlanStatus } from '../contract/index.ts';
import type { PlanItemFilter, StoredPlan } from './types.ts';

export interface PlanRow {
  id: number;
  status: PlanStatus;
  period_from: string;
  period_to: string;
  vacation_from: string;
  vacation_to: string;
  created_at: string;
  created_by: string;
  expires_at: string;
  fingerprint: string;
  expected_fingerprint: string;
  count_create: number;
  count_update: number;
  count_deactivate: number;
  count_unchanged: number;
  count_invalid: number;
  excluded_count: number;
  applicable_items: number;
  mass_flagged: number;
  mass_deactivations: number;
  mass_active_employees: number;
  mass_threshold_pct: number;
  mass_empty_response: number;
  mass_confirmed: number;
  approved_by: string | null;
  approved_at: string | null;
  approval_comment: string | null;
  rejected_by: string | null;
  rejected_at: string | null;
  rejection_reason: string | null;
  apply_started_at: string | null;
  applied_at: string | null;
  applied_through_id: number;
  applied_items: number;
  applied_create: number;
  applied_update: number;
  applied_deactivate: number;
  apply_error: string | null;
  updated_at: string;
  items_pruned_at: string | null;
}

export function toSummary(r: PlanRow): StoredPlan {
  return {
    id: r.id,
    status: r.status,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    createdAt: r.created_at,
    createdBy: r.created_by,
    expiresAt: r.expires_at,
    fingerprint: r.fingerprint,
    counts: { create: r.count_create, update: r.count_update, deactivate: r.count_deactivate, unchanged: r.count_unchanged, invalid: r.count_invalid },
    excludedCount: r.excluded_count,
    massDeactivation: {
      flagged: r.mass_flagged === 1,
      deactivations: r.mass_deactivations,
      activeEmployees: r.mass_active_employees,
      thresholdPct: r.mass_threshold_pct,
      emptyResponse: r.mass_empty_response === 1,
    },
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    approvalComment: r.approval_comment,
    massDeactivationConfirmed: r.mass_confirmed === 1,
    rejectedBy: r.rejected_by,
    rejectedAt: r.rejected_at,
    rejectionReason: r.rejection_reason,
    appliedAt: r.applied_at,
    appliedItems: r.applied_items,
    applyError: r.apply_error,
    applicableItems: r.applicable_items,
    applyStartedAt: r.apply_started_at,
    itemsPrunedAt: r.items_pruned_at,
  };
}

export interface NewPlan {
  periodFrom: string;
  periodTo: string;
  vacationScope: VacationScope;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  fingerprint: string;
  counts: PlanCounts;
  massDeactivation: MassDeactivation;
}

// Replacer arrays must be mutable string arrays for JSON.stringify's signature.
const keysDepartment = [...DEPARTMENT_JSON_KEYS];
const keysPosition = [...POSITION_JSON_KEYS];

const APPLICABLE = "('create', 'update', 'deactivate')";

const PLAN_INSERT = `INSERT INTO sync_plans (id, status, period_from, period_to, vacation_from, vacation_to, created_at, created_by, expires_at,
  fingerprint, expected_fingerprint, count_create, count_update, count_deactivate, count_unchanged, count_invalid,
  applicable_items, mass_flagged, mass_deactivations, mass_active_employees, mass_threshold_pct, mass_empty_response, updated_at)
 VALUES (?, 'awaiting_approval', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The plan row's values for PLAN_INSERT; a null id lets SQLite choose it. */
function planValues(id: number | null, plan: NewPlan): unknown[] {
  const m = plan.massDeactivation;
  const applicable = plan.counts.create + plan.counts.update + plan.counts.deactivate;
  return [
    id,
    plan.periodFrom,
    plan.periodTo,
    plan.vacationScope.from,
    plan.vacationScope.to,
    plan.createdAt,
    plan.createdBy,
    plan.expiresAt,
    plan.fingerprint,
    plan.fingerprint,
    plan.counts.create,
    plan.counts.update,
    plan.counts.deactivate,
    plan.counts.unchanged,
    plan.counts.invalid,
    applicable,
    m.flagged ? 1 : 0,
    m.deactivations,
    m.activeEmployees,
    m.thresholdPct,
    m.emptyResponse ? 1 : 0,
    plan.createdAt,
  ];
}

const ITEM_INSERT =
  'INSERT INTO sync_plan_items (plan_id, entity, external_id, action, label, tab_n, department_external_id, department_name, area, changes, reasons, after)';
const ITEM_COLUMNS = 12;

/** Writes an item's ITEM_COLUMNS values into `out` from `at`, in ITEM_INSERT's order. */
function putItemValues(out: unknown[], at: number, planId: number, it: NewPlanItem): void {
  out[at] = planId;
  out[at + 1] = it.entity;
  out[at + 2] = it.externalId;
  out[at + 3] = it.action;
  out[at + 4] = it.label;
  out[at + 5] = it.tabN;
  out[at + 6] = it.departmentId;
  out[at + 7] = it.departmentName;
  out[at + 8] = it.area;
  out[at + 9] = it.changes ? JSON.stringify(it.changes) : null;
  out[at + 10] = it.reasons && it.reasons.length ? JSON.stringify(it.reasons) : null;
  out[at + 11] =
    it.after === null
      ? null
      : it.entity === 'employee'
        ? encodeEmployeeAfter(it.after as EmployeeAfter, it)
        : JSON.stringify(it.after, it.entity === 'department' ? keysDepartment : keysPosition);
}

/** Stores a plan and all its items on `db`; call inside a transaction. */
export function insertPlan(db: Db, plan: NewPlan, items: readonly NewPlanItem[]): number {
  const id = Number(db.prepare(PLAN_INSERT).run(...planValues(null, plan)).lastInsertRowid);
  const rows = new RowBuffer(db, ITEM_INSERT, ITEM_COLUMNS);
  const values: unknown[] = new Array(ITEM_COLUMNS);
  for (const it of items) {
    putItemValues(values, 0, id, it);
    rows.add(...values);
  }
  rows.flush();
  return id;
}

/**
 * Items per message to the bulk writer (~300 KB): the worker starts on the first
 * while the next is prepared, and each batch dies young in the worker's heap
 * (2 000 per message grew it by ~60 MB, measured in peak RSS).
 */
const ITEMS_PER_MESSAGE = 500;

/** The id the next plan gets, and the check that it is still free when the bulk writer inserts it. */
export function nextPlanId(db: Db): { id: number; check: WriteCheck } {
  const sql = 'SELECT max(id) FROM sync_plans';
  const max = db.prepare(sql).pluck().get() as number | null;
  return { id: (max ?? 0) + 1, check: { what: 'the last plan id', sql, params: [], expect: [max] } };
}

/** True when the plan row sendPlan sent under `id` is in the database (a commit whose answer was lost). */
export function planRowStored(db: Db, id: number, plan: NewPlan): boolean {
  return (
    db.prepare('SELECT 1 FROM sync_plans WHERE id = ? AND created_at = ? AND created_by = ? AND fingerprint = ?').get(id, plan.createdAt, plan.createdBy, plan.fingerprint) !==
    undefined
  );
}

/** Sends the plan row and its items to a bulk writer transaction, under the id nextPlanId gave. */
export function sendPlan(tx: WriterTransaction, id: number, plan: NewPlan, items: readonly NewPlanItem[]): void {
  tx.run(PLAN_INSERT, planValues(id, plan));
  for (let start = 0; start < items.length; start += ITEMS_PER_MESSAGE) {
    const n = Math.min(ITEMS_PER_MESSAGE, items.length - start);
    // Filled in order from empty, so the array stays packed: postMessage clones a holey one far more slowly.
    const values: unknown[] = [];
    for (let k = 0; k < n; k++) putItemValues(values, k * ITEM_COLUMNS, id, items[start + k]!);
    tx.rows(ITEM_INSERT, ITEM_COLUMNS, values);
  }
}

export function getPlanRow(db: Db, id: number): PlanRow | undefined {
  return db.prepare('SELECT * FROM sync_plans WHERE id = ?').get(id) as PlanRow | undefined;
}

export function listPlanRows(db: Db, statuses: readonly PlanStatus[] | null, offset: number, limit: number): { total: number; rows: PlanRow[] } {
  const clause = statuses && statuses.length ? `WHERE status IN (${statuses.map(() => '?').join(', ')})` : '';
  const params = statuses ?? [];
  const total = db.prepare(`SELECT count(*) FROM sync_plans ${clause}`).pluck().get(...params) as number;
  const rows = db
    .prepare(`SELECT * FROM sync_plans ${clause} ORDER BY (status = 'awaiting_approval') DESC, id DESC LIMIT ? OFFSET ?`)
    .all(...params, limit, offset) as PlanRow[];
  return { total, rows };
}

// ---- guarded transitions

export function markApproved(db: Db, id: number, by: string, comment: string | null, confirmed: boolean, at: string): boolean {
  return (
    db
      .prepare(
        `UPDATE sync_plans SET status = 'approved', approved_by = ?, approved_at = ?, approval_comment = ?, mass_confirmed = ?, updated_at = ?
         WHERE id = ? AND status = 'awaiting_approval'`,
      )
      .run(by, at, comment, confirmed ? 1 : 0, at, id).changes === 1
  );
}

export function markRejected(db: Db, id: number, by: string, reason: string, at: string): boolean {
  return (
    db
      .prepare(
        `UPDATE sync_plans SET status = 'rejected', rejected_by = ?, rejected_at = ?, rejection_reason = ?, updated_at = ?
         WHERE id = ? AND status IN ('awaiting_approval', 'approved')`,
      )
      .run(by, at, reason, at, id).changes === 1
  );
}

/** approved → applying, or a failed/interrupted apply resumed. */
export function markApplying(db: Db, id: number, at: string): boolean {
  return (
    db
      .prepare(
        `UPDATE sync_plans SET status = 'applying', apply_started_at = coalesce(apply_started_at, ?), apply_error = NULL, updated_at = ?
         WHERE id = ? AND status IN ('approved', 'applying', 'failed')`,
      )
      .run(at, at, id).changes === 1
  );
}

export function markApplied(db: Db, id: number, at: string): boolean {
  return db.prepare(`UPDATE sync_plans SET status = 'applied', applied_at = ?, updated_at = ? WHERE id = ? AND status = 'applying'`).run(at, at, id).changes === 1;
}

export function markFailed(db: Db, id: number, error: string, at: string): boolean {
  return db.prepare(`UPDATE sync_plans SET status = 'failed', apply_error = ?, updated_at = ? WHERE id = ? AND status = 'applying'`).run(error, at, id).changes === 1;
}

/** Plans nobody decided on, or approved and never applied, past their expiry; returns their ids. */
export function expirePlans(db: Db, now: string): number[] {
  return db
    .prepare(
      `UPDATE sync_plans SET status = 'expired', updated_at = ? WHERE status IN ('awaiting_approval', 'approved') AND expires_at <= ? RETURNING id`,
    )
    .pluck()
    .all(now, now) as number[];
}

/** After each applied batch: the cursor, progress per action and the fingerprint the directory now has. */
export function recordBatch(
  db: Db,
  id: number,
  b: { throughId: number; create: number; update: number; deactivate: number },
  fingerprint: string,
  at: string,
): void {
  db.prepare(
    `UPDATE sync_plans SET applied_through_id = ?, applied_items = applied_items + ?, applied_create = applied_create + ?,
      applied_update = applied_update + ?, applied_deactivate = applied_deactivate + ?, expected_fingerprint = ?, updated_at = ?
     WHERE id = ?`,
  ).run(b.throughId, b.create + b.update + b.deactivate, b.create, b.update, b.deactivate, fingerprint, at, id);
}

// ---- exclusions

/**
 * Sets `excluded` on every applicable item with one of these external ids;
 * returns the ids the plan does not have. Two set-based statements, so
 * excluding thousands of ids costs one pass over the plan.
 */
export function setItemsExcluded(db: Db, planId: number, externalIds: readonly string[], excluded: boolean): { unknown: string[]; changed: number } {
  const ids = JSON.stringify([...new Set(externalIds)]);
  const unknown = db
    .prepare('SELECT value FROM json_each(?) WHERE value NOT IN (SELECT external_id FROM sync_plan_items WHERE plan_id = ?)')
    .pluck()
    .all(ids, planId) as string[];
  if (unknown.length) return { unknown, changed: 0 };
  const changed = db
    .prepare(
      `UPDATE sync_plan_items SET excluded = ? WHERE plan_id = ? AND excluded <> ? AND action IN ${APPLICABLE}
       AND external_id IN (SELECT value FROM json_each(?))`,
    )
    .run(excluded ? 1 : 0, planId, excluded ? 1 : 0, ids).changes;
  return { unknown, changed };
}

/** Recomputes the excluded count, the items to apply and the deactivations that count for the guard. */
export function recountExclusions(db: Db, planId: number): { excluded: number; applicable: number; deactivations: number } {
  const r = db
    .prepare(
      `SELECT
        coalesce(sum(excluded), 0) AS excluded,
        coalesce(sum(excluded = 0), 0) AS applicable,
        coalesce(sum(excluded = 0 AND entity = 'employee' AND action = 'deactivate'), 0) AS deactivations
       FROM sync_plan_items WHERE plan_id = ? AND action IN ${APPLICABLE}`,
    )
    .get(planId) as { excluded: number; applicable: number; deactivations: number };
  return r;
}

export function updateExclusionCounts(db: Db, planId: number, c: { excluded: number; applicable: number; deactivations: number }, flagged: boolean, at: string): void {
  db.prepare('UPDATE sync_plans SET excluded_count = ?, applicable_items = ?, mass_deactivations = ?, mass_flagged = ?, updated_at = ? WHERE id = ?').run(
    c.excluded,
    c.applicable,
    c.deactivations,
    flagged ? 1 : 0,
    at,
    planId,
  );
}

// ---- items for apply

export interface PendingItem {
  id: number;
  entity: ItemEntity;
  externalId: string;
  tabN: string | null;
  departmentId: string | null;
  area: string | null;
  action: 'create' | 'update' | 'deactivate';
  changes: string | null;
  after: string;
}

/** The next not excluded items after `afterId` (the plan's applied_through_id), in plan order: departments, positions, employees. */
export function nextPending(db: Db, planId: number, afterId: number, limit: number): PendingItem[] {
  const rows = db
    .prepare(
      `SELECT id, entity, external_id, tab_n, department_external_id, area, action, changes, after FROM sync_plan_items
       WHERE plan_id = ? AND id > ? AND excluded = 0 AND action IN ${APPLICABLE} ORDER BY id LIMIT ?`,
    )
    .raw()
    .all(planId, afterId, limit) as [number, ItemEntity, string, string | null, string | null, string | null, PendingItem['action'], string | null, string][];
  // Arrays from SQLite, objects made here: cheaper than named columns for a 100 000-item plan.
  return rows.map((r) => ({ id: r[0], entity: r[1], externalId: r[2], tabN: r[3], departmentId: r[4], area: r[5], action: r[6], changes: r[7], after: r[8] }));
}

// ---- items for people

export interface ItemPage {
  total: number;
  items: PlanItem[];
  facets: PlanFacets;
}

type ItemRow = {
  id: number;
  plan_id: number;
  entity: ItemEntity;
  external_id: string;
  action: ItemAction;
  label: string;
  tab_n: string | null;
  department_external_id: string | null;
  department_name: string | null;
  area: string | null;
  changes: string | null;
  reasons: string | null;
  after: string | null;
  excluded: number;
};

/** A create shows every field it sets, as null → value. */
function createChanges(r: ItemRow): FieldChange[] {
  const { entity, after: afterJson } = r;
  if (!afterJson) return [];
  const columns = { externalId: r.external_id, tabN: r.tab_n, departmentId: r.department_external_id, area: r.area };
  const after = decodeStoredAfter(entity, afterJson, r.id, columns) as unknown as Record<string, unknown>;
  const fields: readonly string[] = entity === 'employee' ? EMPLOYEE_FIELDS : entity === 'department' ? DEPARTMENT_FIELDS : POSITION_FIELDS;
  const out: FieldChange[] = [];
  for (const f of fields) {
    const v = after[f];
    if (v !== null && v !== undefined && v !== '') out.push({ field: f, before: null, after: v });
  }
  if (entity === 'employee') {
    const v = (after as unknown as EmployeeAfter).vacations;
    if (v && v.length) out.push({ field: 'vacations', before: null, after: summariseVacations(v) });
  }
  return out;
}

function toItem(r: ItemRow, appliedThroughId: number): PlanItem {
  const reasons = r.reasons ? (JSON.parse(r.reasons) as string[]) : [];
  let changes: FieldChange[];
  try {
    changes = r.action === 'create' ? createChanges(r) : r.changes ? (JSON.parse(r.changes) as FieldChange[]) : [];
  } catch (e) {
    // One damaged row shows as such; the rest of the page still reads (apply refuses it by name).
    changes = [];
    reasons.push(e instanceof Error ? e.message : String(e));
  }
  return {
    id: r.id,
    planId: r.plan_id,
    entity: r.entity,
    externalId: r.external_id,
    action: r.action,
    label: r.label,
    tabN: r.tab_n,
    departmentId: r.department_external_id,
    departmentName: r.department_name,
    area: r.area,
    changes,
    reasons,
    excluded: r.excluded === 1,
    applied: r.excluded === 0 && r.id <= appliedThroughId && (r.action === 'create' || r.action === 'update' || r.action === 'deactivate'),
  };
}

function itemWhere(planId: number, f: PlanItemFilter, skip: 'department' | 'area' | null): { sql: string; params: unknown[] } {
  const where = ['plan_id = ?'];
  const params: unknown[] = [planId];
  const actions = f.action === undefined ? [] : Array.isArray(f.action) ? f.action : [f.action];
  if (actions.length) {
    where.push(`action IN (${actions.map(() => '?').join(', ')})`);
    params.push(...actions);
  }
  if (f.entity) {
    where.push('entity = ?');
    params.push(f.entity);
  }
  if (f.departmentId && skip !== 'department') {
    where.push('department_external_id = ?');
    params.push(f.departmentId);
  }
  if (f.area && skip !== 'area') {
    where.push('area = ?');
    params.push(f.area);
  }
  if (f.excluded !== undefined) {
    where.push('excluded = ?');
    params.push(f.excluded ? 1 : 0);
  }
  if (f.search && f.search.trim() !== '') {
    // Tab numbers and ids are ASCII, which LIKE folds itself; names need gw_fold.
    const p = containsPattern(f.search.trim());
    where.push("(gw_fold(label) LIKE ? ESCAPE '\\' OR tab_n LIKE ? ESCAPE '\\' OR external_id LIKE ? ESCAPE '\\')");
    params.push(p, p, p);
  }
  return { sql: where.join(' AND '), params };
}

/** A page of items in plan order, with department and area facets (each ignoring its own filter). */
export function listPlanItems(db: Db, planId: number, appliedThroughId: number, f: PlanItemFilter, offset: number, limit: number): ItemPage {
  if (f.search) ensureFoldFunction(db);
  const w = itemWhere(planId, f, null);
  const total = db.prepare(`SELECT count(*) FROM sync_plan_items WHERE ${w.sql}`).pluck().get(...w.params) as number;
  const rows = db.prepare(`SELECT * FROM sync_plan_items WHERE ${w.sql} ORDER BY id LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as ItemRow[];
  const wd = itemWhere(planId, f, 'department');
  const departments = db
    .prepare(
      `SELECT department_external_id AS id, coalesce(max(department_name), department_external_id) AS name, count(*) AS count
       FROM sync_plan_items WHERE ${wd.sql} AND department_external_id IS NOT NULL
       GROUP BY department_external_id ORDER BY count DESC, name`,
    )
    .all(...wd.params) as { id: string; name: string; count: number }[];
  const wa = itemWhere(planId, f, 'area');
  const areas = db
    .prepare(`SELECT area, count(*) AS count FROM sync_plan_items WHERE ${wa.sql} AND area IS NOT NULL GROUP BY area ORDER BY count DESC, area`)
    .all(...wa.params) as { area: string; count: number }[];
  return { total, items: rows.map((r) => toItem(r, appliedThroughId)), facets: { departments, areas } };
}
