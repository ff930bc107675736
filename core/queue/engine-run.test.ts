/**
 * QueueEngine.run in a process whose processor does not run the queue (the
 * CLI): only the operation it enqueued runs here; other due work stays for the
 * host. Services are stubs that record what ran.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.ts';
import { ManualClock } from '../time/clock.ts';
import type { OnecClient } from '../onec/client.ts';
import type { ApplyResult, PlanSummary } from '../contract/index.ts';
import { QueueEngine } from './engine.ts';
import { claim, complete, enqueue, fail } from './transitions.ts';
import { getOperation, getOperationDetail } from './queries.ts';
import { factData, syncData, tempDb, type TempDb } from './testing/temp-db.ts';

let t: TempDb;
let clock: ManualClock;
let engine: QueueEngine;
let ran: string[];
let applyFails: GatewayError | null;
/** What the processor looked like from inside the plan_apply handler. */
let seenInside: { running: boolean; restricted: boolean } | null;

beforeEach(() => {
  t = tempDb();
  clock = new ManualClock('2026-03-02T10:00:00Z');
  ran = [];
  applyFails = null;
  seenInside = null;
  const sync = {
    createPlan: async (): Promise<PlanSummary> => {
      ran.push('personnel_sync');
      return { id: 1, status: 'awaiting_approval', counts: {}, massDeactivation: { flagged: false } } as unknown as PlanSummary;
    },
    apply: (planId: number): ApplyResult => {
      ran.push(`plan_apply:${planId}`);
      seenInside = { running: engine.running, restricted: engine.processor.isRestricted };
      if (applyFails) throw applyFails;
      return { planId, alreadyApplied: false, created: 1, updated: 0, deactivated: 0, skippedExcluded: 0, message: 'applied' };
    },
  };
  const client = {
    sendFactWorkTime: async () => {
      ran.push('fact_worktime_upload');
      return { doc: 'doc-1', requestId: 'r-1' };
    },
  } as unknown as OnecClient;
  // A poll of one hour: nothing here runs because a poll happened to look.
  engine = new QueueEngine({ db: t.db, clock, sync, onec: { current: () => client }, pollIntervalMs: 3_600_000, onError: (e) => ran.push(`error: ${String(e)}`) });
});
afterEach(async () => {
  await engine.stop({ deadlineMs: 0 });
  t.cleanup();
});

/** A scheduled sync and a non-idempotent upload, due before anything run() enqueues. */
function othersDue(): string[] {
  return [
    enqueue(t.db, { type: 'personnel_sync', data: syncData, priority: 1, createdBy: 'scheduler' }, clock).operation.id,
    enqueue(t.db, { type: 'fact_worktime_upload', data: factData, priority: 1 }, clock).operation.id,
  ];
}

function expectUntouched(ids: string[]): void {
  for (const id of ids) {
    expect(getOperation(t.db, id)).toMatchObject({ status: 'pending', retryCount: 0, processingNode: null });
    expect(getOperationDetail(t.db, id)!.attempts).toEqual([]);
  }
}

