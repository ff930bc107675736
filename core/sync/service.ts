/**
 * Personnel sync as a service: fetch /agents, reconcile into a plan stored with
 * the directory fingerprint, let a person exclude items, approve or reject, then
 * apply in resumable batches. Every decision and every directory change is
 * audited; every state change is announced on the event bus.
 */
import { z } from 'zod';
import { appendAudit, type AuditInput } from '../audit/log.ts';
import { bulkWriterOf } from '../db/bulk-writer.ts';
import { withBulkWrites, withBulkWritesAsync } from '../db/bulk.ts';
import type { Db } from '../db/open.ts';
import { asStoreError, isDiskFull } from '../db/store-errors.ts';
import { GatewayError, errorMessage, isGatewayError } from '../errors.ts';
import type { EventBus } from '../events.ts';
import type { AgentsResponse } from '../onec/agents-schema.ts';
import type { Clock } from '../time/clock.ts';
import { civilToday, isValidZone } from '../time/sites.ts';
import { applyNextBatch } from './apply.ts';
import { directoryView } from './directory.ts';
import { directoryFingerprint } from './fingerprint.ts';
import { assessMassDeactivation, massDeactivationMessage } from './mass-deactivation.ts';
import { applyDiskFull, planNotFound, stalePlan, statusRefusal } from './plan-errors.ts';
import {
  expirePlans,
  getPlanRow,
  insertPlan,
  listPlanRows,
  listPlanItems,
  markApplied,
  markApplying,
  markApproved,
  markFailed,
  markRejected,
  recountExclusions,
  setItemsExcluded,
  toSummary,
  updateExclusionCounts,
  type ItemPage,
  type NewPlan,
  type PlanRow,
} from './plan-store.ts';
import type { NewPlanItem } from './model.ts';
import { reconcile, vacationScopeFor } from './reconcile.ts';
import { planStoreFailure, storePlanInWorker } from './worker-store.ts';
import type { ApplyProgress, ApplyResult, PlanStatus } from '../contract/index.ts';
import type { PlanItemFilter, StoredPlan } from './types.ts';

export interface AgentsSource {
  getAgents(from: string, to: string, opts?: { signal?: AbortSignal }): Promise<AgentsResponse>;
}

export interface SyncSettings {
  /** Percent of active employees a plan may deactivate without an explicit confirmation. */
  maxDeactivationPct: number;
  planTtlHours: number;
  /** Zone of employees whose area names no known site. */
  defaultZone: string;
  /** Items per apply transaction. */
  applyBatchSize: number;
}

/** Plans with fewer items are stored on the calling connection: a hand-over would cost more than it saves. */
export const BULK_WRITER_MIN_ITEMS = 2000;

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { maxDeactivationPct: 10, planTtlHours: 24, defaultZone: 'Europe/Moscow', applyBatchSize: 5000 };

export type SyncEvents = {
  'plan.changed': { planId: number; status: PlanStatus };
  'plan.applyProgress': ApplyProgress;
};

const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const person = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(200);
const createSchema = z
  .object({ from: civilDate, to: civilDate, createdBy: person('createdBy') })
  .refine((a) => a.from <= a.to, { message: 'the period must not end before it starts', path: ['to'] });
const approveSchema = z.object({
  by: person('the approver name (by)'),
  comment: z.string().trim().max(2000).optional(),
  confirmMassDeactivation: z.boolean().optional(),
  exclude: z.array(z.string().min(1)).optional(),
});
const rejectSchema = z.object({ by: person('the name of who rejects (by)'), reason: z.string({ error: 'a reason is required' }).trim().min(1, 'a reason is required').max(2000) });
const settingsSchema = z.object({
  maxDeactivationPct: z.number().min(0).max(100),
  planTtlHours: z.number().positive(),
  defaultZone: z.string().refine(isValidZone, 'not a known IANA time zone'),
  applyBatchSize: z.number().int().min(1).max(100_000),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new GatewayError('invalid_arguments', `${what}: ${r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}`);
}

/** Paging numbers from hosts (a CLI flag may be NaN): a default when missing, clamped otherwise. */
function clampInt(v: number | undefined, fallback: number, min: number, max: number): number {
  if (v === undefined || !Number.isFinite(v)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(v)));
}

function resolveSettings(given: Partial<SyncSettings> | undefined): SyncSettings {
  const defined = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined));
  return parse(settingsSchema, { ...DEFAULT_SYNC_SETTINGS, ...defined }, 'invalid sync settings');
}

