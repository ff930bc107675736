import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, listAudit, verifyAuditChain } from '../audit/index.ts';
import { openDatabase, SCHEMA_VERSION, type Db } from '../db/open.ts';
import { GatewayError } from '../errors.ts';
import { EventBus } from '../events.ts';
import { ManualClock } from '../time/clock.ts';
import { getEmployee, listDepartments, listEmployees } from './directory.ts';
import { directoryFingerprint } from './fingerprint.ts';
import { SyncService, type SyncEvents, type SyncSettings } from './service.ts';
import { employeeAfterJson, type EmployeeAfter } from './model.ts';
import { decodeStoredAfter, EMPLOYEE_STORED_ORDER } from './stored-after.ts';
import { rawAgent } from './testing/fixtures.ts';
import { MemorySource } from './testing/memory-source.ts';

let dir: string;
let file: string;
let db: Db;
let clock: ManualClock;
let source: MemorySource;
let events: EventBus<SyncEvents>;
let seen: { name: string; payload: unknown }[];

function service(settings: Partial<SyncSettings> = {}, conn: Db = db): SyncService {
  return new SyncService({ db: conn, source, clock, events, settings });
}
const agents = (n: number, from = 1) => Array.from({ length: n }, (_, i) => rawAgent(from + i));
const PERIOD = { from: '2026-01-01', to: '2026-12-31' };

/** The error a call throws, for asserting its code and message. */
function failure(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error('expected a GatewayError, nothing was thrown');
}
async function failureAsync(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error('expected a GatewayError, nothing was thrown');
}

/** Syncs `n` employees into the directory: plan, approve, apply. */
async function seed(svc: SyncService, n: number): Promise<void> {
  source.agents = agents(n);
  const p = await svc.createPlan({ ...PERIOD, createdBy: 'seed' });
  svc.approve(p.id, { by: 'seed', confirmMassDeactivation: true });
  await svc.apply(p.id);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sync-'));
  file = join(dir, 'gateway.db');
  db = openDatabase(file);
  clock = new ManualClock('2026-03-15T09:00:00Z');
  source = new MemorySource();
  events = new EventBus<SyncEvents>();
  seen = [];
  events.on('plan.changed', (p) => seen.push({ name: 'plan.changed', payload: p }));
  events.on('plan.applyProgress', (p) => seen.push({ name: 'plan.applyProgress', payload: p }));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('creating and reading plans', () => {
  it('stores a plan awaiting approval with its fingerprint, author, expiry and counts, and audits it', async () => {
    const svc = service();
    source.agents = agents(3);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'Петров' });
    expect(source.calls).toEqual([PERIOD]);
    expect(p).toMatchObject({
      status: 'awaiting_approval',
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      createdBy: 'Петров',
      createdAt: '2026-03-15T09:00:00.000Z',
      expiresAt: '2026-03-16T09:00:00.000Z',
      fingerprint: directoryFingerprint(db),
      counts: { create: 6, update: 0, deactivate: 0, unchanged: 0, invalid: 0 },
      excludedCount: 0,
      applicableItems: 6,
      massDeactivation: { flagged: false, deactivations: 0, activeEmployees: 0, thresholdPct: 10, emptyResponse: false },
    });
    expect(svc.getPlan(p.id)).toEqual(p);
    expect(listAudit(db, { entityType: 'sync_plan' }).entries[0]).toMatchObject({ actor: 'Петров', action: 'sync.plan.created', entityId: String(p.id), details: { counts: p.counts } });
    expect(seen).toEqual([{ name: 'plan.changed', payload: { planId: p.id, status: 'awaiting_approval' } }]);
  });

  it('refuses a malformed request and an unknown plan with clear errors', async () => {
    const svc = service();
    expect((await failureAsync(svc.createPlan({ from: '2026-02-01', to: '2026-01-01', createdBy: 'x' }))).message).toMatch(/period must not end before it starts/);
    expect((await failureAsync(svc.createPlan({ ...PERIOD, createdBy: ' ' }))).message).toMatch(/createdBy is required/);
    const e = failure(() => svc.getPlan(42));
    expect(e).toMatchObject({ code: 'plan_not_found', kind: 'permanent', message: 'plan 42 does not exist' });
  });

  it('pages and filters items, searches Cyrillic case-insensitively, and gives facets', async () => {
    const svc = service();
    source.agents = [
      rawAgent(1, { lastname: 'Ёлкина', area: 'Yekaterinburg' }),
      rawAgent(2, { area: 'Yekaterinburg' }),
      rawAgent(3, { departmentId: 'd-root' }),
      rawAgent(4, { departmentId: 'd-ghost' }),
    ];
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'a' });
    const creates = svc.listItems(p.id, { action: 'create', entity: 'employee' });
    expect(creates.total).toBe(3);
    expect(creates.items[0]!.changes).toContainEqual({ field: 'lastName', before: null, after: 'Ёлкина' });
    expect(creates.items[0]!.changes).toContainEqual({ field: 'vacations', before: null, after: '1 accrual, latest 2026-01-01: 7.5 days' });
    expect(svc.listItems(p.id, { search: 'елкина' }).items.map((i) => i.externalId)).toEqual(['a-1']);
    expect(svc.listItems(p.id, { search: '2-16' }).items.map((i) => i.externalId)).toEqual(['a-2']);
    expect(svc.listItems(p.id, { action: 'invalid' }).items[0]).toMatchObject({ externalId: 'a-4', reasons: ['departmentId: unknown department "d-ghost" (not in AR_departments)'] });
    const page = svc.listItems(p.id, { entity: 'employee', offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.externalId)).toEqual(['a-2', 'a-3']);
    const byArea = svc.listItems(p.id, { entity: 'employee', area: 'Yekaterinburg' });
    expect(byArea.total).toBe(2);
    // Each facet ignores its own filter, so the area list still offers Moscow.
    expect(byArea.facets.areas).toEqual([
      { area: 'Moscow', count: 2 },
      { area: 'Yekaterinburg', count: 2 },
    ]);
    expect(byArea.facets.departments).toEqual([{ id: 'd-sales', name: 'Продажи', count: 2 }]);
  });

  it('lists plans awaiting approval first, then newest', async () => {
    const svc = service();
    source.agents = agents(2);
    const a = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    const b = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    const c = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.reject(c.id, { by: 'x', reason: 'dup' });
    expect(svc.listPlans().plans.map((p) => p.id)).toEqual([b.id, a.id, c.id]);
    expect(svc.listPlans({ status: 'rejected' })).toMatchObject({ total: 1, plans: [{ id: c.id }] });
    expect(svc.listPlans({ status: ['rejected', 'awaiting_approval'], limit: 1 }).total).toBe(3);
  });
});

