/**
 * Agent state on disk (migration 005): the statements that read and write
 * mce_agents, mce_agent_history and mce_status. The writer batches; readers
 * (the CLI, a restart) get the last state written, at most about a second
 * behind the live map.
 */
import type { Db } from '../db/open.ts';
import type { MceStatus } from '../contract/index.ts';
import type { LiveAgent, StateFact } from './live-state.ts';

type AgentRow = [string, string, string, string, string, string | null, number, string | null, string | null, number | null];

const AGENT_COLUMNS = 'agent_id, login, login_key, name, state, reason, since, site, groups, seq';

function fromRow(r: AgentRow): LiveAgent {
  let groups: string[] = [];
  if (r[8]) {
    try {
      const g: unknown = JSON.parse(r[8]);
      if (Array.isArray(g)) groups = g.filter((x): x is string => typeof x === 'string');
    } catch {
      // A damaged list of groups loses the groups, not the agent.
    }
  }
  return { agentId: r[0], login: r[1], loginKey: r[2], name: r[3], state: r[4], reason: r[5], since: r[6], site: r[7], groups, seq: r[9] };
}

/** Every agent as last written, ordered by name then login. */
export function readAgents(db: Db): LiveAgent[] {
  return (db.prepare(`SELECT ${AGENT_COLUMNS} FROM mce_agents ORDER BY name, login`).raw().all() as AgentRow[]).map(fromRow);
}

const UPSERT_TAIL =
  ' ON CONFLICT(agent_id) DO UPDATE SET login = excluded.login, login_key = excluded.login_key, name = excluded.name, state = excluded.state, reason = excluded.reason, since = excluded.since, site = excluded.site, groups = excluded.groups, seq = excluded.seq, updated_at = excluded.updated_at';

/** Multi-row statements: one prepared statement per chunk size used. */
export class AgentStatements {
  private readonly db: Db;
  private readonly upserts = new Map<number, ReturnType<Db['prepare']>>();
  private readonly facts = new Map<number, ReturnType<Db['prepare']>>();
  private readonly states = new Map<number, ReturnType<Db['prepare']>>();
  private readonly del: ReturnType<Db['prepare']>;

  constructor(db: Db) {
    this.db = db;
    this.del = db.prepare('DELETE FROM mce_agents WHERE agent_id = ?');
  }

  /**
   * Only the state of agents already stored (a status frame moves nothing
   * else): five values a row, and the login index is not touched.
   */
  updateStates(agents: readonly LiveAgent[], now: number): void {
    if (agents.length === 0) return;
    let stmt = this.states.get(agents.length);
    if (!stmt) {
      stmt = this.db.prepare(
        `WITH v(id, state, reason, since, seq) AS (VALUES ${Array(agents.length).fill('(?,?,?,?,?)').join(',')}) UPDATE mce_agents SET state = v.state, reason = v.reason, since = v.since, seq = v.seq, updated_at = ? FROM v WHERE mce_agents.agent_id = v.id`,
      );
      this.states.set(agents.length, stmt);
    }
    const params: unknown[] = [];
    for (const a of agents) params.push(a.agentId, a.state, a.reason, a.since, a.seq);
    params.push(now);
    stmt.run(params);
  }

  upsert(agents: readonly LiveAgent[], now: number): void {
    if (agents.length === 0) return;
    let stmt = this.upserts.get(agents.length);
    if (!stmt) {
      stmt = this.db.prepare(`INSERT INTO mce_agents (${AGENT_COLUMNS}, updated_at) VALUES ${Array(agents.length).fill('(?,?,?,?,?,?,?,?,?,?,?)').join(',')}${UPSERT_TAIL}`);
      this.upserts.set(agents.length, stmt);
    }
    const params: unknown[] = [];
    for (const a of agents) params.push(a.agentId, a.login, a.loginKey, a.name, a.state, a.reason, a.since, a.site, a.groups.length ? JSON.stringify(a.groups) : null, a.seq, now);
    stmt.run(params);
  }

  /** A fact already stored (the same agent entering the same state at the same instant) is kept once. */
  insertFacts(facts: readonly StateFact[], now: number): number {
    if (facts.length === 0) return 0;
    let stmt = this.facts.get(facts.length);
    if (!stmt) {
      stmt = this.db.prepare(`INSERT OR IGNORE INTO mce_agent_history (agent_id, state, reason, since, seq, recorded_at) VALUES ${Array(facts.length).fill('(?,?,?,?,?,?)').join(',')}`);
      this.facts.set(facts.length, stmt);
    }
    const params: unknown[] = [];
    for (const f of facts) params.push(f.agentId, f.state, f.reason, f.since, f.seq, now);
    return stmt.run(params).changes;
  }

  remove(agentId: string): void {
    this.del.run(agentId);
  }
}

export function writeStatus(db: Db, status: MceStatus, now: number): void {
  db.prepare('INSERT INTO mce_status (id, status, pid, written_at) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, pid = excluded.pid, written_at = excluded.written_at').run(
    JSON.stringify(status),
    process.pid,
    now,
  );
}

export function readStatusRow(db: Db): { status: unknown; pid: number; writtenAt: number } | null {
  const row = db.prepare('SELECT status, pid, written_at FROM mce_status WHERE id = 1').get() as { status: string; pid: number; written_at: number } | undefined;
  if (!row) return null;
  try {
    return { status: JSON.parse(row.status), pid: row.pid, writtenAt: row.written_at };
  } catch {
    return null;
  }
}

export interface HistoryRow extends StateFact {
  id: number;
  recordedAt: number;
}

/** History rows after `afterId`, oldest first (gatewayctl agents watch). */
export function historyAfter(db: Db, afterId: number, limit = 1000): HistoryRow[] {
  return (db.prepare('SELECT id, agent_id, state, reason, since, seq, recorded_at FROM mce_agent_history WHERE id > ? ORDER BY id LIMIT ?').raw().all(afterId, limit) as [number, string, string, string | null, number, number | null, number][]).map(
    ([id, agentId, state, reason, since, seq, recordedAt]) => ({ id, agentId, state, reason, since, seq, recordedAt }),
  );
}

export function lastHistoryId(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS id FROM mce_agent_history').get() as { id: number }).id;
}
