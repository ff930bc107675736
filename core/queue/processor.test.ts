import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.ts';
import { EventBus } from '../events.ts';
import { ManualClock } from '../time/clock.ts';
import { BreakerRegistry } from '../resilience/circuit-breaker.ts';
import { QueueProcessor, type HandlerRegistry } from './processor.ts';
import { claim, complete, enqueue, reclaimExpired } from './transitions.ts';
import { countByStatus, getOperation, getOperationDetail, listOperations } from './queries.ts';
import { cancel, pauseType, resumeType } from './operator.ts';
import type { OperationChangedEvent } from './signals.ts';
import { factData, syncData, tempDb, timesheetData, type TempDb } from './testing/temp-db.ts';

let t: TempDb;
let clock: ManualClock;
const processors: QueueProcessor[] = [];
beforeEach(() => {
  t = tempDb();
  clock = new ManualClock('2026-03-02T10:00:00Z');
});
afterEach(async () => {
  for (const p of processors.splice(0)) await p.stop({ deadlineMs: 0 });
  t.cleanup();
});

function processor(handlers: HandlerRegistry, opts: Partial<ConstructorParameters<typeof QueueProcessor>[0]> = {}): QueueProcessor {
  // A poll of one hour: anything that runs was woken by an enqueue or a completion, not by polling.
  const p = new QueueProcessor({ db: t.db, handlers, clock, pollIntervalMs: 3_600_000, node: 'test-node', retry: { random: () => 0.5 }, ...opts });
  processors.push(p);
  return p;
}

