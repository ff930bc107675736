/**
 * The headless host end to end over real sockets: real gateway, real SQLite in
 * a temp directory, the 1C simulator in-process, the renderer's WebSocket client.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../core/contract/index.ts';
import { endpointOrigin } from '../core/secrets/vault.ts';
import { createGateway } from '../core/service.ts';
import { createWsClient } from '../renderer/src/client/ws.ts';
import type { ConsoleClient } from '../renderer/src/client/types.ts';
import { startSimulatorForTest } from './testing/simulator.ts';
import { startMceSimulator } from '../simulators/mce/server.ts';
import { startServer, type RunningServer } from './start.ts';

let dir: string;
let running: RunningServer | null = null;
let client: ConsoleClient | null = null;
const logs: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argus-serve-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>console</title>');
});

afterEach(async () => {
  client?.close();
  await running?.close();
  running = null;
  client = null;
  rmSync(dir, { recursive: true, force: true });
});

async function serve() {
  running = await startServer({ dataDir: join(dir, 'data'), port: 0, staticDir: join(dir, 'dist'), log: (l) => logs.push(l), demo: { employees: 40, seed: 3 } });
  client = createWsClient({ url: `ws://127.0.0.1:${running.port}/ws`, token: running.token });
  return { running, client };
}

describe('startServer', () => {
  it('runs the demo against the in-process simulator: plan, exclude, approve, apply, directory updated', async () => {
    const { running, client } = await serve();
    expect(running.demo).toBe(true);
    expect(running.consoleUrl).toBe(`http://127.0.0.1:${running.port}/?token=${running.token}`);
    expect(running.token).toMatch(/^[0-9a-f]{64}$/);

    const info = await client.call('app.info', {});
    expect(info).toMatchObject({ demo: true, simulated: ['onec', 'mce'], host: 'web', dataDir: join(dir, 'data') });

    const changes: EventPayload<'plan.changed'>[] = [];
    client.subscribe('plan.changed', (p) => changes.push(p));
    const progress: EventPayload<'plan.applyProgress'>[] = [];
    client.subscribe('plan.applyProgress', (p) => progress.push(p));

    const plan = await client.call('plans.create', { from: '2026-01-01', to: '2026-01-31' });
    expect(plan.status).toBe('awaiting_approval');
    expect(plan.createdBy).toContain('(web console)');
    expect(plan.counts.create).toBeGreaterThan(0);

    const page = await client.call('plans.items', { planId: plan.id, action: 'create', entity: 'employee', limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.facets.departments.length).toBeGreaterThan(0);
    const excludedId = page.items[0]!.externalId;

    const afterExclude = await client.call('plans.exclude', { planId: plan.id, externalIds: [excludedId], excluded: true });
    expect(afterExclude.excludedCount).toBe(1);

    const approved = await client.call('plans.approve', { planId: plan.id, by: 'Иванова А.С.', comment: 'first load' });
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'Иванова А.С.', approvalComment: 'first load' });

    const result = await client.call('plans.apply', { planId: plan.id });
    expect(result.skippedExcluded).toBe(1);
    expect(result.created).toBe(plan.counts.create - 1);

    const dirList = await client.call('directory.list', { limit: 1000 });
    // Everyone the plan created, except the excluded one.
    expect(dirList.total).toBe(page.total - 1);
    expect(dirList.employees.some((e) => e.externalId === excludedId)).toBe(false);
    const one = dirList.employees[0]!;
    const found = await client.call('directory.search', { query: one.tabN });
    expect(found.employees.map((e) => e.externalId)).toContain(one.externalId);

    expect(changes.map((c) => c.status)).toEqual(expect.arrayContaining(['awaiting_approval', 'approved', 'applied']));
    expect(progress.at(-1)).toMatchObject({ planId: plan.id });

    const health = (await (await fetch(`${running.url}/health`)).json()) as { status: string; checks: { name: string }[] };
    expect(health.checks.map((c) => c.name)).toContain('database');
  });

  it('turns a refused decision into a readable error', async () => {
    const { client } = await serve();
    const plan = await client.call('plans.create', { from: '2026-01-01', to: '2026-01-31' });
    await client.call('plans.reject', { planId: plan.id, by: 'Петров', reason: 'wrong period' });
    const err = await client.call('plans.approve', { planId: plan.id, by: 'Петров' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ContractCallError', kind: 'permanent' });
    expect((err as Error).message).toMatch(/rejected/);
  });

  it('reads and writes non-secret settings only', async () => {
    const { client } = await serve();
    const { values } = await client.call('config.get', {});
    expect(values['sync.maxDeactivationPct']).toBe(10);
    expect(Object.keys(values).some((k) => /password|secret|token/i.test(k))).toBe(false);
    expect(await client.call('config.set', { key: 'sync.planTtlHours', value: 48 })).toEqual({ key: 'sync.planTtlHours', value: 48 });
    await expect(client.call('config.set', { key: 'onec.password', value: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(client.call('config.set', { key: 'no.suchKey', value: 1 })).rejects.toMatchObject({ code: 'config_unknown_key' });
  });

  it('uses the configured 1C and MCE endpoints, not the simulators, when they are set', async () => {
    const sim = await startSimulatorForTest();
    const mce = await startMceSimulator({ agents: 20, seed: 5, onecEmployees: 30, users: { oktell: 'secret' } });
    try {
      const gw = await createGateway({ dataDir: join(dir, 'data') });
      gw.config.set('onec.url', sim.url);
      gw.vault.set('onec', { username: 'wfm', password: 'wfm' }, endpointOrigin(sim.url));
      gw.config.set('mce.url', mce.url);
      gw.vault.set('mce', { username: 'oktell', password: 'secret' }, endpointOrigin(mce.url));
      await gw.close();
      const { running, client } = await serve();
      expect(running.demo).toBe(false);
      expect(running.simulatorUrl).toBeNull();
      expect(running.mceSimulatorUrl).toBeNull();
      expect(await client.call('app.info', {})).toMatchObject({ demo: false, simulated: [] });
      await client.call('plans.create', { from: '2026-01-01', to: '2026-01-31' });
      expect(sim.requests()).toBe(1);
      // The listener runs in the host, against the configured MCE with the stored credentials.
      await until(async () => (await client.call('mce.status', {})).mode === 'live');
      const status = await client.call('mce.status', {});
      expect(status).toMatchObject({ simulated: false, endpoint: mce.url, agents: 20 });
      expect((await client.call('agents.list', {})).agents).toHaveLength(20);
    } finally {
      await sim.close();
      await mce.close();
    }
  });

  it('runs the MCE simulator beside the 1C one in demo mode, with the same people', async () => {
    const { running, client } = await serve();
    expect(running.mceSimulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await until(async () => (await client.call('mce.status', {})).mode === 'live');
    const list = await client.call('agents.list', {});
    expect(list.agents.length).toBe(running.mceSimulator!.agents().length);
    // Logins are the 1C simulator's: after a sync, most agents are linked to their employee.
    const plan = await client.call('plans.create', { from: '2026-01-01', to: '2026-01-31' });
    await client.call('plans.approve', { planId: plan.id, by: 'Анна' });
    await client.call('plans.apply', { planId: plan.id });
    const linked = (await client.call('agents.list', {})).agents.filter((a) => a.employee !== null);
    expect(linked.length).toBeGreaterThan(list.agents.length * 0.8);
    expect(linked[0]!.employee).toMatchObject({ link: 'login', active: expect.any(Boolean) });
  });
});

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('the condition did not come true in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
