/** How long finished work is kept: the `retention.*` configuration keys, validated at this edge too. */
import { z } from 'zod';
import { GatewayError } from '../errors.ts';
import type { ConfigStore } from '../config/store.ts';
import { describeIssues } from '../validation.ts';

export interface RetentionSettings {
  /** Days after its last change that a final plan keeps its items. */
  planDays: number;
  /** Days after its last change that a completed, cancelled or failed operation is kept. */
  operationDays: number;
  /** Days the history of agent state changes (MCE) is kept. */
  agentStateDays: number;
  /** Days the per-minute history of calls to external systems is kept (health.callHistoryDays). */
  callHistoryDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { planDays: 90, operationDays: 30, agentStateDays: 30, callHistoryDays: 7 };

const days = z.number().int().min(1).max(3650);
const schema = z.object({ planDays: days, operationDays: days, agentStateDays: days, callHistoryDays: days });

export function parseRetentionSettings(value: unknown): RetentionSettings {
  const r = schema.safeParse(value);
  if (!r.success) throw new GatewayError('invalid_retention_settings', `invalid retention settings: ${describeIssues(r.error).join('; ')}`, 'permanent');
  return r.data;
}

/** The settings in force now (read on every use: a change by the console or gatewayctl applies to the next prune). */
export function retentionSettingsFrom(config: ConfigStore): RetentionSettings {
  const c = config.all();
  return { planDays: c['retention.planDays'], operationDays: c['retention.operationDays'], agentStateDays: c['retention.agentStateDays'], callHistoryDays: c['health.callHistoryDays'] };
}
