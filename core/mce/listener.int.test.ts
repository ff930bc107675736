/**
 * The listener against the MCE simulator over real sockets (PROTOCOLS.md §2),
 * one fault at a time; after each, the gateway's state must equal the
 * simulator's agent by agent. Bounded: small rosters, short heartbeats,
 * every wait with a deadline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMceSimulator, type MceSimulator, type MceSimOptions } from '../../simulators/mce/server.ts';
import type { Db } from '../db/open.ts';
import { readAgents } from './agent-store.ts';
import type { MceService } from './service.ts';
import { mceServiceOn, until } from './testing/service.ts';

let dir: string;
let sim: MceSimulator;
let svc: MceService;
let db: Db;
let logs: string[];
const modes = new Set<string>();

async function start(simOpts: MceSimOptions = {}, svcOpts: Parameters<typeof mceServiceOn>[2] = {}) {
  sim = await startMceSimulator({ agents: 120, seed: 11, onecEmployees: 150, today: '2026-12-01', heartbeatMs: 300, eventsPerSec: 400, ...simOpts });
  ({ svc, db, logs } = mceServiceOn(dir, { url: sim.url, username: 'mce', password: 'mce' }, svcOpts));
  svc.listener.onModeChange((m) => modes.add(m));
  svc.start();
  await until('the listener is live', () => svc.listener.mode === 'live');
}

/** Stops the events and waits until the gateway holds exactly what the simulator holds. */
async function converged(): Promise<void> {
  sim.pause();
  const same = () => {
    const truth = sim.agents();
    if (truth.length !== svc.live.size) return false;
    return truth.every((a) => {
      const g = svc.live.get(a.agentId);
      return g !== undefined && g.state === a.state && g.reason === (a.reason ?? null) && g.since === Date.parse(a.since) && g.login === a.login;
    });
  };
  await until('the gateway state equals the simulator state agent by agent', same, 15_000);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argus-mce-int-'));
  modes.clear();
});

