import type { Command } from 'commander';
import { emit, progress, progressDone } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { pruneOld, type PruneResult } from '../../core/maintenance/retention.ts';
import { retentionSettingsFrom } from '../../core/maintenance/settings.ts';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function pruneReport(r: PruneResult): string {
  const plans =
    r.plansPruned > 0
      ? `plans: items of ${plural(r.plansPruned, 'plan', 'plans')} removed (${r.planIds.join(', ')}), ${plural(r.itemsDeleted, 'item', 'items')} deleted`
      : `plans: no plan past retention${r.itemsDeleted > 0 ? `; ${plural(r.itemsDeleted, 'item', 'items')} left by an earlier stopped prune deleted` : ''}`;
  const lines = [
    `${plans} (retention.planDays = ${r.settings.planDays} days: final plans last changed before ${r.before.plans})`,
    `queue: ${plural(r.operationsDeleted, 'ended operation', 'ended operations')} deleted with ${plural(r.attemptsDeleted, 'attempt', 'attempts')} (retention.operationDays = ${r.settings.operationDays} days: last changed before ${r.before.operations})`,
    `agents: ${plural(r.agentStatesDeleted, 'state change', 'state changes')} of the history deleted (retention.agentStateDays = ${r.settings.agentStateDays} days: recorded before ${r.before.agentStates})`,
    `calls: ${plural(r.callMinutesDeleted, 'minute', 'minutes')} of the call history deleted (health.callHistoryDays = ${r.settings.callHistoryDays} days: before ${r.before.callHistory})`,
    "kept: every plan's summary and decisions, agents' current states, and the whole audit log",
  ];
  if (r.aborted) lines.push('stopped before the end: the next prune finishes the rest');
  return lines.join('\n');
}

export function registerMaintenance(program: Command): void {
  const maintenance = program.command('maintenance').description('keep the data store from growing without bound');

  maintenance
    .command('prune')
    .description('apply the retention policy now (retention.planDays, retention.operationDays, retention.agentStateDays, health.callHistoryDays): remove the items of old final plans, old ended queue operations, old agent state history and old call history; the desktop and headless hosts also do this daily')
    .action(async (_o: object, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        const settings = retentionSettingsFrom(gw.config);
        progress(cmd, `pruning plans older than ${settings.planDays} days, queue operations older than ${settings.operationDays} days, agent history older than ${settings.agentStateDays} days and call history older than ${settings.callHistoryDays} days…`);
        const r = await pruneOld(gw.db, gw.clock, settings, { actor: gw.actor });
        progressDone(cmd);
        emit(cmd, r, pruneReport);
      });
    });
}
