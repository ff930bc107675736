import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnecSimulator, type OnecSimulator } from '../simulators/onec/server.ts';
import { CLI, gatewayctl, gatewayctlJson as json } from './testing/gatewayctl.ts';


describe('gatewayctl end to end against the 1C simulator', () => {
  let dir: string;
  let sim: OnecSimulator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewayctl-'));
    sim = await startOnecSimulator({ employees: 120, seed: 11, today: '2026-11-20', users: { wfm: 's3cret-пароль' } });
  });
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs simulate → plan → approve → apply → employees listed, then a second sync with real changes', async () => {
    await json(dir, ['config', 'set', 'onec.url', sim.url]);
    const creds = await gatewayctl(dir, ['credentials', 'set', 'onec', '--user', 'wfm', '--password-stdin'], 's3cret-пароль\n');
    expect(creds.code).toBe(0);
    expect(creds.stdout).not.toContain('s3cret');

    const status = await json<{ system: string; configured: boolean; username: string }[]>(dir, ['credentials', 'status']);
    expect(status.find((s) => s.system === 'onec')).toMatchObject({ configured: true, username: 'wfm' });
    expect(JSON.stringify(status)).not.toContain('s3cret');

    const plan = await json<{ id: number; status: string; counts: { create: number; deactivate: number } }>(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(plan.status).toBe('awaiting_approval');
    expect(plan.counts.create).toBeGreaterThanOrEqual(120);

    const list = await json<{ plans: { id: number }[] }>(dir, ['sync', 'list']);
    expect(list.plans.map((p) => p.id)).toContain(plan.id);

    const shown = await json<{ items: { action: string; externalId: string; label: string }[] }>(dir, ['sync', 'show', String(plan.id), '--action', 'create', '--limit', '5']);
    expect(shown.items).toHaveLength(5);
    const excluded = shown.items[0]!.externalId;

    const approved = await json<{ status: string; approvedBy: string; excludedCount: number }>(dir, [
      'sync', 'approve', String(plan.id), '--by', 'Иванова А.С.', '--comment', 'первичная загрузка', '--exclude', excluded,
    ]);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'Иванова А.С.', excludedCount: 1 });

    const applied = await json<{ alreadyApplied: boolean; created: number }>(dir, ['sync', 'apply', String(plan.id)]);
    expect(applied.alreadyApplied).toBe(false);
    expect(applied.created).toBeGreaterThan(0);

    const again = await json<{ alreadyApplied: boolean; message: string }>(dir, ['sync', 'apply', String(plan.id)]);
    expect(again.alreadyApplied).toBe(true);
    expect(again.message).toMatch(/already applied/);

    const employees = await json<{ total: number; employees: { externalId: string }[] }>(dir, ['employees', 'list', '--all', '--limit', '1000']);
    expect(employees.total).toBeGreaterThan(100);
    expect(employees.employees.map((e) => e.externalId)).not.toContain(excluded);

    const human = await gatewayctl(dir, ['employees', 'list', '--limit', '3']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/[А-Яа-яЁё]/);

    // Days pass in 1C: the next plan carries real changes.
    sim.advanceDays(10);
    const second = await json<{ counts: { create: number; update: number; deactivate: number } }>(dir, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(second.counts.create + second.counts.update + second.counts.deactivate).toBeGreaterThan(0);
  }, 90_000);

  it('fails with a clear message and a non-zero exit on bad input', async () => {
    const unknownKey = await gatewayctl(dir, ['config', 'set', 'onec.urll', 'x']);
    expect(unknownKey.code).toBe(2);
    expect(unknownKey.stderr).toMatch(/unknown configuration key "onec.urll"/);

    const badDate = await gatewayctl(dir, ['sync', 'plan', '--from', '2026-13-01', '--to', '2026-11-30']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/YYYY-MM-DD/);

    const missing = await gatewayctl(dir, ['sync', 'approve', '9999', '--by', 'x', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error.message).toMatch(/9999/);

    const noStdin = await gatewayctl(dir, ['credentials', 'set', 'onec', '--user', 'wfm']);
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toMatch(/--password-stdin/);
  }, 60_000);

  it('enqueues an operation for cron and processes it with queue work --until-idle', async () => {
    const enq = await json<{ operation: { id: string; status: string } }>(dir, ['queue', 'enqueue', 'personnel_sync', '--data', '{"from":"2026-12-01","to":"2026-12-31"}']);
    expect(enq.operation.status).toBe('pending');
    const work = await json<{ completed: number; failed: number }>(dir, ['queue', 'work', '--until-idle']);
    expect(work).toMatchObject({ completed: 1, failed: 0 });
    const shown = await json<{ operation: { status: string; result: { planId: number } } }>(dir, ['queue', 'show', enq.operation.id]);
    expect(shown.operation.status).toBe('completed');
    const plans = await json<{ plans: { id: number; periodFrom: string }[] }>(dir, ['sync', 'list']);
    expect(plans.plans.find((p) => p.id === shown.operation.result.planId)?.periodFrom).toBe('2026-12-01');
  }, 60_000);

  it('refuses to sync when 1C is not configured, saying how to fix it', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'gatewayctl-fresh-'));
    try {
      const r = await gatewayctl(fresh, ['sync', 'plan', '--from', '2026-11-01', '--to', '2026-11-30']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/not configured.*config set onec.url/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});

describe('gatewayctl serve', () => {
  it('serves the console with a token in the printed URL, answers /health, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatewayctl-serve-'));
    const child = spawn(process.execPath, [CLI, '--data-dir', dir, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const consoleUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no console URL printed; output so far: ${out}`)), 20_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /Console: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(out).toMatch(/Demo: built-in simulators/);
      const health = await fetch(new URL('/health', consoleUrl));
      expect(health.headers.get('content-type')).toMatch(/json/);
      expect(await health.json()).toHaveProperty('status');
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