describe('the whole flow', () => {
  it('applies an approved plan: directory written, audited with before and after, plan applied, events sent', async () => {
    const svc = service({ applyBatchSize: 2 });
    source.agents = [...agents(3), rawAgent(4, { finishwork: '2026-03-01' })];
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'ops' });
    const approved = svc.approve(p.id, { by: 'Сидоров', comment: 'initial load' });
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'Сидоров', approvalComment: 'initial load', approvedAt: '2026-03-15T09:00:00.000Z' });
    seen = [];
    const progress: number[] = [];
    const r = await svc.apply(p.id, { by: 'worker', onProgress: (x) => progress.push(x.done) });
    expect(r).toEqual({ planId: p.id, alreadyApplied: false, created: 7, updated: 0, deactivated: 0, skippedExcluded: 0, message: `plan ${p.id} applied: 7 created, 0 updated, 0 deactivated` });
    expect(progress).toEqual([2, 4, 6, 7]);
    expect(seen.filter((e) => e.name === 'plan.applyProgress')).toHaveLength(4);
    expect(seen.filter((e) => e.name === 'plan.changed').map((e) => (e.payload as { status: string }).status)).toEqual(['applying', 'applied']);
    expect(svc.getPlan(p.id)).toMatchObject({ status: 'applied', appliedItems: 7, appliedAt: '2026-03-15T09:00:00.000Z' });

    expect(listEmployees(db, { active: true }).total).toBe(3);
    expect(listEmployees(db, {}).total).toBe(4);
    const e1 = getEmployee(db, 'a-1')!;
    expect(e1).toMatchObject({ fullName: 'Иванов Иван Иванович', tabN: '1-16', departmentName: 'Продажи', positionName: 'Оператор', rate: 1, normWeek: 40, login: 'ivanov1', sn: 'sn-1', dbId: 'db-1', area: 'Moscow', active: true, deactivatedAt: null });
    expect(e1.vacations).toEqual([{ date: '2026-01-01', days: 7.5 }]);
    expect(getEmployee(db, 'a-4')).toMatchObject({ active: false, terminationDate: '2026-03-01', deactivatedAt: '2026-03-15T09:00:00.000Z' });
    expect(listDepartments(db).map((d) => [d.externalId, d.parentName, d.activeEmployees])).toEqual([
      ['d-root', null, 0],
      ['d-sales', 'Контакт-центр', 3],
    ]);

    const created = listAudit(db, { entityType: 'employee', limit: 10 }).entries.find((e) => e.entityId === 'a-1')!;
    expect(created).toMatchObject({ actor: 'worker', action: 'employee.create', before: null, after: { lastName: 'Иванов', tabN: '1-16', vacations: [{ date: '2026-01-01', days: 7.5 }] }, details: { planId: p.id } });
    const decisions = listAudit(db, { entityType: 'sync_plan' }).entries.map((e) => e.action).reverse();
    expect(decisions).toEqual(['sync.plan.created', 'sync.plan.approved', 'sync.apply.started', 'sync.apply.completed']);

    // A day later 1C reports changes: the next plan carries field-level updates and apply audits them.
    clock.advance(86_400_000);
    source.agents = [rawAgent(1, { rate: 0.5, Login: 'ivanov-new' }), rawAgent(2), rawAgent(4, { finishwork: '2026-03-01' })];
    const p2 = await svc.createPlan({ ...PERIOD, createdBy: 'ops' });
    expect(p2.counts).toMatchObject({ update: 1, deactivate: 1, unchanged: 5 });
    expect(p2.massDeactivation).toMatchObject({ flagged: true, deactivations: 1, activeEmployees: 3 });
    svc.approve(p2.id, { by: 'Сидоров', confirmMassDeactivation: true });
    expect(await svc.apply(p2.id)).toMatchObject({ updated: 1, deactivated: 1 });
    expect(getEmployee(db, 'a-1')).toMatchObject({ rate: 0.5, login: 'ivanov-new', updatedAt: '2026-03-16T09:00:00.000Z' });
    expect(getEmployee(db, 'a-3')).toMatchObject({ active: false, deactivatedAt: '2026-03-16T09:00:00.000Z' });
    const upd = listAudit(db, { search: 'employee.update' }).entries[0]!;
    expect(upd).toMatchObject({ actor: 'Сидоров', entityId: 'a-1', before: { rate: 1, login: 'ivanov1' }, after: { rate: 0.5, login: 'ivanov-new' } });
    const deact = listAudit(db, { search: 'employee.deactivate' }).entries[0]!;
    expect(deact).toMatchObject({ entityId: 'a-3', before: { active: true }, after: { active: false } });
    expect(verifyAuditChain(db).ok).toBe(true);

    // Back in 1C: reactivated, deactivated_at cleared.
    source.agents = [rawAgent(1, { rate: 0.5, Login: 'ivanov-new' }), rawAgent(2), rawAgent(3), rawAgent(4, { finishwork: '2026-03-01' })];
    const p3 = await svc.createPlan({ ...PERIOD, createdBy: 'ops' });
    svc.approve(p3.id, { by: 'x' });
    await svc.apply(p3.id);
    expect(getEmployee(db, 'a-3')).toMatchObject({ active: true, deactivatedAt: null });
  });

  it('applies a plan with nothing to change as a no-op and marks it applied', async () => {
    const svc = service();
    await seed(svc, 2);
    const before = directoryFingerprint(db);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    expect(p.counts).toEqual({ create: 0, update: 0, deactivate: 0, unchanged: 5, invalid: 0 });
    svc.approve(p.id, { by: 'x' });
    expect(await svc.apply(p.id)).toMatchObject({ created: 0, updated: 0, deactivated: 0, message: `plan ${p.id} applied: 0 created, 0 updated, 0 deactivated` });
    expect(svc.getPlan(p.id).status).toBe('applied');
    expect(directoryFingerprint(db)).toBe(before);
    expect(svc.listItems(p.id, { limit: Number.NaN, offset: Number.NaN }).items).toHaveLength(5);
  });

  it('replaces vacation balances only within the plan scope', async () => {
    const svc = service();
    await seed(svc, 1);
    db.prepare("INSERT INTO vacation_balances SELECT id, '2024-01-01', 3 FROM employees WHERE external_id = 'a-1'").run();
    source.agents = [rawAgent(1, { AR_vacation: [{ date: '2026-02-01', vacation: 9 }] })];
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(p.id, { by: 'x' });
    await svc.apply(p.id);
    expect(getEmployee(db, 'a-1')!.vacations).toEqual([
      { date: '2024-01-01', days: 3 },
      { date: '2026-02-01', days: 9 },
    ]);
  });

  it('applying an applied plan is a no-op that says so', async () => {
    const svc = service();
    source.agents = agents(2);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(p.id, { by: 'x' });
    await svc.apply(p.id);
    const auditRows = verifyAuditChain(db).rows;
    const again = await svc.apply(p.id);
    expect(again).toEqual({
      planId: p.id,
      alreadyApplied: true,
      created: 5,
      updated: 0,
      deactivated: 0,
      skippedExcluded: 0,
      message: `plan ${p.id} was already applied at 2026-03-15T09:00:00.000Z; nothing to do`,
    });
    expect(verifyAuditChain(db).rows).toBe(auditRows);
    expect(listEmployees(db).total).toBe(2);
  });
});