function deferred<T = unknown>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const until = async (cond: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 2000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('QueueProcessor', () => {
  it('is woken at once by an enqueue and runs by priority, FIFO within a priority', async () => {
    const order: number[] = [];
    const p = processor({ plan_apply: async (op) => void order.push(op.data.planId) }, { concurrency: 1 });
    for (const [id, prio] of [[1, 3], [2, 1], [3, 3], [4, 2], [5, 1]] as const) enqueue(t.db, { type: 'plan_apply', data: { planId: id }, priority: prio }, clock);
    p.start();
    await p.whenIdle();
    expect(order).toEqual([2, 5, 4, 1, 3]);
    enqueue(t.db, { type: 'plan_apply', data: { planId: 6 } }, clock);
    await p.whenIdle();
    expect(order.at(-1)).toBe(6);
    expect(countByStatus(t.db)).toMatchObject({ completed: 6, pending: 0, processing: 0 });
  });

  it('never runs more than `concurrency` at once', async () => {
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const p = processor(
      {
        plan_apply: async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise<void>((r) => gates.push(r));
          running--;
        },
      },
      { concurrency: 3 },
    );
    for (let i = 1; i <= 10; i++) enqueue(t.db, { type: 'plan_apply', data: { planId: i } }, clock);
    p.start();
    await until(() => gates.length === 3, 'three running');
    expect(countByStatus(t.db).processing).toBe(3);
    while (countByStatus(t.db).completed < 10) {
      gates.splice(0).forEach((g) => g());
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(peak).toBe(3);
  });

  it('stores the result, passes the attempt number and emits operation.changed', async () => {
    const bus = new EventBus<{ 'operation.changed': OperationChangedEvent; other: number }>();
    const seen: string[] = [];
    bus.on('operation.changed', (e) => seen.push(e.status));
    const p = processor({ personnel_sync: async (op, ctx) => ({ from: op.data.from, attempt: ctx.attempt }) }, { events: bus });
    p.start();
    const { operation } = enqueue(t.db, { type: 'personnel_sync', data: syncData }, clock);
    await p.whenIdle();
    expect(getOperation(t.db, operation.id)).toMatchObject({ status: 'completed', result: { from: '2026-01-01', attempt: 1 } });
    expect(seen).toEqual(['pending', 'processing', 'completed']);
  });

  it('classifies errors: permanent fails at once, retryable and plain errors retry later, with HTTP status recorded', async () => {
    let calls = 0;
    const p = processor({
      schedule_upload: async () => {
        throw new GatewayError('onec_business_error', 'the production calendar for 2027 is missing', 'permanent', { status: 500 });
      },
      timesheet_request: async () => {
        calls++;
        if (calls === 1) throw Object.assign(new GatewayError('onec_unavailable', '1C answered 503', 'retryable'), { status: 503 });
        if (calls === 2) throw new TypeError('socket hang up');
        return { rows: 1 };
      },
    });
    const sched = enqueue(t.db, { type: 'schedule_upload', data: { agentId: 'a', period1: '2027-01-01T00:00:00Z', period2: '2027-01-31T00:00:00Z', shift: [] } }, clock).operation;
    const sheet = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    p.start();
    await p.whenIdle();
    expect(getOperation(t.db, sched.id)).toMatchObject({ status: 'failed', retryCount: 0, errorKind: 'permanent', errorMessage: 'the production calendar for 2027 is missing' });
    expect(getOperation(t.db, sheet.id)).toMatchObject({ status: 'pending', retryCount: 1, runAt: '2026-03-02T10:00:30.000Z' });
    clock.advance(30_000);
    await p.whenIdle();
    expect(getOperation(t.db, sheet.id)).toMatchObject({ status: 'pending', retryCount: 2, errorMessage: 'socket hang up', errorKind: 'retryable', runAt: '2026-03-02T10:02:30.000Z' });
    clock.advance(120_000);
    await p.whenIdle();
    expect(getOperation(t.db, sheet.id)).toMatchObject({ status: 'completed', result: { rows: 1 } });
    const attempts = getOperationDetail(t.db, sheet.id)!.attempts;
    expect(attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([['retryable', 503], ['retryable', null], ['completed', null]]);
    expect(getOperationDetail(t.db, sched.id)!.attempts[0]!.httpStatus).toBe(500);
  });

  it('never retries an unknown outcome of fact_worktime_upload on its own', async () => {
    let calls = 0;
    const p = processor({
      fact_worktime_upload: async () => {
        calls++;
        throw new GatewayError('onec_timeout', 'no answer from 1C within 30 s', 'unknown_outcome');
      },
    });
    const { operation } = enqueue(t.db, { type: 'fact_worktime_upload', data: factData }, clock);
    p.start();
    await p.whenIdle();
    for (let i = 0; i < 5; i++) {
      clock.advance(3_600_000);
      await p.whenIdle();
    }
    expect(calls).toBe(1);
    expect(getOperation(t.db, operation.id)).toMatchObject({
      status: 'failed',
      errorKind: 'unknown_outcome',
      errorMessage: 'outcome unknown: check 1C before retrying (no answer from 1C within 30 s)',
    });
  });

  it('holds 1C work while the breaker is open, without spending retries, then probes once', async () => {
    const breakers = new BreakerRegistry({ clock });
    let failing = true;
    let sheetCalls = 0;
    const probe = deferred<void>();
    let applyCalls = 0;
    const p = processor(
      {
        timesheet_request: async () => {
          sheetCalls++;
          if (failing) throw new GatewayError('onec_unavailable', '1C is down', 'retryable');
          if (sheetCalls === 6) await probe.promise; // the probe waits so we can look at the others
          return 'ok';
        },
        plan_apply: async () => void applyCalls++,
      },
      { breakers, concurrency: 1 },
    );
    const ids = Array.from({ length: 8 }, (_, i) => enqueue(t.db, { type: 'timesheet_request', data: { ...timesheetData, AR_agents: [{ agentId: `a-${i}` }] } }, clock).operation.id);
    p.start();
    await p.whenIdle();
    // five consecutive failures open the breaker; the other three were never tried
    expect(sheetCalls).toBe(5);
    expect(breakers.get('onec').state).toBe('open');
    const untouched = ids.slice(5).map((id) => getOperation(t.db, id)!);
    expect(untouched.map((o) => [o.status, o.retryCount])).toEqual([['pending', 0], ['pending', 0], ['pending', 0]]);
    // local work is not held up by 1C's breaker
    enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock);
    await p.whenIdle();
    expect(applyCalls).toBe(1);
    // 59 s later still open: nothing runs, even due retries
    clock.advance(59_000);
    await p.whenIdle();
    expect(sheetCalls).toBe(5);
    // at 60 s: half-open, exactly one probe
    failing = false;
    clock.advance(1_000);
    p.wake();
    await until(() => sheetCalls === 6, 'the probe');
    expect(breakers.get('onec').snapshot()).toMatchObject({ state: 'half_open', probeInFlight: true });
    expect(countByStatus(t.db, { type: 'timesheet_request' }).processing).toBe(1);
    probe.resolve();
    await p.whenIdle();
    expect(breakers.get('onec').state).toBe('closed');
    // the five that failed wait for their own retry time (30 s ± jitter from their failure): run them
    clock.advance(120_000);
    await p.whenIdle();
    expect(countByStatus(t.db, { type: 'timesheet_request' })).toMatchObject({ completed: 8, failed: 0 });
    const never = ids.slice(5).map((id) => getOperation(t.db, id)!.retryCount);
    expect(never).toEqual([0, 0, 0]);
  });

  it('defers a second operation claimed for a half-open system without spending its retry', async () => {
    const breakers = new BreakerRegistry({ clock, failureThreshold: 1 });
    breakers.get('onec').onFailure();
    clock.advance(60_000);
    const gate = deferred<void>();
    let calls = 0;
    const p = processor({ timesheet_request: async () => { calls++; await gate.promise; } }, { breakers, concurrency: 5 });
    const a = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    const b = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    p.start();
    await until(() => calls === 1, 'the probe');
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(1);
    expect(getOperation(t.db, b.id)).toMatchObject({ status: 'pending', retryCount: 0 });
    expect(getOperationDetail(t.db, b.id)!.attempts).toEqual([]);
    gate.resolve();
    await p.whenIdle();
    expect([a, b].map((o) => getOperation(t.db, o.id)!.status)).toEqual(['completed', 'completed']);
  });

  it('respects pause and resume of a type', async () => {
    const ran: string[] = [];
    const p = processor({ personnel_sync: async () => void ran.push('sync'), plan_apply: async () => void ran.push('apply') });
    pauseType(t.db, 'personnel_sync', 'Анна', clock);
    enqueue(t.db, { type: 'personnel_sync', data: syncData }, clock);
    enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock);
    p.start();
    await p.whenIdle();
    expect(ran).toEqual(['apply']);
    resumeType(t.db, 'personnel_sync', 'Анна', clock);
    await p.whenIdle();
    expect(ran).toEqual(['apply', 'sync']);
  });

  it('claims only types it has a handler for', async () => {
    const p = processor({ plan_apply: async () => 'ok' });
    const sync = enqueue(t.db, { type: 'personnel_sync', data: syncData }, clock).operation;
    p.start();
    await p.whenIdle();
    expect(getOperation(t.db, sync.id)).toMatchObject({ status: 'pending', retryCount: 0 });
  });

  it('aborts work whose lease was lost and does not record its outcome', async () => {
    const aborted = deferred<unknown>();
    const gate = deferred<void>();
    const p = processor(
      {
        timesheet_request: async (_op, ctx) => {
          ctx.signal.addEventListener('abort', () => aborted.resolve(ctx.signal.reason));
          await gate.promise;
          return 'late';
        },
      },
      { leaseMs: 150 },
    );
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock);
    p.start();
    await until(() => getOperation(t.db, operation.id)!.status === 'processing', 'the claim');
    // the process looks dead to others: its lease expires, another process reclaims the work and an operator cancels it
    clock.advance(10_000);
    const other = t.reopen();
    expect(reclaimExpired(other, clock)).toHaveLength(1);
    cancel(other, operation.id, 'Анна', clock);
    const reason = await aborted.promise;
    expect((reason as GatewayError).code).toBe('lease_lost');
    gate.resolve();
    await p.whenIdle();
    expect(getOperation(t.db, operation.id)).toMatchObject({ status: 'cancelled', result: null });
    expect(getOperationDetail(t.db, operation.id)!.attempts.map((a) => a.outcome)).toEqual(['lease_expired']);
  });

  it('a run that stalled past its lease and is claimed again here is superseded, not doubled', async () => {
    const aborted = deferred<unknown>();
    let calls = 0;
    const p = processor(
      {
        timesheet_request: async (_op, ctx) => {
          calls++;
          if (calls > 1) return 'second';
          ctx.signal.addEventListener('abort', () => aborted.resolve(ctx.signal.reason));
          await new Promise((r) => setTimeout(r, 50));
          return 'first';
        },
      },
      { leaseMs: 1000 },
    );
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock);
    p.start();
    await until(() => calls === 1, 'the first run');
    clock.advance(10_000);
    reclaimExpired(t.reopen(), clock); // this processor is woken and claims it again
    expect(((await aborted.promise) as GatewayError).code).toBe('lease_lost');
    await until(() => getOperation(t.db, operation.id)!.status === 'completed', 'completion');
    await new Promise((r) => setTimeout(r, 80)); // the first run ends too, and must record nothing
    expect(getOperation(t.db, operation.id)).toMatchObject({ status: 'completed', result: 'second' });
    expect(getOperationDetail(t.db, operation.id)!.attempts.map((a) => a.outcome)).toEqual(['lease_expired', 'completed']);
  });

  it('keeps the lease renewed while work runs longer than the lease', async () => {
    const gate = deferred<void>();
    const p = processor({ timesheet_request: async () => gate.promise }, { leaseMs: 150 });
    const { operation } = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock);
    p.start();
    await until(() => getOperation(t.db, operation.id)!.status === 'processing', 'the claim');
    const first = getOperation(t.db, operation.id)!.leaseExpiresAt!;
    clock.advance(1000);
    await until(() => getOperation(t.db, operation.id)!.leaseExpiresAt !== first, 'a renewal');
    expect(Date.parse(getOperation(t.db, operation.id)!.leaseExpiresAt!)).toBe(clock.now() + 150);
    expect(reclaimExpired(t.reopen(), clock)).toEqual([]);
    gate.resolve();
    await p.whenIdle();
    expect(getOperation(t.db, operation.id)!.status).toBe('completed');
  });

  it('two processors on one database never run one operation twice', async () => {
    const runs = new Map<number, number>();
    const handler = async (op: { data: { planId: number } }): Promise<void> => {
      runs.set(op.data.planId, (runs.get(op.data.planId) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, Math.random() * 3));
    };
    const a = processor({ plan_apply: handler }, { node: 'a', concurrency: 4 });
    const b = processor({ plan_apply: handler }, { node: 'b', concurrency: 4, db: t.reopen() });
    a.start();
    b.start();
    for (let i = 1; i <= 300; i++) enqueue(t.db, { type: 'plan_apply', data: { planId: i } }, clock);
    await until(() => countByStatus(t.db).completed === 300, 'all done');
    expect(runs.size).toBe(300);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    const nodes = new Set(listOperations(t.db, { limit: 1000 }).items.map((o) => getOperationDetail(t.db, o.id)!.attempts[0]!.node));
    expect(nodes).toEqual(new Set(['a', 'b']));
  });

  it('stops gracefully: finishes work within the deadline, hands back the rest, claims nothing more', async () => {
    const slow = deferred<void>();
    const quick = deferred<void>();
    const p = processor({
      plan_apply: async (op) => (op.data.planId === 1 ? quick.promise : slow.promise),
      fact_worktime_upload: async () => slow.promise,
    });
    const q = enqueue(t.db, { type: 'plan_apply', data: { planId: 1 } }, clock).operation;
    const s = enqueue(t.db, { type: 'plan_apply', data: { planId: 2 } }, clock).operation;
    const f = enqueue(t.db, { type: 'fact_worktime_upload', data: factData }, clock).operation;
    p.start();
    await until(() => countByStatus(t.db).processing === 3, 'three running');
    const stopping = p.stop({ deadlineMs: 100 });
    quick.resolve();
    await stopping;
    expect(getOperation(t.db, q.id)!.status).toBe('completed');
    expect(getOperation(t.db, s.id)).toMatchObject({ status: 'pending', retryCount: 0, processingNode: null });
    expect(getOperationDetail(t.db, s.id)!.attempts).toMatchObject([{ outcome: 'released' }]);
    // a non-idempotent request may already be in 1C: a person decides
    expect(getOperation(t.db, f.id)).toMatchObject({ status: 'failed', errorKind: 'unknown_outcome' });
    expect(getOperation(t.db, f.id)!.errorMessage).toMatch(/^outcome unknown: check 1C before retrying \(the gateway stopped/);
    enqueue(t.db, { type: 'plan_apply', data: { planId: 3 } }, clock);
    slow.resolve();
    await new Promise((r) => setTimeout(r, 20));
    expect(countByStatus(t.db)).toMatchObject({ pending: 2, processing: 0, completed: 1 });
  });
});

