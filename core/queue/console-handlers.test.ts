/**
 * The queue.* contract methods end to end through the generic dispatcher,
 * over a real gateway and SQLite file (no processor runs: work is claimed and
 * failed by hand where a test needs failed operations).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventPayload, MethodName, Output } from '../contract/index.ts';
import { listAudit } from '../audit/index.ts';
import { createGateway, type Gateway } from '../service.ts';
import { ManualClock } from '../time/clock.ts';
import { consoleFromGateway, type GatewayConsole } from '../api/console.ts';
import { claim, enqueue, fail } from './transitions.ts';

let dir: string;
let gw: Gateway;
let api: GatewayConsole;
let clock: ManualClock;

const ctx = { actor: 'Анна (web console)' };
const syncData = { from: '2026-01-01', to: '2026-01-31' };
const timesheetData = { date_start: '2026-01-01T00:00:00Z', date_end: '2026-01-31T00:00:00Z', AR_agents: [{ agentId: 'a-1' }] };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-queue-api-'));
  clock = new ManualClock('2026-03-02T10:00:00Z');
  gw = await createGateway({ dataDir: dir, clock, actor: 'tester' });
  api = consoleFromGateway(gw, { version: 't', host: 'web', zone: 'UTC', startedAt: '2026-03-02T10:00:00Z' });
});

afterEach(async () => {
  vi.useRealTimers();
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<M extends MethodName>(method: M, input: unknown): Promise<Output<M>> {
  const r = await api.dispatcher.dispatch(method, input, ctx);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.result as Output<M>;
}

async function refusal(method: MethodName, input: unknown): Promise<{ code: string; message: string }> {
  const r = await api.dispatcher.dispatch(method, input, ctx);
  if (r.ok) throw new Error(`${method} succeeded, a refusal was expected`);
  return r.error;
}

/** A failed operation of `type`, as the processor would leave one whose retries ran out. */
function failedOperation(type: 'timesheet_request' | 'personnel_sync', message: string): string {
  const data = type === 'timesheet_request' ? timesheetData : syncData;
  const { operation } = enqueue(gw.db, { type, data, maxRetries: 0 }, clock);
  const [claimed] = claim(gw.db, { node: 'n1', leaseMs: 60_000, limit: 1 }, clock);
  expect(claimed?.id).toBe(operation.id);
  clock.advance(1500);
  fail(gw.db, operation.id, 'n1', { kind: 'retryable', message, httpStatus: 503 }, {}, clock);
  return operation.id;
}