describe('approval rules', () => {
  it('refuses to apply a plan awaiting approval', async () => {
    const svc = service();
    source.agents = agents(1);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    expect(await failureAsync(svc.apply(p.id))).toMatchObject({ code: 'plan_not_approved', kind: 'permanent', message: `plan ${p.id} is awaiting approval; approve it first` });
    expect(listEmployees(db).total).toBe(0);
    expect(listAudit(db, { search: 'sync.apply.refused' }).total).toBe(1);
  });

  it('needs an approver name, and approves only once', async () => {
    const svc = service();
    source.agents = agents(1);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    expect(failure(() => svc.approve(p.id, { by: '  ' })).message).toMatch(/approver name \(by\) is required/);
    svc.approve(p.id, { by: 'Анна' });
    expect(failure(() => svc.approve(p.id, { by: 'Борис' })).message).toMatch(new RegExp(`plan ${p.id} was already approved by Анна`));
  });

  it('rejects with a required reason; a rejected plan can be neither approved nor applied', async () => {
    const svc = service();
    source.agents = agents(1);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    expect(failure(() => svc.reject(p.id, { by: 'Анна', reason: ' ' })).message).toMatch(/a reason is required/);
    const r = svc.reject(p.id, { by: 'Анна', reason: 'wrong period' });
    expect(r).toMatchObject({ status: 'rejected', rejectedBy: 'Анна', rejectionReason: 'wrong period', rejectedAt: '2026-03-15T09:00:00.000Z' });
    expect(failure(() => svc.approve(p.id, { by: 'Борис' })).message).toMatch(new RegExp(`plan ${p.id} was rejected by Анна at .*wrong period`));
    expect(await failureAsync(svc.apply(p.id))).toMatchObject({ code: 'plan_rejected' });
    expect(listAudit(db, { search: 'sync.plan.rejected' }).entries[0]).toMatchObject({ actor: 'Анна', details: { reason: 'wrong period' } });
  });

  it('excludes and includes items only while awaiting approval; excluded items are skipped by apply', async () => {
    const svc = service();
    source.agents = agents(3);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    const ex = svc.setExcluded(p.id, ['a-2', 'a-3'], true, 'Анна');
    expect(ex).toMatchObject({ excludedCount: 2, applicableItems: 4 });
    expect(svc.listItems(p.id, { excluded: true }).items.map((i) => i.externalId)).toEqual(['a-2', 'a-3']);
    expect(svc.setExcluded(p.id, ['a-3'], false, 'Анна').excludedCount).toBe(1);
    const unknown = failure(() => svc.setExcluded(p.id, ['a-3', 'nobody'], true, 'Анна'));
    expect(unknown).toMatchObject({ code: 'unknown_items', message: `plan ${p.id} has no item with external id "nobody"; nothing was excluded` });
    expect(svc.getPlan(p.id).excludedCount).toBe(1);
    svc.approve(p.id, { by: 'Анна' });
    expect(failure(() => svc.setExcluded(p.id, ['a-1'], true, 'Анна')).code).toBe('plan_already_approved');
    const r = await svc.apply(p.id);
    expect(r).toMatchObject({ created: 5, skippedExcluded: 1 });
    expect(getEmployee(db, 'a-2')).toBeNull();
    expect(getEmployee(db, 'a-3')).not.toBeNull();
    expect(listAudit(db, { search: 'items_excluded' }).entries.at(-1)).toMatchObject({ actor: 'Анна', details: { externalIds: ['a-2', 'a-3'] } });
  });

  it('approve excludes the listed items first, and an unknown one fails the whole approval', async () => {
    const svc = service();
    source.agents = agents(3);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    expect(failure(() => svc.approve(p.id, { by: 'Анна', exclude: ['a-1', 'zzz'] })).code).toBe('unknown_items');
    expect(svc.getPlan(p.id)).toMatchObject({ status: 'awaiting_approval', excludedCount: 0 });
    const a = svc.approve(p.id, { by: 'Анна', exclude: ['a-1'] });
    expect(a).toMatchObject({ status: 'approved', excludedCount: 1 });
  });
});