describe('QueueProcessor.runOnly (a command running its own operation)', () => {
  /** Two other operations due before ours, of types that record whether they ran. */
  function othersDue(ran: string[]): { handlers: HandlerRegistry; ids: string[] } {
    const handlers: HandlerRegistry = {
      plan_apply: async () => void ran.push('plan_apply'),
      fact_worktime_upload: async () => void ran.push('fact_worktime_upload'),
    };
    const ids = [
      enqueue(t.db, { type: 'plan_apply', data: { planId: 1 }, priority: 1 }, clock).operation.id,
      enqueue(t.db, { type: 'fact_worktime_upload', data: factData, priority: 1 }, clock).operation.id,
    ];
    return { handlers, ids };
  }
  const untouched = (ids: string[]): void => {
    for (const id of ids) {
      expect(getOperation(t.db, id)).toMatchObject({ status: 'pending', retryCount: 0, processingNode: null });
      expect(getOperationDetail(t.db, id)!.attempts).toEqual([]);
    }
  };

  it('runs the named operation alone, with retries, and leaves other due work pending', async () => {
    const ran: string[] = [];
    const { handlers, ids } = othersDue(ran);
    let calls = 0;
    const p = processor({
      ...handlers,
      timesheet_request: async () => {
        if (++calls === 1) throw new GatewayError('onec_unavailable', '1C answered 503', 'retryable');
        return { rows: 1 };
      },
    });
    const mine = enqueue(t.db, { type: 'timesheet_request', data: timesheetData, priority: 5 }, clock).operation;
    p.runOnly(mine.id);
    expect(p.isRestricted).toBe(true);
    await p.whenIdle();
    expect(getOperation(t.db, mine.id)).toMatchObject({ status: 'pending', retryCount: 1, runAt: '2026-03-02T10:00:30.000Z' });
    clock.advance(30_000);
    await p.whenIdle();
    expect(getOperation(t.db, mine.id)).toMatchObject({ status: 'completed', result: { rows: 1 } });
    expect(getOperationDetail(t.db, mine.id)!.attempts.map((a) => [a.outcome, a.node])).toEqual([
      ['retryable', 'test-node'],
      ['completed', 'test-node'],
    ]);
    expect(ran).toEqual([]);
    untouched(ids);
    p.releaseOnly(mine.id);
    expect(p.isRunning).toBe(false);
  });

  it('lets a run in progress finish and record its outcome after release, then stops', async () => {
    const gate = deferred<void>();
    const p = processor({ timesheet_request: async () => gate.promise.then(() => 'done') });
    const mine = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    p.runOnly(mine.id);
    await until(() => getOperation(t.db, mine.id)!.status === 'processing', 'the claim');
    p.releaseOnly(mine.id);
    expect(p.isRunning).toBe(true);
    gate.resolve();
    await until(() => !p.isRunning, 'the processor to stop');
    expect(getOperation(t.db, mine.id)).toMatchObject({ status: 'completed', result: 'done' });
    expect(getOperationDetail(t.db, mine.id)!.attempts.map((a) => a.outcome)).toEqual(['completed']);
  });

  it('widens to the whole queue when started in full', async () => {
    const ran: string[] = [];
    const { handlers, ids } = othersDue(ran);
    const p = processor({ ...handlers, timesheet_request: async () => 'mine' });
    const mine = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    p.runOnly(mine.id);
    await p.whenIdle();
    expect(getOperation(t.db, mine.id)!.status).toBe('completed');
    untouched(ids);
    p.start();
    expect(p.isRestricted).toBe(false);
    await p.whenIdle();
    expect(ran.sort()).toEqual(['fact_worktime_upload', 'plan_apply']);
    p.releaseOnly(mine.id); // no effect on a processor running in full
    expect(p.isRunning).toBe(true);
  });

  it('does not claim its operation while the type is paused or the breaker is open', async () => {
    const breakers = new BreakerRegistry({ clock, failureThreshold: 1 });
    let calls = 0;
    const p = processor({ timesheet_request: async () => void calls++, plan_apply: async () => void calls++ }, { breakers });
    const sheet = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    const apply = enqueue(t.db, { type: 'plan_apply', data: { planId: 4 } }, clock).operation;
    breakers.get('onec').onFailure();
    pauseType(t.db, 'plan_apply', 'Анна', clock);
    p.runOnly(sheet.id);
    p.runOnly(apply.id);
    await p.whenIdle();
    expect(calls).toBe(0);
    untouched([sheet.id, apply.id]);
    resumeType(t.db, 'plan_apply', 'Анна', clock);
    await p.whenIdle();
    expect(calls).toBe(1);
    expect(getOperation(t.db, apply.id)!.status).toBe('completed');
    expect(getOperation(t.db, sheet.id)).toMatchObject({ status: 'pending', retryCount: 0 });
  });

  it('never runs an operation another process holds; it waits for that outcome', async () => {
    let calls = 0;
    const p = processor({ plan_apply: async () => void calls++ });
    const mine = enqueue(t.db, { type: 'plan_apply', data: { planId: 9 } }, clock).operation;
    const other = t.reopen();
    expect(claim(other, { node: 'other-host', leaseMs: 60_000, id: mine.id }, clock)).toHaveLength(1);
    p.runOnly(mine.id);
    await p.whenIdle();
    expect(calls).toBe(0);
    complete(other, mine.id, 'other-host', { applied: 2 }, clock);
    await p.whenIdle();
    expect(calls).toBe(0);
    expect(getOperation(t.db, mine.id)).toMatchObject({ status: 'completed', result: { applied: 2 } });
    expect(getOperationDetail(t.db, mine.id)!.attempts.map((a) => [a.outcome, a.node])).toEqual([['completed', 'other-host']]);
  });

  it('takes back its own operation when the holder died, leaving other expired leases to the host', async () => {
    let calls = 0;
    // A short poll: the expired lease is found by polling, as in a real process.
    const p = processor({ timesheet_request: async () => void calls++ }, { pollIntervalMs: 10 });
    const mine = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    const theirs = enqueue(t.db, { type: 'timesheet_request', data: timesheetData }, clock).operation;
    expect(claim(t.reopen(), { node: 'dead-host', leaseMs: 60_000, limit: 2 }, clock)).toHaveLength(2);
    clock.advance(61_000);
    p.runOnly(mine.id);
    await until(() => getOperation(t.db, mine.id)!.status === 'completed', 'the reclaimed operation to run here');
    expect(calls).toBe(1);
    expect(getOperationDetail(t.db, mine.id)!.attempts.map((a) => [a.outcome, a.node])).toEqual([
      ['lease_expired', 'dead-host'],
      ['completed', 'test-node'],
    ]);
    expect(getOperation(t.db, theirs.id)).toMatchObject({ status: 'processing', processingNode: 'dead-host' });
  });
});