describe('queue methods', () => {
  it('enqueue stores a valid operation as the acting person; list, counts, health and get show it', async () => {
    const r = await call('queue.enqueue', { type: 'personnel_sync', data: syncData, priority: 2 });
    expect(r.created).toBe(true);
    expect(r.operation).toMatchObject({ type: 'personnel_sync', priority: 2, status: 'pending', createdBy: ctx.actor, data: syncData, apiEndpoint: 'GET /agents/2026-01-01/2026-01-31' });

    const list = await call('queue.list', {});
    expect(list.total).toBe(1);
    expect(list.asOf).toBe('2026-03-02T10:00:00.000Z');
    expect(list.operations[0]!.id).toBe(r.operation.id);
    // Rows travel without payload and result: those come with queue.get.
    expect(list.operations[0]).not.toHaveProperty('data');

    expect(await call('queue.counts', {})).toEqual({ counts: { pending: 1, processing: 0, completed: 0, failed: 0, cancelled: 0 }, total: 1 });

    clock.advance(90_000);
    expect(await call('queue.health', {})).toMatchObject({ pending: 1, processing: 0, failed: 0, oldestPendingAgeMs: 90_000, oldestPendingSince: '2026-03-02T10:00:00.000Z', pausedTypes: [] });

    expect(await call('queue.get', { id: r.operation.id })).toEqual({ operation: r.operation, attempts: [] });
    expect(listAudit(gw.db, {}).entries.map((e) => e.action)).toContain('queue.enqueue');
  });

  it('refuses malformed data with every field at fault; validate reports the same per field without storing', async () => {
    const bad = { date_start: 'yesterday', AR_agents: [] };
    const v = await call('queue.validate', { type: 'timesheet_request', data: bad });
    expect(v.valid).toBe(false);
    expect(v.issues).toEqual(
      expect.arrayContaining([
        { path: 'date_start', message: expect.stringContaining('ISO 8601') },
        { path: 'date_end', message: 'required' },
        { path: 'AR_agents', message: 'at least one agent' },
      ]),
    );
    expect(await call('queue.validate', { type: 'timesheet_request', data: timesheetData })).toEqual({ valid: true, issues: [] });
    expect((await call('queue.validate', { type: 'plan_apply', data: 'nonsense' })).issues).toEqual([{ path: '', message: expect.any(String) }]);

    const e = await refusal('queue.enqueue', { type: 'timesheet_request', data: bad });
    expect(e.code).toBe('invalid_operation');
    expect(e.message).toContain('invalid timesheet_request data: date_start:');
    expect(e.message).toContain('AR_agents: at least one agent');
    expect((await refusal('queue.enqueue', { type: 'bogus', data: {} })).code).toBe('invalid_input');
    expect((await call('queue.list', {})).total).toBe(0);
  });

  it('an idempotency key already live returns the operation that holds it', async () => {
    const a = await call('queue.enqueue', { type: 'plan_apply', data: { planId: 7 }, idempotencyKey: 'apply-7' });
    const b = await call('queue.enqueue', { type: 'plan_apply', data: { planId: 7 }, idempotencyKey: 'apply-7' });
    expect(b).toEqual({ operation: a.operation, created: false });
  });

  it('filters by status, type, priority, creation time and text; empty lists mean any', async () => {
    const failedId = failedOperation('timesheet_request', '1C answered 503: Сервис недоступен');
    const sync = (await call('queue.enqueue', { type: 'personnel_sync', data: syncData, priority: 1 })).operation;
    clock.advance(60_000);
    const apply = (await call('queue.enqueue', { type: 'plan_apply', data: { planId: 4242 }, priority: 5 })).operation;

    const ids = async (filter: object) => (await call('queue.list', { filter })).operations.map((o) => o.id);
    expect(await ids({})).toEqual([apply.id, sync.id, failedId]);
    expect(await ids({ status: [], type: [], priority: [] })).toEqual([apply.id, sync.id, failedId]);
    expect(await ids({ status: ['failed'] })).toEqual([failedId]);
    expect(await ids({ status: ['pending', 'failed'], type: ['plan_apply', 'timesheet_request'] })).toEqual([apply.id, failedId]);
    expect(await ids({ priority: [1] })).toEqual([sync.id]);
    expect(await ids({ from: '2026-03-02T10:00:30Z' })).toEqual([apply.id]);
    expect(await ids({ to: '2026-03-02T10:00:30Z' })).toEqual([sync.id, failedId]);
    expect(await ids({ search: '4242' })).toEqual([apply.id]);
    expect(await ids({ search: 'сервис НЕДОСТУПЕН' })).toEqual([failedId]);

    // Counts ignore the status part of the filter, so every status shows its number.
    expect((await call('queue.counts', { filter: { status: ['failed'], type: ['timesheet_request', 'plan_apply'] } })).counts).toMatchObject({ pending: 1, failed: 1 });
    expect((await refusal('queue.list', { filter: { from: '2026-03-03T00:00:00Z', to: '2026-03-02T00:00:00Z' } })).message).toContain('the time range must end after it starts');
    expect((await refusal('queue.list', { filter: { priority: [9] } })).message).toContain('priority is 1 (highest) to 5 (lowest)');
  });

  it('get returns the attempt timeline with outcome, HTTP status, duration and error', async () => {
    const id = failedOperation('timesheet_request', '1C answered 503');
    const d = await call('queue.get', { id });
    expect(d.operation).toMatchObject({ status: 'failed', errorMessage: expect.stringContaining('1C answered 503'), errorKind: 'retryable', data: timesheetData });
    expect(d.attempts).toEqual([
      expect.objectContaining({ attemptNo: 1, outcome: 'retryable', httpStatus: 503, durationMs: 1500, error: expect.stringContaining('1C answered 503'), endedAt: '2026-03-02T10:00:01.500Z' }),
    ]);
    const e = await refusal('queue.get', { id: 'no-such-id' });
    expect(e).toMatchObject({ code: 'operation_not_found', message: 'no operation with id no-such-id' });
  });

  it('countFailed states how many retryFailed puts back, within the filter', async () => {
    failedOperation('timesheet_request', 'a');
    failedOperation('timesheet_request', 'b');
    failedOperation('personnel_sync', 'c');
    const filter = { type: ['timesheet_request'], status: ['completed'] };
    expect(await call('queue.countFailed', { filter })).toEqual({ count: 2 });
    expect(await call('queue.countFailed', {})).toEqual({ count: 3 });
    expect(await call('queue.retryFailed', { filter })).toEqual({ count: 2 });
    expect((await call('queue.counts', {})).counts).toMatchObject({ pending: 2, failed: 1 });
    expect(await call('queue.countFailed', {})).toEqual({ count: 1 });
  });

  it('retry, cancel and priority act on one operation, and refuse with the reason', async () => {
    const id = failedOperation('timesheet_request', 'down');
    expect(await call('queue.retry', { id })).toMatchObject({ id, status: 'pending', retryCount: 0, errorMessage: null });
    expect(await call('queue.setPriority', { id, priority: 1 })).toMatchObject({ id, priority: 1 });
    expect(await call('queue.cancel', { id })).toMatchObject({ id, status: 'cancelled' });
    expect((await refusal('queue.setPriority', { id, priority: 2 })).message).toContain('it is cancelled; only pending operations can be reprioritised');
    expect((await refusal('queue.retry', { id })).message).toContain('only failed or pending operations can be retried');
    expect((await refusal('queue.setPriority', { id, priority: 0 })).code).toBe('invalid_input');
  });

  it('pause and resume a type: health lists it, a second pause changes nothing', async () => {
    expect(await call('queue.pause', { type: 'schedule_upload' })).toEqual({ type: 'schedule_upload', paused: true, changed: true });
    expect(await call('queue.pause', { type: 'schedule_upload' })).toEqual({ type: 'schedule_upload', paused: true, changed: false });
    expect((await call('queue.health', {})).pausedTypes).toEqual([{ type: 'schedule_upload', pausedAt: '2026-03-02T10:00:00.000Z', pausedBy: ctx.actor }]);
    expect(await call('queue.resume', { type: 'schedule_upload' })).toEqual({ type: 'schedule_upload', paused: false, changed: true });
    expect((await call('queue.health', {})).pausedTypes).toEqual([]);
  });
});