describe('the mass-deactivation guard', () => {
  it('refuses to approve a plan deactivating over 10 % without confirmation; exclusions count', async () => {
    const svc = service();
    await seed(svc, 10);
    source.agents = agents(8);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    expect(p.massDeactivation).toEqual({ flagged: true, deactivations: 2, activeEmployees: 10, thresholdPct: 10, emptyResponse: false });
    const e = failure(() => svc.approve(p.id, { by: 'Анна' }));
    expect(e.code).toBe('mass_deactivation_unconfirmed');
    expect(e.message).toBe(
      `plan ${p.id} would deactivate 2 of 10 active employees (20.0 %, above the 10 % limit); approve with confirmMassDeactivation (CLI: --confirm-mass-deactivation) if this is intended, or reject the plan`,
    );
    expect(svc.getPlan(p.id).status).toBe('awaiting_approval');
    // Excluding one deactivation brings the plan to 10 %: no confirmation needed.
    const ok = svc.approve(p.id, { by: 'Анна', exclude: ['a-10'] });
    expect(ok).toMatchObject({ status: 'approved', massDeactivationConfirmed: false, massDeactivation: { flagged: false, deactivations: 1 } });
  });

  it('approves a flagged plan with the confirmation and records it', async () => {
    const svc = service();
    await seed(svc, 10);
    source.agents = agents(5);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    const a = svc.approve(p.id, { by: 'Анна', confirmMassDeactivation: true });
    expect(a).toMatchObject({ status: 'approved', massDeactivationConfirmed: true });
    expect((await svc.apply(p.id)).deactivated).toBe(5);
  });

  it('never lets an empty AR_agents deactivate anyone without confirmation', async () => {
    const svc = service({ maxDeactivationPct: 100 });
    await seed(svc, 3);
    source.agents = [];
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    expect(p.massDeactivation).toMatchObject({ flagged: true, emptyResponse: true, deactivations: 3 });
    expect(failure(() => svc.approve(p.id, { by: 'Анна' })).message).toMatch(/1C returned no agents at all, so this plan would deactivate all 3 active employees/);
    expect(listEmployees(db, { active: true }).total).toBe(3);
  });
});

