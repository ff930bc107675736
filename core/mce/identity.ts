/**
 * Who an MCE agent is in the directory (the mapping Argus's own personnel-sync
 * module asks administrators to maintain): an agent is the employee whose 1C
 * `Login` equals its login, compared case-insensitively; an administrator's
 * manual link (login → employee, or "not an employee") wins and is audited.
 *
 * The index of employees by login is rebuilt only when the directory's
 * revision or the links move (checked at most once a second), so resolving
 * the employee of each changed agent costs a map lookup.
 */
import type { AgentEmployee, AgentLink, IdentityEmployee, IdentityKind, IdentityReport, IdentityRow } from '../contract/index.ts';
import { identityKinds } from '../contract/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Db } from '../db/open.ts';
import { fold } from '../db/fold.ts';
import { GatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { loginKey, type LiveAgent } from './live-state.ts';

interface LinkRow {
  loginKey: string;
  login: string;
  externalId: string | null;
  createdBy: string;
  createdAt: number;
}

type EmployeeRaw = [string, string, string, string, string, string | null, number, string | null];

const EMPLOYEE_SELECT = `SELECT e.external_id, e.tab_n, e.last_name, e.first_name, e.second_name, d.name, e.active, e.login
  FROM employees e LEFT JOIN departments d ON d.external_id = e.department_external_id`;

function employeeOf(r: EmployeeRaw): IdentityEmployee {
  return { externalId: r[0], tabN: r[1], name: [r[2], r[3], r[4]].filter(Boolean).join(' '), departmentName: r[5], active: r[6] === 1, login: r[7] };
}

export interface IdentityQuery {
  kind?: IdentityKind;
  search?: string;
  offset: number;
  limit: number;
}

export class IdentityIndex {
  private readonly db: Db;
  private readonly clock: Clock;
  private byLogin = new Map<string, IdentityEmployee[]>();
  private links = new Map<string, LinkRow>();
  /** Employees manual links point to, whatever their own login. */
  private linked = new Map<string, IdentityEmployee>();
  private resolved = new Map<string, AgentEmployee | null>();
  private stamp = '';
  private checkedAt = -Infinity;
  /** Moves whenever what agents resolve to may have changed. */
  version = 0;

  constructor(db: Db, clock: Clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The employee an agent with this login is, or null. */
  resolve(key: string): AgentEmployee | null {
    this.refresh();
    const hit = this.resolved.get(key);
    if (hit !== undefined) return hit;
    const r = this.compute(key);
    this.resolved.set(key, r);
    return r;
  }

  /** Re-reads the index when the directory or the links moved; `force` skips the once-a-second limit. */
  refresh(force = false): void {
    const now = this.clock.now();
    if (!force && now - this.checkedAt < 1_000) return;
    this.checkedAt = now;
    const dir = this.db.prepare('SELECT epoch, revision FROM directory_state WHERE id = 1').get() as { epoch: string; revision: number } | undefined;
    const lk = this.db.prepare("SELECT count(*) AS n, coalesce(max(created_at), 0) AS at, coalesce(sum(length(login_key) + length(coalesce(external_id, ''))), 0) AS len FROM mce_links").get() as { n: number; at: number; len: number };
    const stamp = `${dir?.epoch}:${dir?.revision}:${lk.n}:${lk.at}:${lk.len}`;
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    this.load();
  }

  private load(): void {
    const byLogin = new Map<string, IdentityEmployee[]>();
    for (const r of this.db.prepare(`${EMPLOYEE_SELECT} WHERE e.login IS NOT NULL AND trim(e.login) <> ''`).raw().iterate() as IterableIterator<EmployeeRaw>) {
      const e = employeeOf(r);
      const key = loginKey(e.login!);
      const list = byLogin.get(key);
      if (list) list.push(e);
      else byLogin.set(key, [e]);
    }
    const links = new Map<string, LinkRow>();
    for (const r of this.db.prepare('SELECT login_key, login, external_id, created_by, created_at FROM mce_links').raw().iterate() as IterableIterator<[string, string, string | null, string, number]>) {
      links.set(r[0], { loginKey: r[0], login: r[1], externalId: r[2], createdBy: r[3], createdAt: r[4] });
    }
    const linked = new Map<string, IdentityEmployee>();
    const one = this.db.prepare(`${EMPLOYEE_SELECT} WHERE e.external_id = ?`).raw();
    for (const l of links.values()) {
      if (l.externalId === null || linked.has(l.externalId)) continue;
      const r = one.get(l.externalId) as EmployeeRaw | undefined;
      if (r) linked.set(l.externalId, employeeOf(r));
    }
    this.byLogin = byLogin;
    this.links = links;
    this.linked = linked;
    this.resolved = new Map();
    this.version++;
  }

  private compute(key: string): AgentEmployee | null {
    const link = this.links.get(key);
    if (link) {
      if (link.externalId === null) return null;
      const e = this.linked.get(link.externalId);
      return e ? agentEmployee(e, 'manual') : null;
    }
    const list = this.byLogin.get(key);
    if (!list) return null;
    if (list.length === 1) return agentEmployee(list[0]!, 'login');
    // A login shared by a rehired person's old and new records: the one active record is the person now.
    const active = list.filter((e) => e.active);
    return active.length === 1 ? agentEmployee(active[0]!, 'login') : null;
  }

  // ---------------------------------------------------------------------------

  link(login: string, externalId: string | null, actor: string): AgentLink {
    const key = loginKey(login);
    if (!key) throw new GatewayError('invalid_login', 'the login must not be empty', 'permanent');
    let employee: IdentityEmployee | null = null;
    if (externalId !== null) {
      const r = this.db.prepare(`${EMPLOYEE_SELECT} WHERE e.external_id = ?`).raw().get(externalId) as EmployeeRaw | undefined;
      if (!r) throw new GatewayError('employee_not_found', `no employee with external id "${externalId}" in the directory: apply a personnel sync first, or check the id`, 'permanent');
      employee = employeeOf(r);
    }
    const now = this.clock.now();
    const trimmed = login.trim();
    this.db.transaction(() => {
      const before = this.db.prepare('SELECT login, external_id FROM mce_links WHERE login_key = ?').get(key) as { login: string; external_id: string | null } | undefined;
      this.db
        .prepare('INSERT INTO mce_links (login_key, login, external_id, created_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(login_key) DO UPDATE SET login = excluded.login, external_id = excluded.external_id, created_by = excluded.created_by, created_at = excluded.created_at')
        .run(key, trimmed, externalId, actor, now);
      appendAudit(
        this.db,
        {
          actor,
          action: 'agent.linked',
          entityType: 'agent_link',
          entityId: key,
          before: before ? { login: before.login, externalId: before.external_id } : null,
          after: { login: trimmed, externalId, employee: employee ? { tabN: employee.tabN, name: employee.name } : null },
        },
        this.clock,
      );
    })();
    this.refresh(true);
    return { login: trimmed, externalId, createdBy: actor, createdAt: new Date(now).toISOString(), employee };
  }

  unlink(login: string, actor: string): { login: string; removed: boolean } {
    const key = loginKey(login);
    let removed = false;
    this.db.transaction(() => {
      const before = this.db.prepare('SELECT login, external_id FROM mce_links WHERE login_key = ?').get(key) as { login: string; external_id: string | null } | undefined;
      if (!before) return;
      this.db.prepare('DELETE FROM mce_links WHERE login_key = ?').run(key);
      appendAudit(this.db, { actor, action: 'agent.unlinked', entityType: 'agent_link', entityId: key, before: { login: before.login, externalId: before.external_id } }, this.clock);
      removed = true;
    })();
    this.refresh(true);
    return { login: login.trim(), removed };
  }

  listLinks(): AgentLink[] {
    this.refresh();
    return [...this.links.values()]
      .sort((a, b) => a.loginKey.localeCompare(b.loginKey))
      .map((l) => ({
        login: l.login,
        externalId: l.externalId,
        createdBy: l.createdBy,
        createdAt: new Date(l.createdAt).toISOString(),
        employee: l.externalId === null ? null : (this.linked.get(l.externalId) ?? null),
      }));
  }

  // ---------------------------------------------------------------------------

  /** Everything that does not match between the agents MCE reports and the directory. */
  report(agents: Iterable<LiveAgent>, q: IdentityQuery): IdentityReport {
    this.refresh(true);
    const rows: IdentityRow[] = [];
    const mce = new Map<string, LiveAgent>();
    for (const a of agents) if (!mce.has(a.loginKey)) mce.set(a.loginKey, a);
    const agentOf = (a: LiveAgent) => ({ agentId: a.agentId, name: a.name, state: a.state, site: a.site });

    for (const a of mce.values()) {
      const link = this.links.get(a.loginKey);
      if (link) {
        if (link.externalId === null) continue;
        const e = this.linked.get(link.externalId);
        if (!e) rows.push({ kind: 'agent_without_employee', login: a.login, agent: agentOf(a), employees: [] });
        else if (!e.active) rows.push({ kind: 'deactivated_in_mce', login: a.login, agent: agentOf(a), employees: [e] });
        continue;
      }
      const list = this.byLogin.get(a.loginKey) ?? [];
      if (list.length === 0) rows.push({ kind: 'agent_without_employee', login: a.login, agent: agentOf(a), employees: [] });
      else if (list.length === 1 && !list[0]!.active) rows.push({ kind: 'deactivated_in_mce', login: a.login, agent: agentOf(a), employees: list });
      else if (list.length > 1 && !list.some((e) => e.active)) rows.push({ kind: 'deactivated_in_mce', login: a.login, agent: agentOf(a), employees: list });
    }

    for (const [key, list] of this.byLogin) {
      if (list.length > 1 && !this.links.has(key)) {
        const a = mce.get(key);
        rows.push({ kind: 'duplicate_login', login: list[0]!.login ?? key, agent: a ? agentOf(a) : null, employees: list });
      }
    }

    // Employees a manual link from a login MCE knows already stands for.
    const covered = new Set<string>();
    for (const l of this.links.values()) if (l.externalId !== null && mce.has(l.loginKey)) covered.add(l.externalId);
    for (const [key, list] of this.byLogin) {
      if (mce.has(key)) continue;
      for (const e of list) {
        if (e.active && !covered.has(e.externalId)) rows.push({ kind: 'employee_without_agent', login: e.login ?? key, agent: null, employees: [e] });
      }
    }

    const counts = Object.fromEntries(identityKinds.map((k) => [k, 0])) as Record<IdentityKind, number>;
    for (const r of rows) counts[r.kind]++;
    const needle = q.search?.trim() ? fold(q.search.trim()) : null;
    const matching = rows
      .filter((r) => (!q.kind || r.kind === q.kind) && (!needle || haystack(r).includes(needle)))
      .sort((a, b) => identityKinds.indexOf(a.kind) - identityKinds.indexOf(b.kind) || a.login.localeCompare(b.login));
    return {
      asOf: new Date(this.clock.now()).toISOString(),
      counts,
      total: matching.length,
      rows: matching.slice(q.offset, q.offset + q.limit),
      links: this.listLinks(),
      directoryEmployees: (this.db.prepare('SELECT count(*) AS n FROM employees').get() as { n: number }).n,
    };
  }
}

function agentEmployee(e: IdentityEmployee, link: 'login' | 'manual'): AgentEmployee {
  return { externalId: e.externalId, tabN: e.tabN, name: e.name, departmentName: e.departmentName, active: e.active, link };
}

function haystack(r: IdentityRow): string {
  return fold([r.login, r.agent?.name ?? '', r.agent?.agentId ?? '', ...r.employees.flatMap((e) => [e.name, e.tabN, e.externalId, e.login ?? ''])].join('\u0001'));
}