describe('queue.changed', () => {
  it('coalesces a burst of changes: the first goes out at once, the rest together after the window', async () => {
    vi.useFakeTimers();
    const seen: EventPayload<'queue.changed'>[] = [];
    const off = api.subscribe((event, payload) => {
      if (event === 'queue.changed') seen.push(payload as EventPayload<'queue.changed'>);
    });
    for (let i = 0; i < 50; i++) await call('queue.enqueue', { type: 'plan_apply', data: { planId: i + 1 } });
    expect(seen).toEqual([{ changed: 1, statuses: ['pending'], types: ['plan_apply'], pausedChanged: false }]);
    vi.advanceTimersByTime(300);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({ changed: 49, statuses: ['pending'], types: ['plan_apply'], pausedChanged: false });

    vi.advanceTimersByTime(1000);
    await call('queue.pause', { type: 'plan_apply' });
    expect(seen[2]).toEqual({ changed: 0, statuses: [], types: [], pausedChanged: true });
    off();
    // After unsubscribing nothing more is sent.
    await call('queue.enqueue', { type: 'plan_apply', data: { planId: 99 } });
    vi.advanceTimersByTime(1000);
    expect(seen).toHaveLength(3);
  });
});

describe('schedule methods', () => {
  it('get: the default schedule (monthly, last Saturday, 01:30 Moscow) with its next five runs', async () => {
    const info = await call('schedule.get', {});
    expect(info.settings).toEqual({ enabled: true, frequency: 'monthly', weekOfMonth: 'last', weekday: 6, time: '01:30', zone: 'Europe/Moscow' });
    expect(info.zone).toBe('Europe/Moscow');
    expect(info.nextRuns).toEqual(['2026-03-27T22:30:00.000Z', '2026-04-24T22:30:00.000Z', '2026-05-29T22:30:00.000Z', '2026-06-26T22:30:00.000Z', '2026-07-24T22:30:00.000Z']);
  });

  it('preview computes runs of settings not saved; set stores them, audited, and get returns them', async () => {
    const weekly = { enabled: true, frequency: 'weekly', weekOfMonth: 1, weekday: 1, time: '09:00', zone: 'Asia/Vladivostok' } as const;
    const preview = await call('schedule.preview', { settings: weekly });
    expect(preview.nextRuns).toEqual(['2026-03-08T23:00:00.000Z', '2026-03-15T23:00:00.000Z', '2026-03-22T23:00:00.000Z', '2026-03-29T23:00:00.000Z', '2026-04-05T23:00:00.000Z']);
    expect((await call('schedule.get', {})).settings.frequency).toBe('monthly');

    const saved = await call('schedule.set', { settings: weekly });
    expect(saved).toMatchObject({ settings: weekly, zone: 'Asia/Vladivostok', nextRuns: preview.nextRuns });
    expect((await call('schedule.get', {})).settings).toEqual(weekly);
    expect(listAudit(gw.db, {}).entries.find((e) => e.action === 'schedule.set')?.actor).toBe(ctx.actor);

    expect((await call('schedule.preview', { settings: { ...weekly, enabled: false } })).nextRuns).toEqual([]);
  });

  it('refuses an unknown zone or a malformed time with a readable message', async () => {
    const base = { enabled: true, frequency: 'daily', weekOfMonth: 1, weekday: 1, time: '01:30', zone: 'Europe/Moscow' };
    expect((await refusal('schedule.set', { settings: { ...base, zone: 'Mars/Olympus' } })).message).toContain('expected an IANA time zone such as Europe/Moscow');
    expect((await refusal('schedule.preview', { settings: { ...base, time: '25:00' } })).message).toContain('expected a time HH:MM');
  });
});