describe('stale plans and expiry', () => {
  it('refuses a plan whose directory was hand-edited since it was computed', async () => {
    const svc = service();
    await seed(svc, 2);
    source.agents = agents(3);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(p.id, { by: 'Анна' });
    db.prepare("UPDATE employees SET rate = 0.25 WHERE external_id = 'a-1'").run();
    const e = await failureAsync(svc.apply(p.id));
    expect(e).toMatchObject({ code: 'plan_stale', kind: 'permanent', message: `stale plan: the directory changed since plan ${p.id} was computed; generate a new plan` });
    expect(getEmployee(db, 'a-3')).toBeNull();
    expect(svc.getPlan(p.id).status).toBe('approved');
    expect(listAudit(db, { search: 'sync.apply.refused' }).entries[0]).toMatchObject({ details: { code: 'plan_stale' } });
  });

  it('refuses to approve a stale plan, and applying one plan makes its siblings stale', async () => {
    const svc = service();
    source.agents = agents(2);
    const a = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    const b = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(a.id, { by: 'x' });
    svc.approve(b.id, { by: 'x' });
    await svc.apply(a.id);
    expect((await failureAsync(svc.apply(b.id))).code).toBe('plan_stale');
    const c = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    db.prepare("DELETE FROM vacation_balances WHERE employee_id = (SELECT id FROM employees WHERE external_id = 'a-2')").run();
    expect(failure(() => svc.approve(c.id, { by: 'x' })).code).toBe('plan_stale');
  });

  it('moves the fingerprint on every kind of directory edit, and only then', async () => {
    const svc = service();
    await seed(svc, 1);
    const edits = [
      "UPDATE departments SET name = 'X' WHERE external_id = 'd-root'",
      "UPDATE positions SET active = 0 WHERE external_id = 'p-op'",
      "INSERT INTO vacation_balances SELECT id, '2026-05-01', 1 FROM employees WHERE external_id = 'a-1'",
      "UPDATE vacation_balances SET days = 2 WHERE accrual_date = '2026-05-01'",
      "DELETE FROM employees WHERE external_id = 'a-1'",
    ];
    for (const sql of edits) {
      const before = directoryFingerprint(db);
      db.prepare(sql).run();
      expect(directoryFingerprint(db), sql).not.toBe(before);
    }
    const before = directoryFingerprint(db);
    svc.listPlans();
    listEmployees(db, { search: 'x' });
    expect(directoryFingerprint(db)).toBe(before);
  });

  it('expires plans after the TTL, audits the expiry and refuses to approve or apply them', async () => {
    const svc = service({ planTtlHours: 24 });
    source.agents = agents(1);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    const q = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(q.id, { by: 'x' });
    clock.advance(24 * 3_600_000 - 1);
    expect(svc.expireStale()).toBe(0);
    clock.advance(1);
    expect(svc.getPlan(p.id).status).toBe('expired');
    expect(svc.getPlan(q.id).status).toBe('expired');
    expect(failure(() => svc.approve(p.id, { by: 'x' })).message).toBe(`plan ${p.id} expired at 2026-03-16T09:00:00.000Z; generate a new plan`);
    expect(await failureAsync(svc.apply(q.id))).toMatchObject({ code: 'plan_expired', message: `plan ${q.id} expired at 2026-03-16T09:00:00.000Z; generate a new plan` });
    expect(listAudit(db, { search: 'sync.plan.expired' }).entries.map((e) => e.entityId).sort()).toEqual([String(p.id), String(q.id)]);
    expect(svc.expireStale()).toBe(0);
  });
});

