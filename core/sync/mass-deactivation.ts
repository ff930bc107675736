/**
 * The mass-deactivation guard: a plan that would deactivate more than a share
 * of active staff, or that comes from an empty AR_agents, needs an explicit
 * confirmation to be approved (1C answering "nobody works here" is far more
 * often a misconfigured exchange than a real event).
 */
import type { MassDeactivation } from '../contract/index.ts';

export function assessMassDeactivation(args: {
  deactivations: number;
  activeEmployees: number;
  thresholdPct: number;
  emptyResponse: boolean;
}): MassDeactivation {
  const { deactivations, activeEmployees, thresholdPct, emptyResponse } = args;
  const overThreshold = activeEmployees > 0 && (deactivations * 100) / activeEmployees > thresholdPct;
  return { flagged: emptyResponse || overThreshold, deactivations, activeEmployees, thresholdPct, emptyResponse };
}

/** Why approval needs a confirmation, for the operator. */
export function massDeactivationMessage(planId: number, m: MassDeactivation): string {
  const how = 'approve with confirmMassDeactivation (CLI: --confirm-mass-deactivation) if this is intended, or reject the plan';
  if (m.emptyResponse) {
    return `plan ${planId}: 1C returned no agents at all, so this plan would deactivate all ${m.activeEmployees} active employees; check the 1C exchange settings, then ${how}`;
  }
  const pct = m.activeEmployees ? ((m.deactivations * 100) / m.activeEmployees).toFixed(1) : '0';
  return `plan ${planId} would deactivate ${m.deactivations} of ${m.activeEmployees} active employees (${pct} %, above the ${m.thresholdPct} % limit); ${how}`;
}
