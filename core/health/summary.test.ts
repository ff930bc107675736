import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { startMceSimulator, type MceSimulator } from '../../simulators/mce/server.ts';
import { createGateway, type Gateway } from '../service.ts';
import { healthSummary, worstOf, type HealthSummary } from './summary.ts';
import { CallMonitor } from './call-monitor.ts';
import { consoleFromGateway } from '../api/console.ts';
import { healthSummarySchema, type HealthCheck } from '../contract/index.ts';

function byName(s: HealthSummary, n: string): HealthCheck {
  const c = s.checks.find((x) => x.name === n);
  if (!c) throw new Error(`no check named ${n}`);
  return c;
}

describe('health summary', () => {
  let sim: OnecSimulator;
  let mce: MceSimulator;
  let gw: Gateway;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'health-'));
    sim = await startOnecSimulator({ employees: 20, seed: 5, today: '2026-11-20' });
    mce = await startMceSimulator({ agents: 'all', seed: 5, onecEmployees: 20, today: '2026-11-20' });
    gw = await createGateway({ dataDir: dir, onecOverride: { url: sim.url, username: 'wfm', password: 'wfm' }, mceOverride: { url: mce.url, username: 'mce', password: 'mce' }, runQueue: true });
    for (let i = 0; i < 200 && gw.mce.status().mode !== 'live'; i++) await new Promise((r) => setTimeout(r, 25));
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
    await mce?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports every link, healthy on a fresh demo gateway', async () => {
    const s = await gw.health();
    expect(s.checks.map((c) => c.name)).toEqual(['database', 'queue', 'onec', 'mce', 'credentials', 'disk']);
    expect(byName(s, 'mce')).toMatchObject({ status: 'healthy', details: { mode: 'live', simulated: true } });
    expect(s.status).toBe('healthy');
    expect(byName(s, 'onec').details).toMatchObject({ mode: 'simulator' });
    // The gateway hands bulk writes' WAL checkpoints to a worker thread.
    expect((byName(s, 'database').details as { walCheckpoints: string }).walCheckpoints).toMatch(/^background/);
    // And large plans to a worker thread of their own.
    expect(byName(s, 'database').details).toMatchObject({ largePlans: 'worker thread' });
  });

  it('turns 1C degraded with the reason after a failed call, and healthy again after a good one', async () => {
    sim.setFaults({ status500: { message: 'Сеанс 1С завершён', body: 'json' }, times: 1 });
    await expect(gw.onec.getAgents('2026-11-01', '2026-11-30')).rejects.toThrow();
    let s = await gw.health();
    expect(byName(s, 'onec').status).toBe('degraded');
    expect(byName(s, 'onec').reason).toMatch(/Сеанс 1С завершён/);
    expect(s.status).toBe('degraded');
    await gw.onec.getAgents('2026-11-01', '2026-11-30');
    s = await gw.health();
    expect(byName(s, 'onec').status).toBe('healthy');
    expect(byName(s, 'onec').details).toMatchObject({ calls: 2, errors: 1 });
  });

  it('carries every breaker and the calls per minute through the console contract', async () => {
    // The test above made two 1C calls, one failed.
    const { dispatcher } = consoleFromGateway(gw, { version: 't', host: 'web', zone: 'UTC', startedAt: '2026-11-24T10:00:00.000Z' });
    const res = await dispatcher.dispatch('health.summary', {}, { actor: 'tester' });
    if (!res.ok) throw new Error(`health.summary failed: ${res.error.message}`);
    const s = healthSummarySchema.parse(res.result);
    expect(s.breakers?.find((b) => b.system === 'onec')).toMatchObject({ state: 'closed', nextProbeAt: null });
    const onecCalls = s.calls?.find((c) => c.system === 'onec');
    expect(onecCalls).toMatchObject({ windowMinutes: 60, calls: 2, errors: 1 });
    expect(onecCalls!.points).toHaveLength(60);
    expect(onecCalls!.points.reduce((n, p) => n + p.calls, 0)).toBe(2);
    expect(onecCalls!.points.at(-1)!.at).toMatch(/:00\.000Z$/);
  });

  it('shows the 1C breaker as closed and 1C with no calls before its first call', () => {
    const s = healthSummary({ db: gw.db, clock: gw.clock, dataDir: dir, queue: gw.queue, vault: gw.vault, calls: new CallMonitor(), demo: true, onecConfigured: () => true, onecOrigin: () => null });
    expect(s.breakers.find((b) => b.system === 'onec')).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(s.calls).toEqual([expect.objectContaining({ system: 'onec', calls: 0, errors: 0, p95Ms: null })]);
    expect(healthSummarySchema.safeParse(s).success).toBe(true);
  });

  it('marks the queue degraded while failed operations wait for a decision', async () => {
    await expect(gw.queue.run('plan_apply', { planId: 424242 }, { by: 'tester' })).rejects.toThrow(/424242/);
    const s = await gw.health();
    expect(byName(s, 'queue').status).toBe('degraded');
    expect(byName(s, 'queue').reason).toMatch(/1 failed operation/);
  });

  it('warns about disk space below the thresholds', () => {
    const deps = { db: gw.db, clock: gw.clock, dataDir: dir, queue: gw.queue, vault: gw.vault, calls: new CallMonitor(), demo: true, onecConfigured: () => false, onecOrigin: () => null };
    expect(byName(healthSummary({ ...deps, diskLowBytes: Number.MAX_SAFE_INTEGER }), 'disk').status).toBe('degraded');
    const critical = byName(healthSummary({ ...deps, diskLowBytes: Number.MAX_SAFE_INTEGER, diskCriticalBytes: Number.MAX_SAFE_INTEGER }), 'disk');
    expect(critical.status).toBe('unhealthy');
    expect(critical.reason).toMatch(/free space or move the data directory/);
  });

  it('says what to do when a real 1C is configured without credentials', () => {
    const s = healthSummary({ db: gw.db, clock: gw.clock, dataDir: dir, queue: gw.queue, vault: gw.vault, calls: new CallMonitor(), demo: false, onecConfigured: () => true, onecOrigin: () => 'http://zup.example' });
    expect(byName(s, 'credentials').status).toBe('unhealthy');
    expect(byName(s, 'credentials').reason).toMatch(/credentials set onec/);
    expect(byName(s, 'onec').status).toBe('unknown');
  });

  it('flags credentials set for another host than onec.url now names', () => {
    gw.vault.set('onec', { username: 'wfm', password: 'p' }, 'http://zup.example');
    const deps = { db: gw.db, clock: gw.clock, dataDir: dir, queue: gw.queue, vault: gw.vault, calls: new CallMonitor(), demo: false, onecConfigured: () => true };
    expect(byName(healthSummary({ ...deps, onecOrigin: () => 'http://zup.example' }), 'credentials').status).toBe('healthy');
    const moved = byName(healthSummary({ ...deps, onecOrigin: () => 'http://new-zup.example' }), 'credentials');
    expect(moved.status).toBe('unhealthy');
    expect(moved.reason).toBe(
      '1C:ZUP credentials were set for http://zup.example, but onec.url now points to http://new-zup.example; they are not sent to another host: gatewayctl credentials set onec --user U --password-stdin',
    );
  });

  it('says why MCE is not healthy: socket down and polling, offline, not configured', () => {
    const deps = { db: gw.db, clock: gw.clock, dataDir: dir, queue: gw.queue, vault: gw.vault, calls: new CallMonitor(), demo: true, onecConfigured: () => true, onecOrigin: () => null };
    const base = gw.mce.status();
    const at = new Date(gw.clock.now()).toISOString();
    const fallback = byName(healthSummary({ ...deps, mce: () => ({ ...base, mode: 'fallback', lastError: { code: 'mce_heartbeat', message: 'no frame from MCE for 60 s: the socket was dropped', at, permanent: false } }) }), 'mce');
    expect(fallback.status).toBe('degraded');
    expect(fallback.reason).toMatch(/socket to MCE is down; agent states come from polling its REST list .*no frame from MCE for 60 s/);
    const refused = byName(healthSummary({ ...deps, mce: () => ({ ...base, mode: 'offline', lastError: { code: 'mce_auth', message: 'MCE refused the credentials of user "wfm" (HTTP 401)', at, permanent: true } }) }), 'mce');
    expect(refused).toMatchObject({ status: 'unhealthy', reason: expect.stringMatching(/refused the credentials/) });
    expect(byName(healthSummary({ ...deps, mce: () => ({ ...base, mode: 'not_configured' }) }), 'mce').reason).toMatch(/set mce\.url and the mce credentials/);
  });

  it('takes the worst state as the overall one', () => {
    expect(worstOf(['healthy', 'degraded', 'unknown'])).toBe('degraded');
    expect(worstOf(['healthy', 'unhealthy', 'degraded'])).toBe('unhealthy');
    expect(worstOf(['unknown', 'unknown'])).toBe('unknown');
    expect(worstOf(['healthy', 'unknown'])).toBe('healthy');
  });
});