describe('assertApplicable (checked before a queued apply)', () => {
  it('passes an approved fresh plan and an applied one, and refuses the rest with the apply codes', async () => {
    const svc = service();
    source.agents = agents(2);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    expect(failure(() => svc.assertApplicable(p.id)).code).toBe('plan_not_approved');
    svc.approve(p.id, { by: 'x' });
    expect(() => svc.assertApplicable(p.id)).not.toThrow();
    db.prepare("INSERT INTO positions (external_id, name, active, created_at, updated_at) VALUES ('p-hand', 'Вручную', 1, 'now', 'now')").run();
    expect(failure(() => svc.assertApplicable(p.id, 'Анна')).code).toBe('plan_stale');
    expect(listAudit(db, { search: 'sync.apply.refused' }).entries[0]).toMatchObject({ actor: 'Анна', details: { code: 'plan_stale' } });
    const q = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(q.id, { by: 'x' });
    await svc.apply(q.id);
    expect(() => svc.assertApplicable(q.id)).not.toThrow();
    expect(failure(() => svc.assertApplicable(999)).code).toBe('plan_not_found');
  });
});

describe('apply lets the thread breathe', () => {
  it('yields between batches: other work runs while it applies, and sees the progress so far', async () => {
    const svc = service({ applyBatchSize: 2 });
    source.agents = agents(9);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(p.id, { by: 'Анна' });
    let done = 0;
    const seenByOthers: number[] = [];
    let stop = false;
    const tick = (): void => {
      seenByOthers.push(done);
      if (!stop) setImmediate(tick);
    };
    setImmediate(tick);
    await svc.apply(p.id, { onProgress: (x) => (done = x.done) });
    stop = true;
    // 12 items in batches of 2: the other work ran between batches, not only before and after.
    expect(seenByOthers.some((d) => d > 0 && d < 12)).toBe(true);
    expect(listEmployees(db).total).toBe(9);
  });

  it('refuses a second apply of the plan while the first runs, and applies everything once', async () => {
    const svc = service({ applyBatchSize: 2 });
    source.agents = agents(5);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(p.id, { by: 'Анна' });
    const first = svc.apply(p.id);
    expect(await failureAsync(svc.apply(p.id))).toMatchObject({ code: 'plan_applying', kind: 'retryable', message: `plan ${p.id} is being applied right now; follow its progress on the plan's page` });
    expect(await first).toMatchObject({ created: 8 });
    expect(listAudit(db, { search: 'employee.create', limit: 100 }).total).toBe(5);
    // Once it is done, asking again is the ordinary no-op.
    expect(await svc.apply(p.id)).toMatchObject({ alreadyApplied: true });
  });
});

describe('apply interrupted from elsewhere', () => {
  it('does not report a plan as applied when another process marked it failed between batches', async () => {
    const svc = service({ applyBatchSize: 3 });
    source.agents = agents(6);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(p.id, { by: 'Анна' });
    const other = openDatabase(file);
    try {
      const e = await failureAsync(
        svc.apply(p.id, {
          onProgress: (x) => {
            // After the first batch, a node that lost its lease records the failure.
            if (x.done === 3) other.prepare("UPDATE sync_plans SET status = 'failed', apply_error = 'lease lost on node-2' WHERE id = ?").run(p.id);
          },
        }),
      );
      expect(e).toMatchObject({ code: 'plan_apply_interrupted', kind: 'retryable', message: `plan ${p.id} is failed after 3 of 9 items (lease lost on node-2); apply it again to resume` });
    } finally {
      other.close();
    }
    expect(await svc.apply(p.id)).toMatchObject({ created: 9 });
    expect(listEmployees(db).total).toBe(6);
  });
});

