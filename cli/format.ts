/** Human renderings of plans and employees for the terminal. */
import type { PlanItem, PlanSummary } from '../core/contract/index.ts';
import { table } from './context.ts';

export function fmtValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '∅';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function planHeadline(p: PlanSummary): string {
  const c = p.counts;
  return `plan ${p.id} [${p.status}] ${p.periodFrom}..${p.periodTo}: +${c.create} create, ~${c.update} update, -${c.deactivate} deactivate, ${c.invalid} invalid, ${c.unchanged} unchanged`;
}

export function planDetails(p: PlanSummary): string {
  const lines = [planHeadline(p), `created ${p.createdAt} by ${p.createdBy}; expires ${p.expiresAt}`];
  if (p.excludedCount) lines.push(`excluded items: ${p.excludedCount}`);
  const m = p.massDeactivation;
  if (m.flagged) {
    lines.push(
      m.emptyResponse
        ? `WARNING: 1C sent no employees at all; approving this plan deactivates all ${m.activeEmployees} active employees. Approval needs --confirm-mass-deactivation.`
        : `WARNING: mass deactivation: ${m.deactivations} of ${m.activeEmployees} active employees (threshold ${m.thresholdPct} %). Approval needs --confirm-mass-deactivation.`,
    );
  }
  if (p.approvedBy) lines.push(`approved ${p.approvedAt} by ${p.approvedBy}${p.approvalComment ? `: ${p.approvalComment}` : ''}`);
  if (p.rejectedBy) lines.push(`rejected ${p.rejectedAt} by ${p.rejectedBy}: ${p.rejectionReason}`);
  if (p.appliedAt) lines.push(`applied ${p.appliedAt}`);
  if (p.applyError) lines.push(`apply error: ${p.applyError}`);
  if (p.itemsPrunedAt) lines.push(prunedNotice(p.itemsPrunedAt));
  return lines.join('\n');
}

/** Why a plan shows no items: the retention policy removed them (core/maintenance). */
export function prunedNotice(at: string): string {
  return `Items of this plan were removed on ${at} by the retention policy (retention.planDays); its summary and the audit log remain.`;
}

export function planList(plans: PlanSummary[]): string {
  if (plans.length === 0) return 'no plans yet: create one with "gatewayctl sync plan --from YYYY-MM-DD --to YYYY-MM-DD"';
  return table(
    ['id', 'status', 'period', 'create', 'update', 'deactivate', 'invalid', 'created', 'by', 'approved by'],
    plans.map((p) => [p.id, p.status, `${p.periodFrom}..${p.periodTo}`, p.counts.create, p.counts.update, p.counts.deactivate, p.counts.invalid, p.createdAt, p.createdBy, p.approvedBy ?? '']),
  );
}

export function itemLines(items: PlanItem[]): string {
  if (items.length === 0) return 'no items match (try --all, another --action or --search)';
  return items
    .map((it) => {
      const head = `${it.excluded ? '[excluded] ' : ''}${it.action.padEnd(10)} ${it.entity.padEnd(10)} ${it.externalId}  ${it.label}`;
      const detail =
        it.action === 'invalid'
          ? it.reasons.map((r) => `    ! ${r}`)
          : it.changes.map((c) => `    ${c.field}: ${fmtValue(c.before)} → ${fmtValue(c.after)}`);
      return [head, ...(it.action === 'create' ? [] : detail)].join('\n');
    })
    .join('\n');
}
