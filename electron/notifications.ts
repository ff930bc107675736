/**
 * Which OS notification to show, decided from the contract's events and the
 * states the desktop reads periodically (desktop-watch.ts):
 *
 * - planAwaiting: a sync plan entered awaiting_approval → once per plan → #/plans/<id>
 * - operationFailed: operations newly failed for good → one notification, replaced
 *   (never one per operation), at most once a minute, counting those that failed in
 *   the last hour → #/queue?status=failed
 * - linkDown: 1C:ZUP, MCE/Oktell (or the attached gateway) down for a minute → once per
 *   outage → #/health (the gateway: #/settings, where the link is shown)
 * - auditBroken: audit.verify finds the chain broken → once per distinct problem → #/audit
 *
 * A kind switched off is still tracked (turning it back on does not replay old news).
 * Time comes in as arguments: every rule is a plain function of its inputs.
 */
import type { AuditVerifyResult, DesktopLink, HealthCheck, HealthSummary, NotificationKind, NotificationSwitches, PlanSummary, QueueOperationRow } from '../core/contract/index.ts';
import { cleanLine } from '../core/text/clean.ts';
import { clockTime, text, type Lang, type LinkName } from './text.ts';

export interface DesktopNotification {
  kind: NotificationKind;
  /** Same key: the new one replaces the one shown before. */
  key: string;
  title: string;
  body: string;
  /** The console screen a click opens. */
  target: string;
}

export interface NotificationCenterOptions {
  switches(): NotificationSwitches;
  lang(): Lang;
  show(n: DesktopNotification): void;
  /** How long a link must stay down before it is worth a notification. */
  linkDownAfterMs?: number;
  /** At most one failure notification this often; failures meanwhile are counted into the next. */
  failureEveryMs?: number;
  /** Zone for "since 14:02" (the computer's by default). */
  zone?: string;
}