describe('resumable apply', () => {
  it('resumes after a failure mid-apply from the unapplied items, on a fresh connection', async () => {
    const svc = service({ applyBatchSize: 3 });
    source.agents = agents(10);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(p.id, { by: 'Анна' });
    let batches = 0;
    await expect(
      svc.apply(p.id, {
        onProgress: () => {
          if (++batches === 2) throw new Error('worker lost its lease');
        },
      }),
    ).rejects.toThrow('worker lost its lease');
    expect(svc.getPlan(p.id)).toMatchObject({ status: 'failed', appliedItems: 6, applyError: 'worker lost its lease' });
    // Items are departments, position, then employees by external id: 3 of them made it before the failure.
    expect(listEmployees(db).total).toBe(3);
    const items = svc.listItems(p.id, { limit: 100 }).items;
    expect(items.filter((i) => i.applied).map((i) => i.externalId)).toEqual(['d-root', 'd-sales', 'p-op', 'a-1', 'a-10', 'a-2']);

    const db2 = openDatabase(file);
    try {
      const svc2 = service({ applyBatchSize: 3 }, db2);
      const r = await svc2.apply(p.id, { by: 'Анна' });
      expect(r).toMatchObject({ alreadyApplied: false, created: 13 });
      expect(r.message).toMatch(/applied \(resumed\)/);
      expect(listEmployees(db2).total).toBe(10);
      expect(svc2.getPlan(p.id)).toMatchObject({ status: 'applied', appliedItems: 13, applyError: null });
      // Exactly one audit row per created employee: nothing was applied twice.
      expect(listAudit(db2, { search: 'employee.create', limit: 100 }).total).toBe(10);
      expect(listAudit(db2, { entityType: 'sync_plan' }).entries.map((e) => e.action).reverse()).toEqual([
        'sync.plan.created',
        'sync.plan.approved',
        'sync.apply.started',
        'sync.apply.failed',
        'sync.apply.resumed',
        'sync.apply.completed',
      ]);
      expect(verifyAuditChain(db2).ok).toBe(true);
    } finally {
      db2.close();
    }
  });

  it('resumes after the process died between batches (kill -9 style)', async () => {
    const svc = service({ applyBatchSize: 4 });
    source.agents = agents(10);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(p.id, { by: 'Анна' });
    const script = fileURLToPath(new URL('./testing/crash-apply.ts', import.meta.url));
    const child = spawnSync(process.execPath, [script, file, String(p.id), '4', new Date(clock.now()).toISOString()], { encoding: 'utf8', timeout: 15_000 });
    expect(child.status, child.stderr).toBe(3);
    expect(svc.getPlan(p.id)).toMatchObject({ status: 'applying', appliedItems: 4 });
    expect(listEmployees(db).total).toBe(1);
    const r = await svc.apply(p.id);
    expect(r).toMatchObject({ created: 13 });
    expect(listEmployees(db).total).toBe(10);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('refuses to resume when someone else changed the directory between batches', async () => {
    const svc = service({ applyBatchSize: 3 });
    source.agents = agents(6);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(p.id, { by: 'Анна' });
    await expect(
      svc.apply(p.id, {
        onProgress: () => {
          throw new Error('stop');
        },
      }),
    ).rejects.toThrow('stop');
    db.prepare("UPDATE departments SET name = 'hand-edit' WHERE external_id = 'd-sales'").run();
    expect((await failureAsync(svc.apply(p.id))).code).toBe('plan_stale');
  });
});

describe('audit and store integrity', () => {
  it('stores employees compactly and audits each create with its whole state as canonical JSON', async () => {
    const svc = service();
    source.agents = [rawAgent(1), rawAgent(2, { secondname: null, rate: null, Login: '', SN: null, AR_vacation: [] })];
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    type Row = { entity: string; external_id: string; tab_n: string; department_external_id: string; area: string; after: string };
    const rows = db.prepare('SELECT entity, external_id, tab_n, department_external_id, area, after FROM sync_plan_items WHERE plan_id = ?').all(p.id) as Row[];
    expect(new Set(rows.map((r) => r.entity))).toEqual(new Set(['employee', 'department', 'position']));
    for (const r of rows) expect(Array.isArray(JSON.parse(r.after))).toBe(r.entity === 'employee');
    // Without what the item's own columns hold.
    for (const r of rows.filter((x) => x.entity === 'employee')) expect(JSON.parse(r.after)).not.toContain(r.external_id);
    const storedState = (id: string) => {
      const r = rows.find((x) => x.external_id === id)!;
      return decodeStoredAfter('employee', r.after, 0, { externalId: r.external_id, tabN: r.tab_n, departmentId: r.department_external_id, area: r.area });
    };
    svc.approve(p.id, { by: 'x', confirmMassDeactivation: true });
    await svc.apply(p.id);
    const created = listAudit(db, { search: 'employee.create', limit: 10 }).entries;
    expect(created).toHaveLength(2);
    for (const entry of created) {
      const raw = db.prepare('SELECT after FROM audit_log WHERE id = ?').pluck().get(entry.id) as string;
      expect(canonicalJson(JSON.parse(raw))).toBe(raw);
      expect(JSON.parse(raw)).toEqual(storedState(entry.entityId!));
      expect(Object.keys(JSON.parse(raw) as object)).toContain('lastName');
    }
    const second = JSON.parse(db.prepare("SELECT after FROM audit_log WHERE action = 'employee.create' AND entity_id = 'a-2'").pluck().get() as string) as Record<string, unknown>;
    expect(second).toMatchObject({ lastName: 'Иванов', secondName: '', rate: null, login: null, sn: null, tabN: '2-16', active: true });
  });

  for (const [earlier, rewrite] of [
    ['canonical objects', (e: EmployeeAfter) => employeeAfterJson(e)],
    ['full arrays, item columns included', (e: EmployeeAfter) => JSON.stringify([...EMPLOYEE_STORED_ORDER.map((k) => e[k]), ...(e.vacations ? [e.vacations.map((v) => [v.date, v.days])] : [])])],
  ] as const) {
    it(`applies a plan stored by an earlier version, whose employees are ${earlier}`, async () => {
      const svc = service();
      source.agents = agents(3);
      const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
      type Row = { id: number; external_id: string; tab_n: string; department_external_id: string; area: string; after: string };
      const stored = db.prepare("SELECT id, external_id, tab_n, department_external_id, area, after FROM sync_plan_items WHERE plan_id = ? AND entity = 'employee'").all(p.id) as Row[];
      for (const r of stored) {
        const state = decodeStoredAfter('employee', r.after, r.id, { externalId: r.external_id, tabN: r.tab_n, departmentId: r.department_external_id, area: r.area });
        db.prepare('UPDATE sync_plan_items SET after = ? WHERE id = ?').run(rewrite(state), r.id);
      }
      expect(db.prepare("SELECT after FROM sync_plan_items WHERE plan_id = ? AND entity = 'employee'").pluck().get(p.id) as string).toContain('"a-1"');
      svc.approve(p.id, { by: 'x', confirmMassDeactivation: true });
      // Three employees, the two departments and the one position.
      expect(await svc.apply(p.id)).toMatchObject({ created: 3 + 2 + 1 });
      expect(listEmployees(db, {}).total).toBe(3);
      expect(getEmployee(db, 'a-2')).toMatchObject({ tabN: '2-16', lastName: 'Иванов', active: true });
    });
  }

  it('refuses to apply an item whose stored state was damaged, naming the item, and applies nothing of its batch', async () => {
    const svc = service();
    source.agents = agents(2);
    const p = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    const victim = db.prepare("SELECT id FROM sync_plan_items WHERE plan_id = ? AND entity = 'employee' ORDER BY id DESC LIMIT 1").pluck().get(p.id) as number;
    db.prepare("UPDATE sync_plan_items SET after = '[\"a-2\"' WHERE id = ?").run(victim);
    // The reviewer still sees the page: the damaged row says what is wrong with it.
    const page = svc.listItems(p.id, { limit: 100 }).items;
    expect(page.find((i) => i.id === victim)?.reasons[0]).toMatch(new RegExp(`^plan item ${victim}: the stored state to apply is unreadable`));
    expect(page.filter((i) => i.reasons.length === 0).length).toBe(page.length - 1);
    svc.approve(p.id, { by: 'x', confirmMassDeactivation: true });
    await expect(svc.apply(p.id)).rejects.toThrow(new RegExp(`^plan item ${victim}: the stored state to apply is unreadable`));
    expect(listEmployees(db, {}).total).toBe(0);
    expect(svc.getPlan(p.id).status).toBe('failed');
    // Balances the failed batch had buffered died with it: the next plan writes exactly its own.
    source.agents = [rawAgent(1, { AR_vacation: [{ date: '2026-02-01', vacation: 3 }] }), rawAgent(2)];
    const next = await svc.createPlan({ ...PERIOD, createdBy: 'x' });
    svc.approve(next.id, { by: 'x', confirmMassDeactivation: true });
    await svc.apply(next.id);
    expect(getEmployee(db, 'a-1')!.vacations).toEqual([{ date: '2026-02-01', days: 3 }]);
    expect(getEmployee(db, 'a-2')!.vacations).toEqual([{ date: '2026-01-01', days: 7.5 }]);
  });

  it('keeps a verifiable chain through the whole flow and detects a tampered row', async () => {
    const svc = service();
    await seed(svc, 5);
    const v = verifyAuditChain(db);
    expect(v.ok).toBe(true);
    expect(v.rows).toBeGreaterThan(10);
    const target = listAudit(db, { search: 'employee.create', limit: 1 }).entries[0]!;
    db.prepare(`UPDATE audit_log SET after = replace(after, 'ivanov', 'petrov') WHERE id = ?`).run(target.id);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: target.id, message: expect.stringContaining(`audit row ${target.id} was altered: its hash does not match its content;`) });
  });

  it('refuses a database written by a newer version of the gateway', () => {
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    let err: unknown;
    try {
      db = openDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'db_too_new' });
    expect((err as Error).message).toMatch(new RegExp(`schema version ${SCHEMA_VERSION + 1}, written by a newer version`));
    // Reopen at the known version so afterEach can close it.
    const raw = openDatabase(':memory:');
    db = raw;
  });

  it('refuses invalid settings', () => {
    expect(() => service({ defaultZone: 'Mars/Base' })).toThrow(/defaultZone: not a known IANA time zone/);
    expect(() => service({ maxDeactivationPct: undefined, planTtlHours: undefined })).not.toThrow();
  });
});
