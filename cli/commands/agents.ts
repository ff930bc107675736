/**
 * gatewayctl agents: live agent status as the process running the MCE
 * listener last wrote it to the database (at most about a second behind), the
 * changes as they happen, and the identity links between MCE logins and
 * directory employees.
 */
import type { Command } from 'commander';
import type { AgentView, IdentityKind, IdentityReport } from '../../core/contract/index.ts';
import { identityKinds } from '../../core/contract/index.ts';
import { fold } from '../../core/db/fold.ts';
import { historyAfter, lastHistoryId, readAgents } from '../../core/mce/agent-store.ts';
import type { LiveAgent } from '../../core/mce/live-state.ts';
import type { Gateway } from '../../core/service.ts';
import { emit, globals, table, usageError } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { ageText, modeLine } from './mce.ts';

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** What scripts get per agent: the view, plus the linked employee's external id at the top level. */
function agentJson(a: AgentView) {
  return { ...a, externalId: a.employee?.externalId ?? null };
}

export function filterAgents(agents: AgentView[], o: { state?: string[]; site?: string; search?: string }): AgentView[] {
  const states = o.state?.length ? new Set(o.state.map((s) => s.toLowerCase())) : null;
  const site = o.site ? fold(o.site) : null;
  const needle = o.search?.trim() ? fold(o.search.trim()) : null;
  return agents.filter((a) => {
    if (states && !states.has(a.state.toLowerCase())) return false;
    if (site && fold(a.site ?? '') !== site) return false;
    if (needle) {
      const hay = fold([a.name, a.login, a.agentId, a.employee?.tabN ?? '', a.employee?.externalId ?? '', a.employee?.name ?? ''].join('\u0001'));
      if (!hay.includes(needle)) return false;
    }
    return true;
  });
}

const KIND_TITLES: Record<IdentityKind, string> = {
  agent_without_employee: 'MCE agents linked to no employee',
  employee_without_agent: 'active employees whose login MCE does not know',
  duplicate_login: 'logins shared by several employees',
  deactivated_in_mce: 'deactivated employees still in MCE',
};

const FIX: Record<IdentityKind, string> = {
  agent_without_employee: 'fix: gatewayctl agents link LOGIN EXTERNAL_ID, or --not-employee for a service account',
  employee_without_agent: "fix: link the MCE login this person uses: gatewayctl agents link MCE_LOGIN EXTERNAL_ID, or correct the Login in 1C",
  duplicate_login: 'fix: gatewayctl agents link LOGIN EXTERNAL_ID of the right employee, or correct the Login in 1C',
  deactivated_in_mce: 'fix: remove the account in MCE, or link the login to the person now using it',
};

function identityText(r: IdentityReport): string {
  const lines = [`identity report as of ${r.asOf}: ${identityKinds.map((k) => `${r.counts[k]} ${k}`).join(', ')}`];
  for (const kind of identityKinds) {
    const rows = r.rows.filter((x) => x.kind === kind);
    if (rows.length === 0) continue;
    lines.push('', `${KIND_TITLES[kind]} (${r.counts[kind]}); ${FIX[kind]}`);
    lines.push(
      table(
        ['login', 'MCE agent', 'employees (external id, tab number, name, active)'],
        rows.map((x) => [x.login, x.agent ? `${x.agent.name} [${x.agent.agentId}]` : '', x.employees.map((e) => `${e.externalId} ${e.tabN} ${e.name}${e.active ? '' : ' (deactivated)'}`).join('; ')]),
      ),
    );
  }
  if (r.total > r.rows.length) lines.push('', `${r.rows.length} of ${r.total} rows shown: use --limit/--offset, --kind or --search`);
  if (r.links.length) {
    lines.push('', `manual links (${r.links.length}):`);
    lines.push(table(['login', 'employee', 'by', 'at'], r.links.map((l) => [l.login, l.externalId === null ? 'not an employee' : `${l.externalId}${l.employee ? ` ${l.employee.tabN} ${l.employee.name}` : ' (not in the directory)'}`, l.createdBy, l.createdAt])));
  }
  return lines.join('\n');
}

