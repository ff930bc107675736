/**
 * gatewayctl agents and mce, end to end: a `gatewayctl queue work` process
 * listens to the MCE simulator (as it would on a server), and the commands,
 * each a process of its own, read what it writes to the shared database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityReport, MceStatus } from '../../core/contract/index.ts';
import { startMceSimulator, type MceSimulator } from '../../simulators/mce/server.ts';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { CLI, gatewayctl, gatewayctlJson as json } from '../testing/gatewayctl.ts';

interface AgentJson {
  agentId: string;
  login: string;
  state: string;
  reason: string | null;
  since: string;
  site: string | null;
  externalId: string | null;
  employee: { tabN: string } | null;
}

let dir: string;
let onec: OnecSimulator;
let mce: MceSimulator;
let worker: ChildProcess | null = null;

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatewayctl-agents-'));
  onec = await startOnecSimulator({ employees: 40, seed: 5, today: '2026-11-20' });
  mce = await startMceSimulator({ agents: 'all', seed: 5, onecEmployees: 40, today: '2026-11-20', eventsPerSec: 20, users: { oktell: 'secret' } });
});

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await onec?.close();
  await mce?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('gatewayctl agents and mce', () => {
  it('reads live agents written by the listening process, links identities, follows changes, reports the link', { timeout: 120_000 }, async () => {
    await json(dir, ['config', 'set', 'onec.url', onec.url]);
    expect((await gatewayctl(dir, ['credentials', 'set', 'onec', '--user', 'wfm', '--password-stdin'], 'wfm')).code).toBe(0);
    await json(dir, ['config', 'set', 'mce.url', mce.url]);
    expect((await gatewayctl(dir, ['credentials', 'set', 'mce', '--user', 'oktell', '--password-stdin'], 'secret')).code).toBe(0);
    expect((await json<{ mode: string; stale: boolean }>(dir, ['mce', 'status'])).mode).toBe('offline');

    // The directory, so agents link to employees by login.
    const plan = await json<{ id: number }>(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
    await json(dir, ['sync', 'approve', String(plan.id), '--by', 'Иванова А.С.']);
    await json(dir, ['sync', 'apply', String(plan.id)]);

    const test = await json<{ ok: boolean; agents: number }>(dir, ['mce', 'test']);
    expect(test).toMatchObject({ ok: true, agents: mce.agents().length });

    worker = spawn(process.execPath, [CLI, '--data-dir', dir, 'queue', 'work'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const status = await until('the worker listens to MCE', () => json<MceStatus & { seqGaps: number }>(dir, ['mce', 'status']), (s) => s.mode === 'live' && !s.stale);
    expect(status).toMatchObject({ endpoint: mce.url, simulated: false, agents: mce.agents().length, seqGaps: 0, resyncs: 0, reconnects: 0, tokenRefreshes: 0 });

    const list = await json<{ mode: string; agents: AgentJson[] }>(dir, ['agents', 'list']);
    expect(list.mode).toBe('live');
    expect(list.agents).toHaveLength(mce.agents().length);
    for (const a of list.agents) {
      expect(Object.keys(a)).toEqual(expect.arrayContaining(['agentId', 'login', 'state', 'reason', 'since', 'site', 'externalId']));
      expect(a.externalId).toEqual(a.employee ? expect.any(String) : null);
    }
    expect(list.agents.filter((a) => a.externalId !== null).length).toBeGreaterThan(list.agents.length * 0.8);
    const unknown = list.agents.filter((a) => a.externalId === null).map((a) => a.login);
    expect(unknown).toEqual(expect.arrayContaining(['supervisor.1']));

    const someState = list.agents[0]!.state;
    const byState = await json<{ agents: AgentJson[] }>(dir, ['agents', 'list', '--state', someState]);
    expect(byState.agents.length).toBeGreaterThan(0);
    expect(byState.agents.every((a) => a.state === someState)).toBe(true);
    const one = await json<{ agents: AgentJson[] }>(dir, ['agents', 'list', '--search', 'SUPERVISOR.1']);
    expect(one.agents.map((a) => a.login)).toEqual(['supervisor.1']);
    const human = await gatewayctl(dir, ['agents', 'list', '--search', 'supervisor.1']);
    expect(human.stdout).toMatch(/^MCE live, last event \d+ s ago; 1 of \d+ agents/);
    expect(human.stdout).toContain('(not linked)');

    // Identity: the accounts 1C does not know; a manual link fixes one, "not an employee" hides another.
    const before = await json<IdentityReport>(dir, ['agents', 'identity']);
    expect(before.counts.agent_without_employee).toBeGreaterThanOrEqual(2);
    const someone = (await json<{ employees: { externalId: string; active: boolean }[] }>(dir, ['employees', 'list', '--limit', '1'])).employees[0]!;
    const linked = await json<{ login: string; externalId: string }>(dir, ['agents', 'link', 'Supervisor.1', someone.externalId, '--by', 'Иванова']);
    expect(linked).toMatchObject({ login: 'Supervisor.1', externalId: someone.externalId });
    const other = before.rows.find((r) => r.kind === 'agent_without_employee' && r.login !== 'supervisor.1')!.login;
    await json(dir, ['agents', 'link', other, '--not-employee']);
    const after = await json<IdentityReport>(dir, ['agents', 'identity']);
    expect(after.counts.agent_without_employee).toBe(before.counts.agent_without_employee - 2);
    expect(after.links.map((l) => [l.login, l.externalId])).toEqual(expect.arrayContaining([['Supervisor.1', someone.externalId], [other, null]]));
    expect((await json<{ agents: AgentJson[] }>(dir, ['agents', 'list', '--search', 'supervisor.1'])).agents[0]!.externalId).toBe(someone.externalId);
    expect(await json(dir, ['agents', 'unlink', other])).toEqual({ login: other, removed: true });
    expect((await json<IdentityReport>(dir, ['agents', 'identity', '--kind', 'agent_without_employee'])).rows.map((r) => r.login)).toContain(other);
    const refused = await gatewayctl(dir, ['agents', 'link', 'x.y', 'no-such-employee']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no employee with external id "no-such-employee" in the directory');
    expect((await gatewayctl(dir, ['agents', 'link', 'x.y'])).code).toBe(2);

    // watch prints the changes the worker writes, one JSON line each, until interrupted.
    const watch = spawn(process.execPath, [CLI, '--data-dir', dir, '--json', 'agents', 'watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    watch.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until('watch printed changes', async () => out.split('\n').filter(Boolean).length, (n) => n >= 3, 30_000);
    const exited = new Promise<number | null>((r) => watch.once('exit', (code) => r(code)));
    watch.kill('SIGINT');
    expect(await exited).toBe(0);
    const changes = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { agentId: string; login: string; from: string | null; to: string; at: string });
    expect(changes[0]).toMatchObject({ agentId: expect.any(String), login: expect.any(String), to: expect.any(String) });
    expect(Date.parse(changes[0]!.at)).not.toBeNaN();
    // Each line is a real change from the state the agent had (the simulator never re-enters the state it is in).
    for (const c of changes) expect(c.from, `${c.login} ${c.from} → ${c.to}`).not.toBe(c.to);

    // The worker stops: the status says so.
    const stopped = new Promise((r) => worker!.once('exit', r));
    worker.kill('SIGTERM');
    await stopped;
    expect((await json<MceStatus>(dir, ['mce', 'status'])).mode).toBe('offline');
  });
});
