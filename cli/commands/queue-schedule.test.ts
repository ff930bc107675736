import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../../core/config/data-dir.ts';
import { openDatabase } from '../../core/db/open.ts';
import { claim, fail } from '../../core/queue/transitions.ts';
import { listAudit } from '../../core/audit/index.ts';
import { gatewayctl, gatewayctlJson as json } from '../testing/gatewayctl.ts';


interface Op {
  id: string;
  type: string;
  status: string;
  priority: number;
  createdBy: string | null;
  retryCount: number;
  errorMessage: string | null;
}

describe('gatewayctl queue and schedule', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatewayctl-queue-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('enqueues with validation, lists, shows, pauses, cancels and retries; operator actions are audited', { timeout: 60_000 }, async () => {
    const sync = await json<{ created: boolean; operation: Op }>(dir, ['queue', 'enqueue', 'personnel_sync', '--data', '{"from":"2026-03-01","to":"2026-03-31"}', '--priority', '2', '--key', 'march']);
    expect(sync).toMatchObject({ created: true, operation: { type: 'personnel_sync', status: 'pending', priority: 2, createdBy: 'ci-operator' } });
    const again = await json<{ created: boolean; operation: Op }>(dir, ['queue', 'enqueue', 'personnel_sync', '--data', '{"from":"2026-03-01","to":"2026-03-31"}', '--key', 'march']);
    expect(again).toMatchObject({ created: false, operation: { id: sync.operation.id } });

    writeFileSync(join(dir, 'sheet.json'), JSON.stringify({ date_start: '2026-03-01T00:00:00Z', date_end: '2026-03-31T00:00:00Z', AR_agents: [{ agentId: 'a-1' }] }));
    const sheet = await json<{ operation: Op }>(dir, ['queue', 'enqueue', 'timesheet_request', '--data-file', join(dir, 'sheet.json'), '--by', 'Иванова']);
    expect(sheet.operation.createdBy).toBe('Иванова');
    const fromStdin = await json<{ operation: Op }>(dir, ['queue', 'enqueue', 'plan_apply', '--data-file', '-'], '{"planId": 4}');
    expect(fromStdin.operation.type).toBe('plan_apply');

    const unknown = await gatewayctl(dir, ['queue', 'enqueue', 'payroll_run', '--data', '{}']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown operation type "payroll_run"');
    const malformed = await gatewayctl(dir, ['queue', 'enqueue', 'personnel_sync', '--data', '{"from":"2026-13-01"}', '--json']);
    expect(malformed.code).not.toBe(0);
    expect(JSON.parse(malformed.stderr)).toMatchObject({ error: { code: 'invalid_operation', kind: 'permanent' } });
    expect(malformed.stderr).toContain('from: expected a date YYYY-MM-DD');
    expect(malformed.stderr).toContain('to: required');
    const notJson = await gatewayctl(dir, ['queue', 'enqueue', 'personnel_sync', '--data', '{from:']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('not valid JSON');

    const list = await json<{ total: number; items: Op[]; counts: Record<string, number>; health: { pending: number } }>(dir, ['queue', 'list']);
    expect(list.total).toBe(3);
    expect(list.counts).toMatchObject({ pending: 3, failed: 0 });
    expect(list.items.map((o) => o.type)).toEqual(['plan_apply', 'timesheet_request', 'personnel_sync']);
    const filtered = await json<{ items: Op[] }>(dir, ['queue', 'list', '--type', 'timesheet_request', '--search', 'A-1']);
    expect(filtered.items.map((o) => o.id)).toEqual([sheet.operation.id]);
    const human = await gatewayctl(dir, ['queue', 'list', '--status', 'pending']);
    expect(human.stdout).toContain('pending 3 (+0 scheduled)');
    expect(human.stdout).toContain(sync.operation.id);
    const badStatus = await gatewayctl(dir, ['queue', 'list', '--status', 'done']);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('unknown status done');

    const shown = await json<{ operation: Op & { apiEndpoint: string }; attempts: unknown[] }>(dir, ['queue', 'show', sync.operation.id]);
    expect(shown).toMatchObject({ operation: { apiEndpoint: 'GET /agents/2026-03-01/2026-03-31' }, attempts: [] });

    expect(await json(dir, ['queue', 'pause', 'timesheet_request'])).toMatchObject({ paused: true, changed: true });
    expect((await json<{ pausedTypes: { type: string }[] }>(dir, ['queue', 'health'])).pausedTypes.map((p) => p.type)).toEqual(['timesheet_request']);
    expect(await json(dir, ['queue', 'resume', 'timesheet_request'])).toMatchObject({ paused: false, changed: true });

    expect((await json<Op>(dir, ['queue', 'cancel', fromStdin.operation.id])).status).toBe('cancelled');

    // two failures, as a worker would record them
    const db = openDatabase(databaseFile(dir));
    try {
      const node = 'test-worker';
      for (const op of claim(db, { node, leaseMs: 60_000, limit: 5 })) fail(db, op.id, node, { kind: 'permanent', message: `1C refused ${op.type}` });
    } finally {
      db.close();
    }
    expect(await json(dir, ['queue', 'retry-failed', '--dry-run', '--type', 'timesheet_request'])).toEqual({ wouldRetry: 1 });
    expect(await json(dir, ['queue', 'retry-failed', '--type', 'timesheet_request', '--by', 'Петров'])).toEqual({ retried: 1 });
    expect((await json<Op>(dir, ['queue', 'retry', sync.operation.id])).status).toBe('pending');
    const counts = (await json<{ counts: Record<string, number> }>(dir, ['queue', 'list'])).counts;
    expect(counts).toMatchObject({ pending: 2, failed: 0, cancelled: 1 });
    const notFound = await gatewayctl(dir, ['queue', 'retry', 'no-such-id']);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toContain('no operation with id no-such-id');

    const audit = openDatabase(databaseFile(dir));
    try {
      const actions = listAudit(audit, { search: 'queue.' }).entries.map((e) => `${e.action} ${e.actor}`).reverse();
      expect(actions).toEqual([
        'queue.enqueue ci-operator',
        'queue.enqueue Иванова',
        'queue.enqueue ci-operator',
        'queue.pause ci-operator',
        'queue.resume ci-operator',
        'queue.cancel ci-operator',
        'queue.retry_failed Петров',
        'queue.retry ci-operator',
      ]);
    } finally {
      audit.close();
    }
  });

  it('shows the schedule with the next five runs and changes it with validation', { timeout: 30_000 }, async () => {
    const info = await json<{ settings: Record<string, unknown>; nextRuns: string[]; zone: string }>(dir, ['schedule', 'show']);
    expect(info.settings).toEqual({ enabled: true, frequency: 'monthly', weekOfMonth: 'last', weekday: 6, time: '01:30', zone: 'Europe/Moscow' });
    expect(info.nextRuns).toHaveLength(5);
    const human = await gatewayctl(dir, ['schedule', 'show']);
    expect(human.stdout).toContain('monthly on the last Saturday at 01:30 Europe/Moscow');

    const set = await json<{ settings: Record<string, unknown>; nextRuns: string[] }>(dir, ['schedule', 'set', '--frequency', 'weekly', '--weekday', 'sat', '--time', '02:00', '--zone', 'Novosibirsk']);
    expect(set.settings).toMatchObject({ frequency: 'weekly', weekday: 6, time: '02:00', zone: 'Asia/Novosibirsk' });
    // 02:00 in Novosibirsk (UTC+7) is 19:00 UTC on Friday
    for (const r of set.nextRuns) {
      const d = new Date(r);
      expect([d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes()]).toEqual([5, 19, 0]);
    }
    const bad = await gatewayctl(dir, ['schedule', 'set', '--zone', 'Mars/Olympus']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('unknown time zone "Mars/Olympus"');
    const badDay = await gatewayctl(dir, ['schedule', 'set', '--weekday', 'someday']);
    expect(badDay.code).toBe(2);
    const off = await json<{ settings: { enabled: boolean }; nextRuns: string[] }>(dir, ['schedule', 'set', '--disable']);
    expect(off).toMatchObject({ settings: { enabled: false }, nextRuns: [] });
    expect((await json<{ settings: Record<string, unknown> }>(dir, ['schedule', 'show'])).settings).toMatchObject({ enabled: false, frequency: 'weekly', zone: 'Asia/Novosibirsk' });
  });
});