export class SyncService {
  private readonly db: Db;
  private readonly source: AgentsSource;
  private readonly clock: Clock;
  private readonly events: EventBus<SyncEvents> | undefined;
  private fixedSettings: SyncSettings;
  private readonly settingsSource: (() => Partial<SyncSettings>) | undefined;
  /** Plans this service is applying now: a second apply of one would interleave its batches. */
  private readonly applyingNow = new Set<number>();

  constructor(deps: { db: Db; source: AgentsSource; clock: Clock; settings?: Partial<SyncSettings> | (() => Partial<SyncSettings>); events?: EventBus<SyncEvents> }) {
    this.db = deps.db;
    this.source = deps.source;
    this.clock = deps.clock;
    this.events = deps.events;
    // Hosts pass config values that may be unset: undefined never overrides a default.
    this.settingsSource = typeof deps.settings === 'function' ? deps.settings : undefined;
    this.fixedSettings = resolveSettings(typeof deps.settings === 'function' ? deps.settings() : deps.settings);
  }

  /**
   * The settings in force now: read from their source on every use, so an
   * administrator's change (maxDeactivationPct, planTtlHours, defaultZone) applies
   * to the next plan without a restart, whichever process made it.
   */
  get settings(): SyncSettings {
    if (this.settingsSource) this.fixedSettings = resolveSettings(this.settingsSource());
    return this.fixedSettings;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private emitChanged(planId: number): void {
    const r = getPlanRow(this.db, planId);
    if (r) this.events?.emit('plan.changed', { planId, status: r.status });
  }

  private row(id: number): PlanRow {
    const r = getPlanRow(this.db, id);
    if (!r) throw planNotFound(id);
    return r;
  }

  // ---- plan creation

  async createPlan(args: { from: string; to: string; createdBy: string; signal?: AbortSignal }): Promise<StoredPlan> {
    const a = parse(createSchema, { from: args.from, to: args.to, createdBy: args.createdBy }, 'cannot create a plan');
    this.expireStale();
    const writer = bulkWriterOf(this.db);
    // Its start-up overlaps the fetch; it stops again once the plan is stored (or was not).
    writer?.warm();
    try {
      return await this.planFrom(a, args.signal);
    } finally {
      writer?.release();
    }
  }

  private async planFrom(a: { from: string; to: string; createdBy: string }, signal: AbortSignal | undefined): Promise<StoredPlan> {
    const response = await this.source.getAgents(a.from, a.to, signal ? { signal } : undefined);
    signal?.throwIfAborted();
    const { scope, fingerprint, result } = this.reconcileWithDirectory(response, a.from, a.to);
    const createdAt = this.now();
    const expiresAt = new Date(this.clock.now() + this.settings.planTtlHours * 3_600_000).toISOString();
    const plan: NewPlan = { periodFrom: a.from, periodTo: a.to, vacationScope: scope, createdAt, createdBy: a.createdBy, expiresAt, fingerprint, counts: result.counts, massDeactivation: result.massDeactivation };
    const audit = (planId: number): AuditInput => ({
      actor: a.createdBy,
      action: 'sync.plan.created',
      entityType: 'sync_plan',
      entityId: String(planId),
      details: { period: { from: a.from, to: a.to }, counts: result.counts, massDeactivation: result.massDeactivation, fingerprint, expiresAt },
    });
    const writer = bulkWriterOf(this.db);
    const viaWorker = writer && result.items.length >= BULK_WRITER_MIN_ITEMS ? await storePlanInWorker(this.db, writer, { plan, items: result.items, audit, now: () => this.now() }) : null;
    const id = viaWorker ?? this.storePlanHere(plan, result.items, audit);
    this.emitChanged(id);
    return toSummary(this.row(id));
  }

  /** Stores the plan on this connection, in one transaction; SQLite's refusals in words an operator can act on. */
  private storePlanHere(plan: NewPlan, items: readonly NewPlanItem[], audit: (planId: number) => AuditInput): number {
    try {
      return withBulkWrites(this.db, () =>
        this.db
          .transaction(() => {
            const planId = insertPlan(this.db, plan, items);
            appendAudit(this.db, audit(planId), this.clock);
            return planId;
          })
          .immediate(),
      );
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('SQLITE_')) throw planStoreFailure({ message: (e as Error).message, code });
      throw e;
    }
  }