describe('QueueEngine.run without a processor running the queue here', () => {
  it('runs only the operation it enqueued; other due work stays pending and never runs', async () => {
    const others = othersDue();
    const op = await engine.run('plan_apply', { planId: 7 }, { by: 'Анна' });
    expect(op).toMatchObject({ status: 'completed', result: { planId: 7, created: 1 }, createdBy: 'Анна' });
    expect(ran).toEqual(['plan_apply:7']);
    expect(seenInside).toEqual({ running: false, restricted: true });
    expect(getOperationDetail(t.db, op.id)!.attempts.map((a) => [a.outcome, a.node])).toEqual([['completed', engine.processor.node]]);
    expectUntouched(others);
    // The wait is over: nothing keeps claiming in this process.
    expect(engine.processor.isRunning).toBe(false);
  });

  it('reports a retryable failure with the retry time, records the attempt and claims nothing else', async () => {
    const others = othersDue();
    applyFails = new GatewayError('db_busy', 'the directory is locked by a backup', 'retryable');
    const run = engine.run('plan_apply', { planId: 8 }, { by: 'Анна' });
    const e = (await run.catch((x: unknown) => x)) as GatewayError;
    expect(e).toBeInstanceOf(GatewayError);
    expect(e).toMatchObject({ code: 'operation_retrying', kind: 'retryable' });
    expect(e.message).toMatch(/the directory is locked by a backup; operation .* will be retried at 2026-03-02T10:00:[23]\d\.\d{3}Z \(retry 1 of 3\)/);
    const id = (e.details as { operationId: string }).operationId;
    expect(getOperation(t.db, id)).toMatchObject({ status: 'pending', retryCount: 1, errorKind: 'retryable' });
    expect(getOperationDetail(t.db, id)!.attempts.map((a) => a.outcome)).toEqual(['retryable']);
    expect(ran).toEqual(['plan_apply:8']);
    expectUntouched(others);
    expect(engine.processor.isRunning).toBe(false);
  });

  it('waits for the outcome when another process holds the operation, never running it here', async () => {
    const key = 'plan_apply:9';
    const mine = enqueue(t.db, { type: 'plan_apply', data: { planId: 9 }, idempotencyKey: key }, clock).operation;
    const other = t.reopen();
    expect(claim(other, { node: 'desktop-host', leaseMs: 60_000, id: mine.id }, clock)).toHaveLength(1);
    const run = engine.run('plan_apply', { planId: 9 }, { by: 'Анна', idempotencyKey: key });
    // Give this process every chance to (wrongly) run it before the other one finishes.
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toEqual([]);
    complete(other, mine.id, 'desktop-host', { planId: 9, applied: 'elsewhere' }, clock);
    const op = await run;
    expect(op).toMatchObject({ id: mine.id, status: 'completed', result: { planId: 9, applied: 'elsewhere' } });
    expect(ran).toEqual([]);
    expect(getOperationDetail(t.db, mine.id)!.attempts.map((a) => [a.outcome, a.node])).toEqual([['completed', 'desktop-host']]);
  });

  it('re-run within an earlier attempt\'s retry wait: says it is that earlier attempt\'s error and when the retry is due, running nothing', async () => {
    const others = othersDue();
    const key = 'plan_apply:10';
    const mine = enqueue(t.db, { type: 'plan_apply', data: { planId: 10 }, idempotencyKey: key }, clock).operation;
    claim(t.db, { node: 'desktop-host', leaseMs: 60_000, id: mine.id }, clock);
    fail(t.db, mine.id, 'desktop-host', { kind: 'retryable', message: '1C answered 503' }, { random: () => 0.5 }, clock);
    await expect(engine.run('plan_apply', { planId: 10 }, { by: 'Анна', idempotencyKey: key })).rejects.toMatchObject({
      code: 'operation_retry_pending',
      message: `this was tried before: operation ${mine.id} failed (attempt 1 of 4): 1C answered 503. That is the earlier attempt's error; its next retry is due at 2026-03-02T10:00:30.000Z (in about 1 min). It can be retried at once from the Queue screen`,
      details: { operationId: mine.id, retryAt: '2026-03-02T10:00:30.000Z' },
    });
    expect(ran).toEqual([]);
    expect(getOperation(t.db, mine.id)).toMatchObject({ status: 'pending', retryCount: 1 });
    expectUntouched(others);
    expect(engine.processor.isRunning).toBe(false);
  });

  it('with now: retries the waiting operation at once and returns its outcome', async () => {
    const key = 'plan_apply:12';
    const mine = enqueue(t.db, { type: 'plan_apply', data: { planId: 12 }, idempotencyKey: key }, clock).operation;
    claim(t.db, { node: 'desktop-host', leaseMs: 60_000, id: mine.id }, clock);
    fail(t.db, mine.id, 'desktop-host', { kind: 'retryable', message: '1C answered 503' }, { random: () => 0.5 }, clock);
    const op = await engine.run('plan_apply', { planId: 12 }, { by: 'Анна', idempotencyKey: key, now: true });
    expect(op).toMatchObject({ id: mine.id, status: 'completed' });
    expect(ran).toEqual(['plan_apply:12']);
  });

  it('says it waits for the lease of a process that is no longer running, and for how long', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const key = 'plan_apply:13';
    const mine = enqueue(t.db, { type: 'plan_apply', data: { planId: 13 }, idempotencyKey: key }, clock).operation;
    const other = t.reopen();
    const node = `${hostname()}:${dead}:crashed1`;
    claim(other, { node, leaseMs: 90_000, id: mine.id }, clock);
    const said: string[] = [];
    const run = engine.run('plan_apply', { planId: 13 }, { by: 'Анна', idempotencyKey: key, onWait: (m) => said.push(m) });
    expect(said).toEqual([`operation ${mine.id} is still held by process ${dead}, a process that is no longer running: waiting 90 s, until its lease runs out at 2026-03-02T10:01:30.000Z, then it runs here`]);
    complete(other, mine.id, node, { planId: 13 }, clock);
    await run;
  });
});

describe('QueueEngine.run with the processor running the queue here (desktop, headless)', () => {
  it('wakes it and leaves it running: due work runs as before', async () => {
    const others = othersDue();
    engine.processor.start();
    const op = await engine.run('plan_apply', { planId: 11 }, { by: 'Анна' });
    expect(op.status).toBe('completed');
    expect(seenInside).toEqual({ running: true, restricted: false });
    await engine.processor.whenIdle();
    expect(ran.sort()).toEqual(['fact_worktime_upload', 'personnel_sync', 'plan_apply:11']);
    expect(others.map((id) => getOperation(t.db, id)!.status)).toEqual(['completed', 'completed']);
    expect(engine.processor.isRunning).toBe(true);
    expect(engine.running).toBe(true);
  });
});