afterEach(async () => {
  await svc?.stop();
  db?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('MCE listener against the simulator', () => {
  it('follows the stream: snapshot, then statuses in order; the database catches up within a flush', async () => {
    await start();
    await new Promise((r) => setTimeout(r, 1500));
    await converged();
    expect(svc.listener.counters).toMatchObject({ seqGaps: 0, resyncs: 0, reconnects: 0, badFrames: 0 });
    expect(svc.listener.counters.events).toBeGreaterThan(200);
    await svc.writer.flush();
    const onDisk = new Map(readAgents(db).map((a) => [a.agentId, a]));
    for (const a of sim.agents()) expect(onDisk.get(a.agentId)).toMatchObject({ state: a.state, since: Date.parse(a.since) });
    const facts = db.prepare('SELECT count(*) FROM mce_agent_history').pluck().get() as number;
    expect(facts).toBeGreaterThanOrEqual(svc.listener.counters.events);
  });

  it('answers dropped frames with a resync and converges', async () => {
    await start({ faults: { dropFrames: { every: 40 } } });
    await until('a gap was seen and answered', () => svc.listener.counters.seqGaps >= 2 && svc.listener.counters.snapshots >= 3);
    sim.setFaults({});
    await converged();
    expect(svc.listener.counters.resyncs).toBeGreaterThanOrEqual(2);
  });

  it('hears frames lost at the very end of a burst from the next heartbeat', async () => {
    await start();
    sim.dropNext(3);
    await new Promise((r) => setTimeout(r, 100));
    sim.pause();
    await until('the heartbeat revealed the gap', () => svc.listener.counters.seqGaps >= 1);
    await converged();
  });

  it('drops a socket whose heartbeats stopped, polls REST meanwhile, and is live again once they come back', async () => {
    await start();
    sim.setFaults({ noHeartbeat: true });
    sim.pause();
    await until('the watchdog dropped the silent socket', () => svc.listener.lastError?.code === 'mce_heartbeat');
    await until('REST polling took over', () => svc.listener.mode === 'fallback');
    expect(svc.listener.counters.polls).toBeGreaterThanOrEqual(1);
    sim.setFaults({});
    sim.resume();
    await until('live again', () => svc.listener.mode === 'live');
    expect(svc.listener.counters.reconnects).toBeGreaterThanOrEqual(1);
    await converged();
  });

  it('on close 4401 takes a fresh token and reconnects at once', async () => {
    await start();
    const before = sim.state().tokensIssued;
    expect(sim.closeSockets(4401)).toBe(1);
    await until('reconnected with a fresh token', () => svc.listener.counters.reconnects >= 1 && svc.listener.mode === 'live');
    expect(sim.state().tokensIssued).toBe(before + 1);
    expect(svc.listener.counters.tokenRefreshes).toBe(1);
    await converged();
  });

  it('when every token expires early, refreshes and goes on (socket closed with 4401)', async () => {
    await start();
    sim.expireTokens();
    await until('reconnected', () => svc.listener.counters.reconnects >= 1 && svc.listener.mode === 'live');
    expect(svc.listener.counters.tokenRefreshes).toBeGreaterThanOrEqual(1);
    await converged();
  });

  it('refreshes short-lived tokens ahead of expiry; the socket MCE closes when its token expires reopens with the fresh one', async () => {
    // 3 s tokens are refreshed half-way, so a fresh one is held when the socket's own expires.
    await start({ tokenTtlSec: 3 });
    await until('the socket was closed at expiry and reopened', () => svc.listener.counters.reconnects >= 1 && svc.listener.mode === 'live', 8_000);
    expect(svc.listener.counters.tokenRefreshes).toBeGreaterThanOrEqual(1);
    expect(svc.listener.lastError).toBeNull();
    await converged();
  });

  it('reports refused credentials as permanent, does not hammer MCE, and recovers when they are accepted again', async () => {
    await start();
    sim.setFaults({ refuseTokens: true });
    const issued = sim.state().tokensIssued;
    sim.expireTokens();
    await until('the refusal is reported as permanent', () => svc.listener.lastError?.code === 'mce_auth' && svc.listener.lastError.permanent);
    expect(svc.listener.mode).toBe('offline');
    expect(svc.status().lastError?.message).toMatch(/MCE refused the credentials of user "mce" \(HTTP 401\): set them again/);
    const requests = svc.listener.counters.tokenRefreshes;
    await new Promise((r) => setTimeout(r, 1000));
    // No retry within the second (authRetryMs is 1.5 s here; 5 min by default).
    expect(sim.state().tokensIssued).toBe(issued);
    sim.setFaults({});
    await until('live again', () => svc.listener.mode === 'live', 10_000);
    expect(svc.listener.counters.tokenRefreshes).toBeGreaterThan(requests);
    await converged();
  });

  it('falls back to REST while upgrades are refused, and returns to the socket after', async () => {
    await start();
    expect(sim.killSockets(2)).toBe(1);
    await until('REST polling took over', () => svc.listener.mode === 'fallback');
    await until('live again', () => svc.listener.mode === 'live', 10_000);
    expect(svc.listener.counters.polls).toBeGreaterThanOrEqual(1);
    await converged();
  });

  it('is offline when the socket and REST are both down, with the reason, and recovers', async () => {
    await start();
    sim.setFaults({ restDown: true });
    sim.killSockets(2);
    await until('offline', () => svc.listener.mode === 'offline' && svc.listener.lastError?.code === 'mce_http');
    expect(svc.status().lastError?.message).toMatch(/GET \/api\/v1\/agents failed: HTTP 503/);
    sim.setFaults({});
    await until('live again', () => svc.listener.mode === 'live', 10_000);
    await converged();
  });

  it('skips hostile frames, counts them, logs them cleaned, and stays live', async () => {
    await start();
    const sent = sim.sendBadFrames();
    expect(sent).toBeGreaterThan(0);
    await until('the bad frames were counted', () => svc.listener.counters.badFrames >= 3);
    expect(svc.listener.mode).toBe('live');
    expect(logs.some((l) => l.includes('frame was skipped'))).toBe(true);
    expect(logs.some((l) => /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(l))).toBe(false);
    await converged();
  });

  it('after a restart starts from the last known state, then converges, with no fact stored twice', async () => {
    await start();
    await new Promise((r) => setTimeout(r, 800));
    await svc.stop();
    db.close();
    const lastKnown = sim.agents().length;
    await new Promise((r) => setTimeout(r, 500));
    ({ svc, db, logs } = mceServiceOn(dir, { url: sim.url, username: 'mce', password: 'mce' }));
    svc.start();
    // Before MCE says anything: the agents as last written, offline.
    expect(svc.live.size).toBe(lastKnown);
    expect(svc.listener.mode).toBe('offline');
    await until('live', () => svc.listener.mode === 'live');
    await converged();
    await svc.writer.flush();
    const dupes = db.prepare('SELECT count(*) FROM (SELECT 1 FROM mce_agent_history GROUP BY agent_id, since, state HAVING count(*) > 1)').pluck().get();
    expect(dupes).toBe(0);
  });
});
