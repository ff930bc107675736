/** The disk mirror of the live map: batched, deduplicated, nothing lost when the disk refuses a write. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../queue/testing/temp-db.ts';
import { ManualClock } from '../time/clock.ts';
import { readAgents, readStatusRow } from './agent-store.ts';
import { parseAgents } from './frames.ts';
import { LiveAgents } from './live-state.ts';
import { AgentStateWriter } from './state-writer.ts';
import { agent } from './testing/fake-socket.ts';

let t: TempDb;
let clock: ManualClock;
beforeEach(() => {
  t = tempDb();
  clock = new ManualClock('2026-12-06T10:00:00Z');
});
afterEach(() => t.cleanup());

const history = () => t.db.prepare('SELECT agent_id, state, reason, since, seq FROM mce_agent_history ORDER BY id').all() as Array<{ agent_id: string; state: string; since: number }>;

function setup(opts: ConstructorParameters<typeof AgentStateWriter>[2] = {}) {
  const live = new LiveAgents();
  const writer = new AgentStateWriter(t.db, clock, { rowsPerStatement: 3, statementsPerTransaction: 2, ...opts });
  live.observe(writer);
  return { live, writer };
}

describe('AgentStateWriter', () => {
  it('writes the latest state of each agent and every state it entered, in small statements, once per flush', async () => {
    const { live, writer } = setup();
    live.applySnapshot(parseAgents(Array.from({ length: 10 }, (_, i) => agent(`a${i}`, 'available', '2026-12-06T09:00:00Z', { groups: ['Входящая линия №1'], site: 'Moscow' }))).agents, 1);
    for (let i = 0; i < 10; i++) live.applyStatus({ type: 'status', seq: 2 + i, agentId: 'a3', state: i % 2 ? 'talking' : 'ringing', reason: null, since: Date.parse('2026-12-06T09:01:00Z') + i });
    expect(t.db.prepare('SELECT count(*) FROM mce_agents').pluck().get()).toBe(0);
    await writer.flush();
    const agents = readAgents(t.db);
    expect(agents).toHaveLength(10);
    expect(agents.find((a) => a.agentId === 'a3')).toMatchObject({ state: 'talking', seq: 11, groups: ['Входящая линия №1'], site: 'Moscow', loginKey: 'login.a3' });
    expect(history()).toHaveLength(20);
    expect(writer.pending).toBe(0);
  });

  it('stores a fact that arrives again (a snapshot after a restart) once', async () => {
    const { live, writer } = setup();
    live.applySnapshot(parseAgents([agent('a1', 'talking')]).agents, 5);
    await writer.flush();
    // A restarted process starts from disk; the same snapshot comes again from MCE.
    const again = setup();
    again.live.load(readAgents(t.db));
    again.live.applySnapshot(parseAgents([agent('a1', 'available', '2026-12-06T09:30:00Z')]).agents, 6);
    // And a second listener (another process) writes the same fact too.
    const other = setup();
    other.live.applySnapshot(parseAgents([agent('a1', 'available', '2026-12-06T09:30:00Z')]).agents, 6);
    await again.writer.flush();
    await other.writer.flush();
    expect(history().map((h) => h.state)).toEqual(['talking', 'available']);
  });

  it('deletes agents MCE no longer reports', async () => {
    const { live, writer } = setup();
    live.applySnapshot(parseAgents([agent('a1'), agent('a2')]).agents, 1);
    await writer.flush();
    live.applySnapshot(parseAgents([agent('a2')]).agents, 2);
    await writer.flush();
    expect(readAgents(t.db).map((a) => a.agentId)).toEqual(['a2']);
  });

  it('keeps everything queued while the database refuses writes, says why, and writes it all once it accepts them again', async () => {
    const logs: string[] = [];
    const { live, writer } = setup({ log: (l) => logs.push(l) });
    live.applySnapshot(parseAgents([agent('a1'), agent('a2')]).agents, 1);
    t.db.pragma('query_only = ON');
    await writer.flush();
    expect(writer.lastError).toMatch(/is read-only: agent states wait in memory/);
    expect(writer.pending).toBeGreaterThan(0);
    live.applyStatus({ type: 'status', seq: 2, agentId: 'a1', state: 'talking', reason: null, since: Date.parse('2026-12-06T09:10:00Z') });
    await writer.flush();
    expect(logs.filter((l) => l.includes('read-only'))).toHaveLength(1);
    t.db.pragma('query_only = OFF');
    await writer.flush();
    expect(writer.lastError).toBeNull();
    expect(readAgents(t.db).find((a) => a.agentId === 'a1')?.state).toBe('talking');
    expect(history().map((h) => `${h.agent_id}:${h.state}`)).toEqual(['a1:available', 'a2:available', 'a1:talking']);
    expect(logs.at(-1)).toMatch(/written to the database again/);
  });

  it('a transaction that fails half-way (its first statements done) is rolled back and written whole at the next flush', async () => {
    const { live, writer } = setup();
    live.applySnapshot(parseAgents(Array.from({ length: 8 }, (_, i) => agent(`a${i}`))).agents, 1);
    // The history insert of a7 fails after the agents' upserts of the same transaction went through.
    t.db.exec("CREATE TRIGGER boom BEFORE INSERT ON mce_agent_history WHEN NEW.agent_id = 'a7' BEGIN SELECT RAISE(ABORT, 'simulated I/O failure'); END;");
    await writer.flush();
    expect(writer.lastError).toMatch(/simulated I\/O failure/);
    t.db.exec('DROP TRIGGER boom');
    await writer.flush();
    expect(readAgents(t.db)).toHaveLength(8);
    expect(history()).toHaveLength(8);
    expect(writer.agentsWritten).toBe(8);
  });

  it('bounds what it keeps for a disk that stays broken, dropping the oldest facts and counting them', async () => {
    const { live, writer } = setup({ maxPendingFacts: 5 });
    live.applySnapshot(parseAgents([agent('a1')]).agents, 1);
    t.db.pragma('query_only = ON');
    for (let i = 0; i < 9; i++) live.applyStatus({ type: 'status', seq: 2 + i, agentId: 'a1', state: `s${i}`, reason: null, since: 1000 + i });
    await writer.flush();
    expect(writer.droppedFacts).toBe(5);
    t.db.pragma('query_only = OFF');
    await writer.flush();
    expect(history().map((h) => h.state)).toEqual(['s4', 's5', 's6', 's7', 's8']);
  });

  it('writes the status it is given with each flush, for processes that do not listen', async () => {
    const status = { mode: 'live', modeSince: null, endpoint: 'http://mce', simulated: false, lastEventAt: null, agents: 0, eventsPerSec: 0, counters: { events: 0, snapshots: 1, seqGaps: 0, resyncs: 0, reconnects: 0, tokenRefreshes: 0, badFrames: 0, polls: 0 }, lastError: null, writtenAt: null, stale: false } as const;
    const { writer } = setup({ status: () => ({ ...status, counters: { ...status.counters } }) });
    await writer.flush();
    expect(readStatusRow(t.db)).toMatchObject({ status: { mode: 'live', endpoint: 'http://mce' }, pid: process.pid, writtenAt: clock.now() });
  });
});
