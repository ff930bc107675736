/**
 * Crash safety of the agent state on disk: a listening process is killed with
 * SIGKILL while 1 000 events a second arrive, several times, and started
 * again each time; the history never holds a fact twice, and after the last
 * restart the state on disk converges to MCE's. Bounded: a fixed number of
 * kills, each wait with a deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMceSimulator, type MceSimulator } from '../../simulators/mce/server.ts';
import { openDatabase } from '../db/open.ts';
import { readAgents } from './agent-store.ts';
import { until } from './testing/service.ts';

const LISTENER = fileURLToPath(new URL('./testing/crash-listener.ts', import.meta.url));
const KILLS = 4;

let dir: string;
let sim: MceSimulator;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-mce-crash-'));
  sim = await startMceSimulator({ agents: 300, seed: 21, onecEmployees: 400, today: '2026-12-01', eventsPerSec: 1000, heartbeatMs: 500 });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function startListener(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [LISTENER, dir, sim.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the listener was not live within 15 s: ${err}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the listener exited before it was live (${code ?? signal}): ${err}`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('MCE listener killed while events arrive', () => {
  it('never stores a fact twice, and converges after the last restart', async () => {
    for (let i = 0; i < KILLS; i++) {
      const child = await startListener();
      // Long enough for a few flushes, killed at a random point of one.
      await new Promise((r) => setTimeout(r, 700 + Math.random() * 600));
      await killed(child);
    }
    const db = openDatabase(join(dir, 'gateway.db'));
    try {
      const facts = db.prepare('SELECT count(*) FROM mce_agent_history').pluck().get() as number;
      expect(facts).toBeGreaterThan(1000);
      const last = await startListener();
      sim.pause();
      const truth = new Map(sim.agents().map((a) => [a.agentId, a]));
      await until(
        'the state on disk equals MCE agent by agent',
        () => {
          const disk = readAgents(db);
          return disk.length === truth.size && disk.every((a) => truth.get(a.agentId)?.state === a.state && Date.parse(truth.get(a.agentId)!.since) === a.since);
        },
        15_000,
      );
      const dupes = db.prepare('SELECT count(*) FROM (SELECT 1 FROM mce_agent_history GROUP BY agent_id, since, state HAVING count(*) > 1)').pluck().get();
      expect(dupes).toBe(0);
      // Every agent's current state is also the last fact of its history.
      const lastFacts = db.prepare('SELECT h.agent_id, h.state FROM mce_agent_history h JOIN (SELECT agent_id, max(since) AS since FROM mce_agent_history GROUP BY agent_id) m ON m.agent_id = h.agent_id AND m.since = h.since').all() as { agent_id: string; state: string }[];
      for (const f of lastFacts) expect(truth.get(f.agent_id)?.state).toBe(f.state);
      await killed(last);
    } finally {
      db.close();
    }
  });
});
