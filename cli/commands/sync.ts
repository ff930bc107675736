import type { Command } from 'commander';
import { emit, progress, progressDone, usageError } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { itemLines, planDetails, planHeadline, planList } from '../format.ts';
import type { ApplyResult, ItemAction, PlanStatus } from '../../core/contract/index.ts';
import { GatewayError, isGatewayError } from '../../core/errors.ts';
import type { OperationDataOf, OperationType } from '../../core/queue/operation-types.ts';
import type { RunOptions } from '../../core/queue/engine.ts';
import type { Gateway } from '../../core/service.ts';

const ACTIONS: ItemAction[] = ['create', 'update', 'deactivate', 'unchanged', 'invalid'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return DATE.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

function planId(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`plan id must be a positive whole number, got "${s}"`);
  return n;
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/**
 * Runs the command's operation through the queue, saying aloud when it waits
 * for another process's lease, and pointing at --now when the answer is an
 * earlier attempt's error with its retry still to come.
 */
async function runQueued<T extends OperationType>(gw: Gateway, type: T, data: OperationDataOf<T>, opts: Omit<RunOptions, 'onWait'>) {
  try {
    return await gw.queue.run(type, data, { ...opts, onWait: (m) => process.stderr.write(`${m}\n`) });
  } catch (e) {
    if (isGatewayError(e) && e.code === 'operation_retry_pending') {
      throw new GatewayError(e.code, `${e.message}, with "gatewayctl queue retry ${String(e.details?.operationId)}", or by running this command again with --now`, e.kind, e.details);
    }
    throw e;
  }
}

export function registerSync(program: Command): void {
  const sync = program.command('sync').description('personnel sync from 1C:ZUP as reviewable plans');

  sync
    .command('plan')
    .description('fetch personnel from 1C and store a plan awaiting approval (nothing changes yet)')
    .requiredOption('--from <date>', 'period start, YYYY-MM-DD (scopes vacation balances)')
    .requiredOption('--to <date>', 'period end, YYYY-MM-DD')
    .option('--by <name>', 'who creates the plan (audit)')
    .option('--now', 'when an earlier attempt for this period failed and waits for its retry, retry it at once')
    .action(async (o: { from: string; to: string; by?: string; now?: boolean }, cmd: Command) => {
      if (!isDate(o.from) || !isDate(o.to)) throw usageError(`dates must be YYYY-MM-DD, got --from ${o.from} --to ${o.to}`);
      if (o.from > o.to) throw usageError(`--from ${o.from} is after --to ${o.to}`);
      await withGateway(cmd, async (gw) => {
        progress(cmd, `fetching personnel from 1C for ${o.from}..${o.to}…`);
        // Through the durable queue, like the console and the scheduler: retried, recorded, visible.
        const op = await runQueued(gw, 'personnel_sync', { from: o.from, to: o.to }, { by: o.by ?? gw.actor, idempotencyKey: `personnel_sync:${o.from}:${o.to}`, now: o.now });
        const plan = gw.sync.getPlan((op.result as { planId: number }).planId);
        progressDone(cmd);
        emit(cmd, plan, planDetails);
      });
    });

  sync
    .command('list')
    .description('list plans, awaiting approval first')
    .option('--status <status>', 'only plans in this status')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (o: { status?: string; limit: string }, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        const r = gw.sync.listPlans({ status: o.status as PlanStatus | undefined, limit: Number(o.limit) });
        emit(cmd, r, (x) => planList(x.plans));
      });
    });

  sync
    .command('show')
    .description('show a plan and its items with field-level changes')
    .argument('<id>')
    .option('--action <action>', `only items of this action (${ACTIONS.join(', ')}); repeatable`, collect)
    .option('--search <text>', 'match name, tab number or id')
    .option('--all', 'include unchanged items')
    .option('--limit <n>', 'at most this many items', '200')
    .action(async (id: string, o: { action?: string[]; search?: string; all?: boolean; limit: string }, cmd: Command) => {
      const bad = (o.action ?? []).filter((a) => !(ACTIONS as string[]).includes(a));
      if (bad.length) throw usageError(`unknown action ${bad.join(', ')}; expected ${ACTIONS.join(', ')}`);
      await withGateway(cmd, async (gw) => {
        const plan = gw.sync.getPlan(planId(id));
        const action = (o.action?.length ? o.action : o.all ? ACTIONS : ACTIONS.filter((a) => a !== 'unchanged')) as ItemAction[];
        const items = gw.sync.listItems(plan.id, { action, search: o.search, limit: Number(o.limit) });
        emit(cmd, { plan, items: items.items, total: items.total }, (r) =>
          // A pruned plan's details already say why it has no items; "no items match" would send the operator looking.
          r.plan.itemsPrunedAt
            ? planDetails(r.plan)
            : [planDetails(r.plan), '', itemLines(r.items), r.total > r.items.length ? `… ${r.total - r.items.length} more (use --limit or --action)` : ''].join('\n'),
        );
      });
    });

  sync
    .command('approve')
    .description('approve a plan so that it can be applied')
    .argument('<id>')
    .requiredOption('--by <name>', 'approver name (audit)')
    .option('--comment <text>', 'optional comment')
    .option('--confirm-mass-deactivation', 'required when the plan deactivates more than the threshold')
    .option('--exclude <externalId>', 'leave this item out; repeatable', collect)
    .action(async (id: string, o: { by: string; comment?: string; confirmMassDeactivation?: boolean; exclude?: string[] }, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        const plan = gw.sync.approve(planId(id), { by: o.by, comment: o.comment, confirmMassDeactivation: Boolean(o.confirmMassDeactivation), exclude: o.exclude });
        emit(cmd, plan, planDetails);
      });
    });

  sync
    .command('reject')
    .description('reject a plan; it can no longer be applied')
    .argument('<id>')
    .requiredOption('--by <name>', 'who rejects (audit)')
    .requiredOption('--reason <text>', 'why')
    .action(async (id: string, o: { by: string; reason: string }, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        emit(cmd, gw.sync.reject(planId(id), { by: o.by, reason: o.reason }), planDetails);
      });
    });

  sync
    .command('exclude')
    .description('exclude (or with --include, include again) items of a plan awaiting approval')
    .argument('<id>')
    .argument('<externalIds...>')
    .requiredOption('--by <name>', 'who (audit)')
    .option('--include', 'include the items again instead')
    .action(async (id: string, ids: string[], o: { by: string; include?: boolean }, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        emit(cmd, gw.sync.setExcluded(planId(id), ids, !o.include, o.by), planHeadline);
      });
    });

  sync
    .command('apply')
    .description('apply an approved plan to the directory (refused if stale or expired)')
    .argument('<id>')
    .option('--by <name>', 'who applies (audit)')
    .option('--now', 'when an earlier attempt of this apply failed and waits for its retry, retry it at once')
    .action(async (id: string, o: { by?: string; now?: boolean }, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        const plan = planId(id);
        const off = gw.events.on('plan.applyProgress', (p) => progress(cmd, `applying plan ${p.planId}: ${p.done}/${p.total}`));
        try {
          gw.sync.assertApplicable(plan, o.by ?? gw.actor);
          const op = await runQueued(gw, 'plan_apply', { planId: plan }, { by: o.by ?? gw.actor, priority: 1, idempotencyKey: `plan_apply:${plan}`, now: o.now });
          progressDone(cmd);
          emit(cmd, op.result as ApplyResult, (x) => x.message);
        } finally {
          off();
        }
      });
    });
}