const HOUR = 3_600_000;
const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** Text from the gateway (an attached one may be anyone's): one line, no control or bidi characters, on the OS's own surface. */
const peer = (s: string) => cleanLine(s).trim();

/**
 * A link the operator should hear about: down, not merely unconfigured. 1C:ZUP is down
 * when its circuit breaker is open; MCE when it has no connection at all (polling is
 * degraded, not down); "not configured" is a setup state, not an outage.
 */
export function linkIsDown(check: HealthCheck): boolean {
  if (check.status !== 'unhealthy') return false;
  const details = (check.details ?? {}) as { mode?: unknown; breaker?: { state?: unknown } | null };
  if (check.name === 'onec') return details.breaker?.state === 'open';
  if (check.name === 'mce') return details.mode === 'offline';
  return false;
}

/** Broken, not merely unverifiable here: an altered, removed or inserted row, or the sealed head contradicting the log. */
export function auditIsBroken(v: Pick<AuditVerifyResult, 'firstBadId' | 'head'>): boolean {
  return v.firstBadId !== undefined || ['truncated', 'diverged', 'tampered'].includes(v.head.state);
}

interface LinkWatch {
  downSince: number | null;
  reason: string | null;
  notified: boolean;
}

export class NotificationCenter {
  private readonly opts: NotificationCenterOptions;
  private readonly linkDownAfterMs: number;
  private readonly failureEveryMs: number;
  private readonly plansSeen = new Set<number>();
  /** Failed operations known, with when they failed; null until the first read sets the baseline. */
  private failed: Map<string, number> | null = null;
  private failuresHeld: { latest: QueueOperationRow } | null = null;
  private lastFailureShownAt = -Infinity;
  private readonly links = new Map<LinkName, LinkWatch>();
  private auditProblem: string | null = null;

  constructor(opts: NotificationCenterOptions) {
    this.opts = opts;
    this.linkDownAfterMs = opts.linkDownAfterMs ?? 60_000;
    this.failureEveryMs = opts.failureEveryMs ?? 60_000;
  }

  private get t() {
    return text[this.opts.lang()];
  }

  private emit(n: DesktopNotification): void {
    if (this.opts.switches()[n.kind]) this.opts.show(n);
  }

  /** plan.changed, with the plan when it could be read (for its period and counts). */
  planChanged(p: { planId: number; status: string }, plan: PlanSummary | null): void {
    if (p.status !== 'awaiting_approval' || this.plansSeen.has(p.planId)) return;
    this.plansSeen.add(p.planId);
    const t = this.t.plan;
    const body = plan
      ? [`${t.period(peer(plan.periodFrom), peer(plan.periodTo))}: ${t.counts(plan.counts.create, plan.counts.update, plan.counts.deactivate)}.`, plan.massDeactivation.flagged ? t.mass : null].filter(Boolean).join(' ')
      : '';
    this.emit({ kind: 'planAwaiting', key: `plan-${p.planId}`, title: t.title(p.planId), body, target: `#/plans/${p.planId}` });
  }

  /** Plans already waiting when the app starts: counted in the tray, not announced again. */
  plansAlreadyWaiting(ids: readonly number[]): void {
    for (const id of ids) this.plansSeen.add(id);
  }

  /**
   * Every failed operation the gateway holds now (queue.list status failed). The first
   * read is the baseline; later reads find the new ones.
   */
  failedOperations(rows: readonly QueueOperationRow[], now: number): void {
    const at = (r: QueueOperationRow) => Date.parse(r.completedAt ?? r.updatedAt) || now;
    if (this.failed === null) {
      this.failed = new Map(rows.map((r) => [r.id, at(r)]));
      return;
    }
    const fresh = rows.filter((r) => !this.failed!.has(r.id));
    // Forget what left the failed list (retried, cancelled, pruned): a new failure of it counts again.
    const current = new Set(rows.map((r) => r.id));
    for (const id of [...this.failed.keys()]) if (!current.has(id)) this.failed.delete(id);
    for (const r of fresh) this.failed.set(r.id, at(r));
    if (fresh.length === 0) return;
    const latest = fresh.reduce((a, b) => (at(b) >= at(a) ? b : a));
    this.failuresHeld = { latest };
    this.flushFailures(now);
  }

  private flushFailures(now: number): void {
    if (!this.failuresHeld || now - this.lastFailureShownAt < this.failureEveryMs) return;
    const { latest } = this.failuresHeld;
    this.failuresHeld = null;
    this.lastFailureShownAt = now;
    const inLastHour = [...(this.failed?.values() ?? [])].filter((t) => now - t < HOUR).length;
    const t = this.t.failed;
    const what = clip(`${peer(latest.type)}: ${latest.errorMessage ? peer(latest.errorMessage) : '—'}`);
    this.emit(
      inLastHour <= 1
        ? { kind: 'operationFailed', key: 'operations-failed', title: t.titleOne, body: what, target: '#/queue?status=failed' }
        : { kind: 'operationFailed', key: 'operations-failed', title: t.titleMany(inLastHour), body: `${t.latest}: ${what}`, target: '#/queue?status=failed' },
    );
  }

  /** health.summary: each external link's state. */
  health(summary: HealthSummary, now: number): void {
    for (const name of ['onec', 'mce'] as const) {
      const check = summary.checks.find((c) => c.name === name);
      this.link(name, check && linkIsDown(check) ? peer(check.reason ?? '') : null, now);
    }
  }

  /** The attached gateway's link (desktop.link). */
  gatewayLink(link: DesktopLink, now: number): void {
    if (link.state === 'local') return;
    const down = link.state === 'reconnecting' || link.state === 'refused';
    this.link('gateway', down ? peer(link.reason ?? '') : null, now);
  }

  private link(name: LinkName, downReason: string | null, now: number): void {
    const w = this.links.get(name) ?? { downSince: null, reason: null, notified: false };
    this.links.set(name, w);
    if (downReason === null) {
      // Back up: the next outage is news again.
      w.downSince = null;
      w.reason = null;
      w.notified = false;
      return;
    }
    w.downSince ??= now;
    w.reason = downReason;
    this.checkLink(name, w, now);
  }

  private checkLink(name: LinkName, w: LinkWatch, now: number): void {
    if (w.notified || w.downSince === null || now - w.downSince < this.linkDownAfterMs) return;
    w.notified = true;
    const t = this.t.link;
    const since = t.since(clockTime(w.downSince, this.opts.lang(), this.opts.zone));
    this.emit({
      kind: 'linkDown',
      key: `link-${name}`,
      title: t.title(name),
      body: clip(w.reason ? `${since}: ${w.reason}` : `${since}.`),
      target: name === 'gateway' ? '#/settings' : '#/health',
    });
  }

  /** audit.verify's verdict. */
  audit(v: Pick<AuditVerifyResult, 'firstBadId' | 'head' | 'problem' | 'message'>): void {
    if (!auditIsBroken(v)) {
      this.auditProblem = null;
      return;
    }
    const problem = v.firstBadId !== undefined ? `row:${v.firstBadId}` : `head:${v.head.state}:${v.head.lastId ?? ''}`;
    if (problem === this.auditProblem) return;
    this.auditProblem = problem;
    const t = this.t.audit;
    const what = v.firstBadId !== undefined ? t.row(v.firstBadId) : t[v.head.state as 'truncated' | 'diverged' | 'tampered'];
    this.emit({ kind: 'auditBroken', key: 'audit-broken', title: t.title, body: `${what} ${t.open}`, target: '#/audit' });
  }

  /** Time passing: held failures go out, links down long enough are announced. */
  tick(now: number): void {
    this.flushFailures(now);
    for (const [name, w] of this.links) this.checkLink(name, w, now);
  }
}