  /** Reconcile and the fingerprint in one read transaction: the items describe the directory the fingerprint names. */
  private reconcileWithDirectory(response: AgentsResponse, from: string, to: string) {
    const scope = vacationScopeFor(response, from, to);
    const settings = this.settings;
    return this.db.transaction(() => ({
      scope,
      fingerprint: directoryFingerprint(this.db),
      result: reconcile({
        response,
        directory: directoryView(this.db, scope),
        today: (zone) => civilToday(this.clock, zone),
        defaultZone: settings.defaultZone,
        maxDeactivationPct: settings.maxDeactivationPct,
      }),
    }))();
  }

  // ---- reading

  listPlans(args: { status?: PlanStatus | PlanStatus[]; offset?: number; limit?: number } = {}): { total: number; plans: StoredPlan[] } {
    this.expireStale();
    const statuses = args.status === undefined ? null : Array.isArray(args.status) ? args.status : [args.status];
    const offset = clampInt(args.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = clampInt(args.limit, 50, 1, 500);
    const r = listPlanRows(this.db, statuses, offset, limit);
    return { total: r.total, plans: r.rows.map(toSummary) };
  }

  getPlan(id: number): StoredPlan {
    this.expireStale();
    return toSummary(this.row(id));
  }

  listItems(planId: number, filter: PlanItemFilter = {}): ItemPage {
    const r = this.row(planId);
    // Pruned by retention: no items, even while a prune is still deleting them (the summary says when and why).
    if (r.items_pruned_at !== null) return { total: 0, items: [], facets: { departments: [], areas: [] } };
    const offset = clampInt(filter.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = clampInt(filter.limit, 200, 1, 5000);
    return listPlanItems(this.db, planId, r.applied_through_id, filter, offset, limit);
  }

  // ---- decisions

  /** Excludes (or includes back) items by external id; only while the plan awaits approval. */
  setExcluded(planId: number, externalIds: string[], excluded: boolean, by: string): StoredPlan {
    const who = parse(person('by'), by, 'cannot change exclusions');
    if (!Array.isArray(externalIds) || externalIds.length === 0) throw new GatewayError('invalid_arguments', 'cannot change exclusions: name at least one external id');
    this.expireStale();
    this.db
      .transaction(() => {
        const r = this.row(planId);
        if (r.status !== 'awaiting_approval') throw statusRefusal(r, 'change exclusions of');
        this.exclude(r, externalIds, excluded, who);
      })
      .immediate();
    this.emitChanged(planId);
    return toSummary(this.row(planId));
  }

  /** Inside a transaction: flags items, recounts the guard, audits. */
  private exclude(r: PlanRow, externalIds: readonly string[], excluded: boolean, by: string): void {
    const { unknown, changed } = setItemsExcluded(this.db, r.id, externalIds, excluded);
    if (unknown.length) {
      const shown = unknown.slice(0, 10).map((x) => `"${x}"`).join(', ');
      throw new GatewayError(
        'unknown_items',
        `plan ${r.id} has no item with external id ${shown}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}; nothing was ${excluded ? 'excluded' : 'included'}`,
        'permanent',
        { planId: r.id, unknown },
      );
    }
    const c = recountExclusions(this.db, r.id);
    const m = assessMassDeactivation({ deactivations: c.deactivations, activeEmployees: r.mass_active_employees, thresholdPct: r.mass_threshold_pct, emptyResponse: r.mass_empty_response === 1 });
    updateExclusionCounts(this.db, r.id, c, m.flagged, this.now());
    appendAudit(
      this.db,
      { actor: by, action: excluded ? 'sync.plan.items_excluded' : 'sync.plan.items_included', entityType: 'sync_plan', entityId: String(r.id), details: { externalIds, changed, excludedCount: c.excluded } },
      this.clock,
    );
  }

  approve(planId: number, args: { by: string; comment?: string; confirmMassDeactivation?: boolean; exclude?: string[] }): StoredPlan {
    const a = parse(approveSchema, args, `cannot approve plan ${planId}`);
    this.expireStale();
    this.db
      .transaction(() => {
        let r = this.row(planId);
        if (r.status !== 'awaiting_approval') throw statusRefusal(r, 'approve');
        if (directoryFingerprint(this.db) !== r.fingerprint) throw stalePlan(planId);
        if (a.exclude && a.exclude.length) {
          this.exclude(r, a.exclude, true, a.by);
          r = this.row(planId);
        }
        const m = toSummary(r).massDeactivation;
        if (m.flagged && !a.confirmMassDeactivation) {
          throw new GatewayError('mass_deactivation_unconfirmed', massDeactivationMessage(planId, m), 'permanent', { planId, ...m });
        }
        const comment = a.comment && a.comment !== '' ? a.comment : null;
        if (!markApproved(this.db, planId, a.by, comment, m.flagged && a.confirmMassDeactivation === true, this.now())) throw statusRefusal(this.row(planId), 'approve');
        appendAudit(
          this.db,
          {
            actor: a.by,
            action: 'sync.plan.approved',
            entityType: 'sync_plan',
            entityId: String(planId),
            details: { comment, confirmMassDeactivation: a.confirmMassDeactivation ?? false, massDeactivation: m, excluded: a.exclude ?? [], excludedCount: r.excluded_count },
          },
          this.clock,
        );
      })
      .immediate();
    this.emitChanged(planId);
    return toSummary(this.row(planId));
  }

  /** Rejects a plan awaiting approval, or an approved one not yet applied. */
  reject(planId: number, args: { by: string; reason: string }): StoredPlan {
    const a = parse(rejectSchema, args, `cannot reject plan ${planId}`);
    this.expireStale();
    this.db
      .transaction(() => {
        const r = this.row(planId);
        if (!markRejected(this.db, planId, a.by, a.reason, this.now())) throw statusRefusal(r, 'reject');
        appendAudit(this.db, { actor: a.by, action: 'sync.plan.rejected', entityType: 'sync_plan', entityId: String(planId), details: { reason: a.reason, previousStatus: r.status } }, this.clock);
      })
      .immediate();
    this.emitChanged(planId);
    return toSummary(this.row(planId));
  }

  // ---- apply

  /**
   * Throws the refusal `apply` would give (status, expiry, stale fingerprint),
   * audited the same way, without applying anything: hosts that queue the apply
   * answer the operator at once with the precise reason.
   */
  assertApplicable(planId: number, by?: string): void {
    this.expireStale();
    const r = this.row(planId);
    if (r.status === 'applied') return;
    let refusal: GatewayError | null = null;
    if (!['approved', 'applying', 'failed'].includes(r.status)) refusal = statusRefusal(r, 'apply');
    else if (r.status === 'approved' && directoryFingerprint(this.db) !== r.expected_fingerprint) refusal = stalePlan(planId);
    if (refusal) {
      const actor = by?.trim() || r.approved_by || 'system';
      appendAudit(this.db, { actor, action: 'sync.apply.refused', entityType: 'sync_plan', entityId: String(planId), details: { code: refusal.code, message: refusal.message } }, this.clock);
      throw refusal;
    }
  }

  /**
   * Applies an approved plan in batches, yielding to the event loop between
   * them: progress reaches the console as it happens and the thread that
   * serves the console is never held for a whole 100 000-item apply.
   */
  async apply(planId: number, args: { by?: string; onProgress?: (p: ApplyProgress) => void } = {}): Promise<ApplyResult> {
    if (this.applyingNow.has(planId)) {
      throw new GatewayError('plan_applying', `plan ${planId} is being applied right now; follow its progress on the plan's page`, 'retryable');
    }
    this.applyingNow.add(planId);
    try {
      return await this.applyUnguarded(planId, args);
    } finally {
      this.applyingNow.delete(planId);
    }
  }

  private async applyUnguarded(planId: number, args: { by?: string; onProgress?: (p: ApplyProgress) => void }): Promise<ApplyResult> {
    this.expireStale();
    const first = this.row(planId);
    if (first.status === 'applied') return this.result(first, true, `plan ${planId} was already applied at ${first.applied_at}; nothing to do`);
    const actor = args.by?.trim() || first.approved_by || 'system';

    // Start (approved → applying) or resume (applying / failed), in one guarded transaction.
    let resumed = false;
    try {
      this.db
        .transaction(() => {
          const r = this.row(planId);
          if (!['approved', 'applying', 'failed'].includes(r.status)) throw statusRefusal(r, 'apply');
          resumed = r.status !== 'approved';
          if (directoryFingerprint(this.db) !== r.expected_fingerprint) throw stalePlan(planId);
          if (!markApplying(this.db, planId, this.now())) throw statusRefusal(this.row(planId), 'apply');
          appendAudit(
            this.db,
            {
              actor,
              action: resumed ? 'sync.apply.resumed' : 'sync.apply.started',
              entityType: 'sync_plan',
              entityId: String(planId),
              details: { items: r.applicable_items, alreadyApplied: r.applied_items, fingerprint: r.expected_fingerprint },
            },
            this.clock,
          );
        })
        .immediate();
    } catch (e) {
      if (isGatewayError(e) && e.code !== 'plan_not_found') {
        appendAudit(this.db, { actor, action: 'sync.apply.refused', entityType: 'sync_plan', entityId: String(planId), details: { code: e.code, message: e.message } }, this.clock);
      }
      throw asStoreError(e, this.db.name);
    }
    this.emitChanged(planId);

    // Where the apply is, for a full disk's message: batches written by this run, items written in all.
    const at = { batches: 0, done: first.applied_items, total: first.applicable_items, finishing: false };
    try {
      await withBulkWritesAsync(this.db, async () => {
        for (;;) {
          const b = applyNextBatch(this.db, planId, { batchSize: this.settings.applyBatchSize, actor, clock: this.clock });
          if (b.applied === 0) break;
          Object.assign(at, { batches: at.batches + 1, done: b.appliedTotal, total: b.total });
          const p: ApplyProgress = { planId, done: b.appliedTotal, total: b.total };
          this.events?.emit('plan.applyProgress', p);
          args.onProgress?.(p);
          // Each batch is its own transaction; between them, let the event loop run.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      });
      at.finishing = true;
      this.db
        .transaction(() => {
          if (markApplied(this.db, planId, this.now())) {
            const r = this.row(planId);
            appendAudit(
              this.db,
              {
                actor,
                action: 'sync.apply.completed',
                entityType: 'sync_plan',
                entityId: String(planId),
                details: { created: r.applied_create, updated: r.applied_update, deactivated: r.applied_deactivate, skippedExcluded: r.excluded_count, fingerprint: directoryFingerprint(this.db) },
              },
              this.clock,
            );
          }
        })
        .immediate();
    } catch (e) {
      const err = isDiskFull(e, this.db.name) ? applyDiskFull(this.db.name, planId, at) : e;
      this.recordFailure(planId, actor, err);
      throw err;
    }
    this.emitChanged(planId);
    const done = this.row(planId);
    if (done.status !== 'applied') {
      // Another process changed the plan between batches (e.g. marked it failed after losing its lease): say so, not "applied".
      throw new GatewayError(
        'plan_apply_interrupted',
        `plan ${planId} is ${done.status} after ${done.applied_items} of ${done.applicable_items} items${done.apply_error ? ` (${done.apply_error})` : ''}; apply it again to resume`,
        'retryable',
      );
    }
    return this.result(
      done,
      false,
      `plan ${planId} applied${resumed ? ' (resumed)' : ''}: ${done.applied_create} created, ${done.applied_update} updated, ${done.applied_deactivate} deactivated${done.excluded_count ? `, ${done.excluded_count} excluded items skipped` : ''}`,
    );
  }

  private recordFailure(planId: number, actor: string, e: unknown): void {
    try {
      this.db
        .transaction(() => {
          if (markFailed(this.db, planId, errorMessage(e), this.now())) {
            appendAudit(
              this.db,
              { actor, action: 'sync.apply.failed', entityType: 'sync_plan', entityId: String(planId), details: { message: errorMessage(e), code: isGatewayError(e) ? e.code : null } },
              this.clock,
            );
          }
        })
        .immediate();
      this.emitChanged(planId);
    } catch (inner) {
      // The plan stays 'applying' and resumes on the next apply; the original error is what matters.
      console.error(`plan ${planId}: could not record the apply failure: ${errorMessage(asStoreError(inner, this.db.name))}`);
    }
  }

  private result(r: PlanRow, alreadyApplied: boolean, message: string): ApplyResult {
    return { planId: r.id, alreadyApplied, created: r.applied_create, updated: r.applied_update, deactivated: r.applied_deactivate, skippedExcluded: r.excluded_count, message };
  }

  // ---- expiry

  /** Expires plans past their time that nobody applied; returns how many. Cheap when there are none. */
  expireStale(): number {
    const now = this.now();
    const due = this.db.prepare("SELECT 1 FROM sync_plans WHERE status IN ('awaiting_approval', 'approved') AND expires_at <= ? LIMIT 1").pluck().get(now);
    if (due === undefined) return 0;
    const ids = this.db
      .transaction(() => {
        const expired = expirePlans(this.db, now);
        for (const id of expired) {
          appendAudit(this.db, { actor: 'system', action: 'sync.plan.expired', entityType: 'sync_plan', entityId: String(id), details: { at: now } }, this.clock);
        }
        return expired;
      })
      .immediate();
    for (const id of ids) this.events?.emit('plan.changed', { planId: id, status: 'expired' });
    return ids.length;
  }
}