function int(flag: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${flag} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

export function registerAgents(program: Command): void {
  const agents = program.command('agents').description('live agent status from MCE/Oktell and the links between MCE logins and employees');

  agents
    .command('list')
    .description('current state of every agent, as the gateway process listening to MCE last wrote it')
    .option('--state <state>', 'available, talking, break, … (repeatable)', collect)
    .option('--site <site>', 'site, e.g. Yekaterinburg')
    .option('--search <text>', 'name, login, agent id, tab number or employee id')
    .action(async (o: { state?: string[]; site?: string; search?: string }, cmd: Command) => {
      await withGateway(cmd, (gw) => {
        const list = gw.mce.list();
        const st = gw.mce.status();
        const shown = filterAgents(list.agents, o);
        const now = gw.clock.now();
        emit(cmd, { asOf: list.asOf, mode: st.mode, stale: st.stale, lastEventAt: st.lastEventAt, total: list.agents.length, agents: shown.map(agentJson) }, (r) => {
          const head = `${modeLine(st, now)}; ${r.agents.length === r.total ? r.total : `${r.agents.length} of ${r.total}`} agents`;
          if (r.total === 0) return `${head}\nno agents yet: ${st.mode === 'not_configured' ? 'configure MCE (gatewayctl config set mce.url …, gatewayctl credentials set mce …)' : 'the gateway has not heard from MCE on this data directory'}`;
          return `${head}\n${table(
            ['state', 'for', 'login', 'name', 'employee', 'site', 'reason'],
            r.agents.map((a) => [a.state, ageText(Date.parse(a.since), now), a.login, a.name, a.employee ? `${a.employee.tabN} ${a.employee.name}` : '(not linked)', a.site ?? '', a.reason ?? '']),
          )}`;
        });
      });
    });

  agents
    .command('watch')
    .description('print agent state changes as they happen, until Ctrl+C (from the database; runs the listener here when no gateway process does)')
    .action(async (_o: object, cmd: Command) => {
      const json = globals(cmd).json;
      await withGateway(cmd, async (gw) => {
        await watch(gw, json);
      });
    });

  agents
    .command('link')
    .description('link an MCE login to a directory employee (manual links win over matching 1C Login values); audited')
    .argument('<login>', 'the login as MCE reports it (case does not matter)')
    .argument('[externalId]', "the employee's external id (1C agentId), see gatewayctl employees list")
    .option('--not-employee', 'mark the login as not an employee (a service or test account): it leaves the identity report')
    .option('--by <name>', 'who (audit); default the OS user')
    .action(async (login: string, externalId: string | undefined, o: { notEmployee?: boolean; by?: string }, cmd: Command) => {
      if (o.notEmployee && externalId) throw usageError('give either EXTERNAL_ID or --not-employee, not both');
      if (!o.notEmployee && !externalId) throw usageError('give the employee: gatewayctl agents link LOGIN EXTERNAL_ID (or --not-employee)');
      await withGateway(cmd, (gw) => {
        const r = gw.mce.link(login, o.notEmployee ? null : externalId!, o.by ?? gw.actor);
        emit(cmd, r, (x) => (x.externalId === null ? `${x.login}: marked as not an employee` : `${x.login} → ${x.externalId}${x.employee ? ` (${x.employee.tabN} ${x.employee.name}${x.employee.active ? '' : ', deactivated'})` : ''}`));
      });
    });

  agents
    .command('unlink')
    .description('remove the manual link of a login: matching by 1C Login applies again; audited')
    .argument('<login>')
    .option('--by <name>', 'who (audit); default the OS user')
    .action(async (login: string, o: { by?: string }, cmd: Command) => {
      await withGateway(cmd, (gw) => {
        const r = gw.mce.unlink(login, o.by ?? gw.actor);
        emit(cmd, r, (x) => (x.removed ? `${x.login}: manual link removed` : `${x.login}: had no manual link`));
      });
    });

  agents
    .command('identity')
    .description('what does not match between MCE agents and directory employees, with how to fix each row')
    .option('--kind <kind>', identityKinds.join(' | '))
    .option('--search <text>', 'login, name, tab number or id')
    .option('--limit <n>', 'rows at most', '200')
    .option('--offset <n>', 'skip this many rows', '0')
    .action(async (o: { kind?: string; search?: string; limit: string; offset: string }, cmd: Command) => {
      if (o.kind && !(identityKinds as readonly string[]).includes(o.kind)) throw usageError(`unknown --kind "${o.kind}"; expected ${identityKinds.join(', ')}`);
      await withGateway(cmd, (gw) => {
        const r = gw.mce.identity({ kind: o.kind as IdentityKind | undefined, search: o.search, limit: int('--limit', o.limit, 1, 100_000), offset: int('--offset', o.offset, 0, 10_000_000) });
        emit(cmd, r, identityText);
      });
    });
}

/** Follows the history table; starts the listener here when no other process is writing it. */
async function watch(gw: Gateway, json: boolean): Promise<void> {
  const st = gw.mce.status();
  if (st.stale) {
    if (st.mode !== 'not_configured' || gw.config.get('mce.url')) {
      process.stderr.write('no gateway process is listening to MCE on this data directory: listening here\n');
      gw.mce.start();
    } else {
      process.stderr.write('MCE is not configured (mce.url) and no gateway process writes agent states here: waiting for one (Ctrl+C stops)\n');
    }
  }
  // One read transaction: the states and the history position belong to the same moment.
  const start = gw.db.transaction(() => ({ agents: readAgents(gw.db), after: lastHistoryId(gw.db) }))();
  const known = new Map<string, LiveAgent>(start.agents.map((a) => [a.agentId, a]));
  let after = start.after;
  if (!json) process.stderr.write(`watching ${known.size} agents; Ctrl+C stops\n`);
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!stop) {
      const rows = historyAfter(gw.db, after);
      if (rows.length > 0) {
        // Names and logins of agents that appeared since: only those are read, the states come from the history.
        const fresh = rows.some((r) => !known.has(r.agentId)) ? new Map(readAgents(gw.db).map((a) => [a.agentId, a])) : null;
        const out: string[] = [];
        for (const r of rows) {
          const a = known.get(r.agentId);
          // A new agent has no earlier state here.
          const from = a ? a.state : null;
          const who = a ?? fresh?.get(r.agentId);
          if (who) known.set(r.agentId, { ...who, state: r.state, reason: r.reason, since: r.since });
          if (json) out.push(JSON.stringify({ at: new Date(r.since).toISOString(), agentId: r.agentId, login: who?.login ?? null, name: who?.name ?? null, from, to: r.state, reason: r.reason, seq: r.seq }));
          else out.push(`${new Date(r.since).toISOString().slice(11, 19)}Z  ${(who?.login ?? r.agentId).padEnd(20)} ${(who?.name ?? '').padEnd(32)} ${from ?? '(new)'} → ${r.state}${r.reason ? ` (${r.reason})` : ''}`);
        }
        process.stdout.write(out.join('\n') + '\n');
        after = rows[rows.length - 1]!.id;
        if (rows.length >= 1000) continue;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
