/**
 * Mirrors the live map to disk in batches (ARCHITECTURE.md, principle 3): the
 * latest state of each changed agent and every state fact, written about once
 * a second in short transactions with the event loop let through between
 * them, so 5 000 events a second never hold the serving thread for long. The
 * listener's status row is written with each flush, for the CLI.
 *
 * A write that fails (full or read-only disk, a lock held too long) loses
 * nothing: the rows stay queued (facts up to a bound, the oldest dropped and
 * counted beyond it) and the next flush tries again; the reason is reported.
 */
import type { Db } from '../db/open.ts';
import type { MceStatus } from '../contract/index.ts';
import { errorMessage } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { AgentStatements, writeStatus } from './agent-store.ts';
import type { AgentObserver, LiveAgent, StateFact } from './live-state.ts';

export interface StateWriterOptions {
  /** Default 1 000 ms: what another process reads is at most about this far behind. */
  flushMs?: number;
  /** Rows per statement and statements per transaction. */
  rowsPerStatement?: number;
  statementsPerTransaction?: number;
  /** Facts kept while the disk refuses them; older ones beyond are dropped (and counted). */
  maxPendingFacts?: number;
  status?(): MceStatus;
  log?(line: string): void;
}

export class AgentStateWriter implements AgentObserver {
  /** Why the last flush failed (null once one succeeds). */
  lastError: string | null = null;
  /** Facts dropped because the disk refused them for too long. */
  droppedFacts = 0;
  factsWritten = 0;
  /** Current-state rows upserted (for the benchmark's rows per second). */
  agentsWritten = 0;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly opts: StateWriterOptions;
  private readonly stmts: AgentStatements;
  /** Agents to write whole (new, or more than their state moved), or to delete (null). */
  private agents = new Map<string, LiveAgent | null>();
  /** Agents of which only the state moved. */
  private states = new Map<string, LiveAgent>();
  private facts: StateFact[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> | null = null;

  constructor(db: Db, clock: Clock, opts: StateWriterOptions = {}) {
    this.db = db;
    this.clock = clock;
    this.opts = opts;
    this.stmts = new AgentStatements(db);
  }

  changed(agent: LiveAgent, fact: StateFact | null, attrs: boolean): void {
    if (attrs || this.agents.has(agent.agentId)) {
      this.agents.set(agent.agentId, agent);
      this.states.delete(agent.agentId);
    } else this.states.set(agent.agentId, agent);
    if (fact) this.facts.push(fact);
  }

  removed(agentId: string): void {
    this.agents.set(agentId, null);
    this.states.delete(agentId);
  }

  get pending(): number {
    return this.agents.size + this.states.size + this.facts.length;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.opts.flushMs ?? 1_000);
    this.timer.unref?.();
  }

  /** Stops the timer and writes what is queued. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Writes what is queued (one flush at a time; a call during one waits for it and flushes again). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (!this.db.open) return;
    const whole: LiveAgent[] = [];
    const removed: string[] = [];
    for (const [id, a] of this.agents) {
      if (a) whole.push(a);
      else removed.push(id);
    }
    const states = [...this.states.values()];
    const facts = this.facts;
    this.agents = new Map();
    this.states = new Map();
    this.facts = [];
    const rows = this.opts.rowsPerStatement ?? 250;
    // One transaction per flush (about 30 ms for a second of 5 000 events): each page it dirties is written to the WAL once.
    const perTx = this.opts.statementsPerTransaction ?? 1000;
    // Positions in each list; they move only once a transaction committed, so a rollback leaves its rows queued.
    const at = { whole: 0, states: 0, facts: 0, removed: 0 };
    const left = () => at.whole < whole.length || at.states < states.length || at.facts < facts.length || at.removed < removed.length;
    try {
      while (left()) {
        if (!this.db.open) return;
        const now = this.clock.now();
        const next = { ...at };
        let factsNew = 0;
        this.db.transaction(() => {
          for (let n = 0; n < perTx && next.whole < whole.length; n++, next.whole += rows) this.stmts.upsert(whole.slice(next.whole, next.whole + rows), now);
          for (let n = 0; n < perTx && next.states < states.length; n++, next.states += rows) this.stmts.updateStates(states.slice(next.states, next.states + rows), now);
          for (let n = 0; n < perTx && next.facts < facts.length; n++, next.facts += rows) factsNew += this.stmts.insertFacts(facts.slice(next.facts, next.facts + rows), now);
          for (; next.removed < removed.length; next.removed++) this.stmts.remove(removed[next.removed]!);
        })();
        this.agentsWritten += Math.min(next.whole, whole.length) - at.whole + Math.min(next.states, states.length) - at.states;
        this.factsWritten += factsNew;
        Object.assign(at, next);
        // Let the event loop through between transactions.
        if (left()) await new Promise<void>((res) => setImmediate(res));
      }
      if (this.opts.status && this.db.open) writeStatus(this.db, this.opts.status(), this.clock.now());
      if (this.lastError) this.opts.log?.('MCE: agent states are written to the database again');
      this.lastError = null;
    } catch (e) {
      this.requeue(whole.slice(at.whole), states.slice(at.states), removed.slice(at.removed), facts.slice(at.facts));
      const message = describeWriteError(e, this.db.name);
      if (message !== this.lastError) this.opts.log?.(`MCE: ${message}`);
      this.lastError = message;
    }
  }

  /** What a failed flush did not write goes back in front of what arrived since (newer states win). */
  private requeue(whole: LiveAgent[], states: LiveAgent[], removed: string[], facts: StateFact[]): void {
    const agents = new Map<string, LiveAgent | null>();
    for (const a of whole) agents.set(a.agentId, a);
    for (const id of removed) agents.set(id, null);
    const st = new Map<string, LiveAgent>();
    for (const a of states) if (!agents.has(a.agentId)) st.set(a.agentId, a);
    // What arrived during the failed flush is newer: it wins, keeping a whole write whole.
    for (const [id, a] of this.agents) {
      agents.set(id, a);
      st.delete(id);
    }
    for (const [id, a] of this.states) {
      if (agents.has(id)) agents.set(id, a);
      else st.set(id, a);
    }
    this.agents = agents;
    this.states = st;
    const all = facts.concat(this.facts);
    const max = this.opts.maxPendingFacts ?? 500_000;
    if (all.length > max) {
      this.droppedFacts += all.length - max;
      all.splice(0, all.length - max);
    }
    this.facts = all;
  }
}

function describeWriteError(e: unknown, file: string): string {
  const code = (e as { code?: string }).code ?? '';
  const waiting = 'agent states wait in memory and are written when it is fixed';
  if (code.startsWith('SQLITE_FULL')) return `the disk holding ${file} is full: ${waiting}; free space`;
  if (code.startsWith('SQLITE_READONLY')) return `${file} is read-only: ${waiting}; check the data directory's permissions`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return `${file} is locked by another process: agent states are written at the next flush`;
  if (code.startsWith('SQLITE_IOERR')) return `the disk holding ${file} failed to write (${code}): ${waiting}`;
  return `agent states could not be written to ${file}: ${errorMessage(e)}`;
}
