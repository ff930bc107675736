/**
 * The watch against a real gateway (server/testing/console.ts): the contract's
 * events and reads drive the tray facts and the notifications as the desktop
 * would see them, whether the source is the local dispatcher or not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claim, enqueue, fail } from '../core/queue/transitions.ts';
import { openTestConsole, type TestConsole } from '../server/testing/console.ts';
import { DesktopWatch, dispatcherSource, type TrayFacts } from './desktop-watch.ts';
import { NotificationCenter, type DesktopNotification } from './notifications.ts';

let api: TestConsole;
let shown: DesktopNotification[];
let facts: TrayFacts[];
let watch: DesktopWatch;
let logs: string[];

beforeEach(async () => {
  api = await openTestConsole();
  shown = [];
  facts = [];
  logs = [];
  const center = new NotificationCenter({ switches: () => ({ planAwaiting: true, operationFailed: true, linkDown: true, auditBroken: true }), lang: () => 'en', show: (n) => shown.push(n) });
  watch = new DesktopWatch({ source: dispatcherSource(api.dispatcher, api.subscribe, 'tester'), center, onFacts: (f) => facts.push(f), log: (l) => logs.push(l) });
});

afterEach(async () => {
  watch.stop();
  await api.close();
});

const until = async (pred: () => boolean, what: string) => {
  const end = Date.now() + 10_000;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

function failForGood(planId: number): string {
  const id = enqueue(api.gateway.db, { type: 'plan_apply', data: { planId }, maxRetries: 0 }).operation.id;
  claim(api.gateway.db, { node: 'test-node', leaseMs: 60_000, id });
  fail(api.gateway.db, id, 'test-node', { kind: 'permanent', message: `plan #${planId} does not exist` });
  return id;
}

describe('the desktop watch', () => {
  it('reads health, queue and the plans waiting for the tray, without announcing the plans already waiting', async () => {
    await watch.refresh();
    const last = facts.at(-1)!;
    expect(last.health).toMatch(/^(healthy|degraded|unhealthy|unknown)$/);
    expect(last.queue).toMatchObject({ pausedTypes: [] });
    expect(last.awaitingPlans).toBe(1);
    expect(shown).toEqual([]);
  });

  it('announces a new plan from its event, with what the plan holds', async () => {
    watch.start();
    await until(() => facts.some((f) => f.awaitingPlans === 1), 'the first reads');
    await api.dispatcher.dispatch('plans.create', { from: '2026-02-01', to: '2026-02-28' }, { actor: 'tester' });
    await until(() => shown.length === 1, 'the notification');
    expect(shown[0]).toMatchObject({ kind: 'planAwaiting', title: 'Sync plan #2 is waiting for approval', target: '#/plans/2' });
    expect(shown[0]!.body).toMatch(/^Period 2026-02-01 – 2026-02-28: /);
    await until(() => facts.at(-1)!.awaitingPlans === 2, 'the count');
  });

  it('announces operations that failed for good after the baseline, from queue.changed', async () => {
    failForGood(901);
    // The first look is the baseline: what failed before the app started is not news.
    await watch.refresh();
    watch.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(shown).toEqual([]);
    failForGood(902);
    // queue.changed (statuses: failed) → one look at the failed list, a second later.
    await until(() => shown.length === 1, 'the failure notification');
    expect(shown[0]).toMatchObject({ kind: 'operationFailed', title: '2 operations failed for good in the last hour', body: 'Latest: plan_apply: plan #902 does not exist', target: '#/queue?status=failed' });
  });

  it('announces a broken audit chain found by audit.verify', async () => {
    await watch.verifyAudit();
    expect(shown).toEqual([]);
    api.gateway.db.prepare('UPDATE audit_log SET actor = ? WHERE id = (SELECT min(id) FROM audit_log)').run('someone else');
    await watch.verifyAudit();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ kind: 'auditBroken', title: 'The audit chain is broken', target: '#/audit' });
    expect(shown[0]!.body).toMatch(/^Entry #\d+ fails verification/);
  });

  it('logs a read that fails once per reason, not at every look', async () => {
    const failing = new DesktopWatch({
      source: { call: async () => Promise.reject(new Error('cannot reach the gateway at gw:1: nothing listens there')), subscribe: () => () => {} },
      center: new NotificationCenter({ switches: () => ({ planAwaiting: true, operationFailed: true, linkDown: true, auditBroken: true }), lang: () => 'en', show: () => {} }),
      onFacts: (f) => facts.push(f),
      log: (l) => logs.push(l),
    });
    await failing.readHealth();
    await failing.readHealth();
    expect(logs).toEqual(['desktop watch: health.summary failed: cannot reach the gateway at gw:1: nothing listens there']);
    expect(facts.at(-1)!.health).toBeNull();
  });
});
