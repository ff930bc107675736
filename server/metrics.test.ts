/**
 * GET /metrics as a Prometheus server scrapes it: the real headless host in
 * demo mode (the 1C and MCE simulators over real sockets), real 1C calls, some
 * failed by the simulator's faults, the exposition parsed by a text-format parser.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planStatusSchema } from '../core/contract/index.ts';
import { ONEC_DURATION_BUCKETS_SECONDS } from '../core/metrics/onec-calls.ts';
import { OPERATION_TYPES } from '../core/queue/operation-types.ts';
import { enqueue } from '../core/queue/transitions.ts';
import { listenConsoleServer, type ConsoleServer } from './http.ts';
import { startServer, type RunningServer } from './start.ts';
import { openTestConsole, type TestConsole } from './testing/console.ts';
import { Scrape } from './testing/prometheus-text.ts';

let dir: string;
let running: RunningServer | null = null;
const extra: Array<{ close(): Promise<void> }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argus-metrics-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>console</title>');
});

afterEach(async () => {
  await running?.close();
  running = null;
  for (const c of extra.splice(0).reverse()) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

async function scrape(url: string, token: string | null): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return new Scrape(await res.text());
}

async function until<T>(what: string, read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GET /metrics', () => {
  it('counts real 1C calls by method and outcome with latencies, and reads the queue, plans, audit, breakers and MCE at scrape time', async () => {
    const logs: string[] = [];
    running = await startServer({ dataDir: join(dir, 'data'), port: 0, staticDir: join(dir, 'dist'), log: (l) => logs.push(l), demo: { employees: 40, seed: 3, agentEventsPerSec: 40 } });
    const gw = running.gateway;
    const sim = running.simulator!;

    // The token is needed (as a header, never in the URL).
    expect((await fetch(`${running.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${running.url}/metrics?token=${running.token}`)).status).toBe(401);
    expect((await fetch(`${running.url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${running.token}` } })).status).toBe(405);

    const before = await scrape(running.url, running.token);
    const method = 'GET /agents';
    const okBefore = before.value('argus_onec_calls_total', { method, outcome: 'ok' });

    // 2 calls that work, 2 that 1C fails with HTTP 500 (retryable), 1 that answers garbage (permanent).
    await gw.onec.getAgents('2026-01-01', '2026-01-31');
    await gw.onec.getAgents('2026-01-01', '2026-01-31');
    sim.setFaults({ status500: { message: 'Нет доступа к базе' }, times: 2 });
    await expect(gw.onec.getAgents('2026-01-01', '2026-01-31')).rejects.toMatchObject({ kind: 'retryable' });
    await expect(gw.onec.getAgents('2026-01-01', '2026-01-31')).rejects.toMatchObject({ kind: 'retryable' });
    sim.setFaults({ malformedJson: true, times: 1 });
    await expect(gw.onec.getAgents('2026-01-01', '2026-01-31')).rejects.toMatchObject({ kind: 'permanent' });

    // A plan awaiting approval, and queue work waiting (scheduled for tomorrow) and failed.
    await gw.sync.createPlan({ from: '2026-02-01', to: '2026-02-28', createdBy: 'tester' });
    enqueue(gw.db, { type: 'personnel_sync', data: { from: '2026-03-01', to: '2026-03-31' }, runAt: Date.now() + 86_400_000 });
    enqueue(gw.db, { type: 'personnel_sync', data: { from: '2026-04-01', to: '2026-04-30' }, runAt: Date.now() + 86_400_000 });
    // The MCE listener is live and has applied status events.
    await until('MCE live with events', () => gw.mce.status(), (s) => s.mode === 'live' && s.counters.events > 0);

    const mceBefore = gw.mce.status();
    const m = await scrape(running.url, running.token);
    const mceAfter = gw.mce.status();

    // Every family a dashboard reads, with its type and a help text.
    const types = Object.fromEntries([...m.families.values()].map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      argus_onec_calls_total: 'COUNTER',
      argus_onec_call_duration_seconds: 'HISTOGRAM',
      argus_queue_operations: 'GAUGE',
      argus_queue_oldest_pending_age_seconds: 'GAUGE',
      argus_circuit_breaker_state: 'GAUGE',
      argus_circuit_breaker_consecutive_failures: 'GAUGE',
      argus_sync_plans: 'GAUGE',
      argus_audit_entries: 'GAUGE',
      argus_mce_mode: 'GAUGE',
      argus_mce_status_events_total: 'COUNTER',
      argus_mce_seq_gaps_total: 'COUNTER',
      argus_mce_resyncs_total: 'COUNTER',
      argus_mce_reconnects_total: 'COUNTER',
      argus_mce_token_refreshes_total: 'COUNTER',
      argus_mce_agents: 'GAUGE',
    });
    for (const f of m.families.values()) expect(f.help.length, f.name).toBeGreaterThan(10);

    // 1C calls: what this test made, by outcome (the demo's own calls are counted too, hence the baseline).
    expect(m.value('argus_onec_calls_total', { method, outcome: 'ok' }) - okBefore).toBe(2 + 1);
    expect(m.value('argus_onec_calls_total', { method, outcome: 'retryable' }) - before.value('argus_onec_calls_total', { method, outcome: 'retryable' })).toBe(2);
    expect(m.value('argus_onec_calls_total', { method, outcome: 'permanent' }) - before.value('argus_onec_calls_total', { method, outcome: 'permanent' })).toBe(1);
    const h = m.histogram('argus_onec_call_duration_seconds', { method });
    const total = ['ok', 'retryable', 'permanent'].reduce((n, outcome) => n + m.value('argus_onec_calls_total', { method, outcome }), 0);
    expect(h.count).toBe(total);
    expect(new Set(Object.keys(h.buckets))).toEqual(new Set([...ONEC_DURATION_BUCKETS_SECONDS.map(String), '+Inf']));
    // Buckets are cumulative; a local simulator answers within 5 min, so the 300 s bucket holds every call.
    expect(h.buckets['300']).toBe(total);
    expect(h.buckets['+Inf']).toBe(total);
    expect(h.buckets['0.01']).toBeLessThanOrEqual(h.buckets['1']!);
    expect(h.sum).toBeGreaterThan(0);
    expect(h.sum).toBeLessThan(total * 30);

    // Queue depth by status and type: the two scheduled operations, every other series present at zero.
    expect(m.value('argus_queue_operations', { status: 'pending', type: 'personnel_sync' })).toBe(2);
    expect(m.labelSets('argus_queue_operations')).toHaveLength(3 * OPERATION_TYPES.length);
    expect(m.value('argus_queue_operations', { status: 'failed', type: 'schedule_upload' })).toBe(0);
    // Not due yet, so nothing waits past its time.
    expect(m.value('argus_queue_oldest_pending_age_seconds')).toBe(0);

    // Plans and audit as the database holds them.
    const plans = gw.db.prepare('SELECT status, count(*) AS n FROM sync_plans GROUP BY status').all() as Array<{ status: string; n: number }>;
    expect(plans.find((p) => p.status === 'awaiting_approval')?.n).toBeGreaterThanOrEqual(1);
    for (const status of planStatusSchema.options) expect(m.value('argus_sync_plans', { status }), status).toBe(plans.find((p) => p.status === status)?.n ?? 0);
    const audit = (gw.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(m.value('argus_audit_entries')).toBe(audit);

    // The 1C breaker: closed (one series per state, the current one at 1).
    expect(m.labelSets('argus_circuit_breaker_state')).toEqual(['state=closed,system=onec', 'state=half_open,system=onec', 'state=open,system=onec']);
    expect(m.value('argus_circuit_breaker_state', { system: 'onec', state: 'closed' })).toBe(1);
    expect(m.value('argus_circuit_breaker_state', { system: 'onec', state: 'open' })).toBe(0);

    // MCE: the mode as a labelled gauge, the stream's counters and agents.
    expect(m.value('argus_mce_mode', { mode: 'live' })).toBe(1);
    expect(m.value('argus_mce_mode', { mode: 'fallback' }) + m.value('argus_mce_mode', { mode: 'offline' }) + m.value('argus_mce_mode', { mode: 'not_configured' })).toBe(0);
    expect(m.value('argus_mce_status_events_total')).toBeGreaterThan(0);
    const counters: Array<[string, keyof typeof mceBefore.counters]> = [
      ['argus_mce_status_events_total', 'events'],
      ['argus_mce_snapshots_total', 'snapshots'],
      ['argus_mce_seq_gaps_total', 'seqGaps'],
      ['argus_mce_resyncs_total', 'resyncs'],
      ['argus_mce_reconnects_total', 'reconnects'],
      ['argus_mce_token_refreshes_total', 'tokenRefreshes'],
    ];
    for (const [name, key] of counters) {
      expect(m.value(name), name).toBeGreaterThanOrEqual(mceBefore.counters[key]);
      expect(m.value(name), name).toBeLessThanOrEqual(mceAfter.counters[key]);
    }
    expect(m.value('argus_mce_snapshots_total')).toBeGreaterThanOrEqual(1);
    expect(m.value('argus_mce_agents')).toBe(gw.mce.status().agents);
    expect(m.value('argus_mce_agents')).toBeGreaterThan(0);

    // The breaker opens after repeated failures and the next scrape says so.
    const b = gw.queue.breakers.get('onec');
    for (let i = 0; i < 5; i++) b.onFailure();
    const after = await scrape(running.url, running.token);
    expect(after.value('argus_circuit_breaker_state', { system: 'onec', state: 'open' })).toBe(1);
    expect(after.value('argus_circuit_breaker_consecutive_failures', { system: 'onec' })).toBe(5);
    expect(logs.join('\n')).not.toContain(running.token);
  });

  it('serves the metrics without a token only when the host was started with them public', async () => {
    const api: TestConsole = await openTestConsole();
    extra.push(api);
    const open = async (metricsPublic: boolean): Promise<ConsoleServer> => {
      const s = await listenConsoleServer({
        dispatcher: api.dispatcher,
        health: () => api.gateway.health(),
        metrics: () => api.gateway.metrics.exposition(),
        metricsPublic,
        subscribe: api.subscribe,
        staticDir: join(dir, 'dist'),
        actor: 'tester',
        log: () => {},
      });
      extra.push({ close: () => s.close(1000) });
      return s;
    };
    const closed = await open(false);
    const res = await fetch(`${closed.url}/metrics`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const pub = await open(true);
    const m = await scrape(pub.url, null);
    expect(m.value('argus_sync_plans', { status: 'awaiting_approval' })).toBe(1);
    // A wrong Host is still refused: public metrics are not for a rebound DNS name.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port: pub.port, path: '/metrics', headers: { host: 'attacker.example' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(421);
  });

  it('keeps each gateway\'s metrics in its own registry: two in one process count their own calls', async () => {
    const a = await openTestConsole();
    extra.push(a);
    const b = await openTestConsole();
    extra.push(b);
    const calls = async (gw: TestConsole) => new Scrape((await gw.gateway.metrics.exposition()).body).value('argus_onec_calls_total', { method: 'GET /agents', outcome: 'ok' });
    const [a0, b0] = [await calls(a), await calls(b)];
    await a.gateway.onec.getAgents('2026-01-01', '2026-01-31');
    await a.gateway.onec.getAgents('2026-01-01', '2026-01-31');
    expect(await calls(a)).toBe(a0 + 2);
    expect(await calls(b)).toBe(b0);
  });
});
