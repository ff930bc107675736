import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditVerifyResult, HealthCheck, HealthSummary, NotificationSwitches, QueueOperationRow } from '../core/contract/index.ts';
import { mceHealthCheck } from '../core/mce/health-check.ts';
import { samplePlanForTests } from '../renderer/src/client/fixtures.ts';
import { auditIsBroken, linkIsDown, NotificationCenter, type DesktopNotification } from './notifications.ts';
import type { Lang } from './text.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;

let shown: DesktopNotification[];
let switches: NotificationSwitches;
let lang: Lang;
let center: NotificationCenter;

beforeEach(() => {
  shown = [];
  switches = { planAwaiting: true, operationFailed: true, linkDown: true, auditBroken: true };
  lang = 'en';
  center = new NotificationCenter({ switches: () => switches, lang: () => lang, show: (n) => shown.push(n), zone: 'Europe/Moscow' });
});

function op(id: string, failedAt: number, over: Partial<QueueOperationRow> = {}): QueueOperationRow {
  const at = new Date(failedAt).toISOString();
  return {
    id, type: 'schedule_upload', priority: 3, status: 'failed', retryCount: 3, maxRetries: 3, createdAt: at, startedAt: at, completedAt: at, runAt: at,
    errorMessage: 'gave up after 4 attempts: 1C answered HTTP 500', errorKind: 'retryable', apiEndpoint: null, processingNode: null, leaseExpiresAt: null,
    createdBy: 'scheduler', idempotencyKey: null, updatedAt: at, ...over,
  };
}

const check = (name: string, status: HealthCheck['status'], details: Record<string, unknown> = {}, reason: string | null = null): HealthCheck => ({ name, status, checkedAt: null, reason, details });
const summary = (...checks: HealthCheck[]): HealthSummary => ({ status: 'unhealthy', checkedAt: new Date(T0).toISOString(), checks });
const onecDown = check('onec', 'unhealthy', { breaker: { state: 'open' } }, 'circuit breaker open after 5 consecutive failures');
const onecUp = check('onec', 'healthy', { breaker: { state: 'closed' } });

describe('a plan waiting for approval', () => {
  it('is announced once, with its period and counts, and opens the plan', () => {
    const plan = samplePlanForTests(12, { counts: { create: 3, update: 1, deactivate: 2, unchanged: 0, invalid: 0 } });
    center.planChanged({ planId: 12, status: 'awaiting_approval' }, plan);
    center.planChanged({ planId: 12, status: 'awaiting_approval' }, plan);
    center.planChanged({ planId: 12, status: 'approved' }, plan);
    expect(shown).toEqual([
      { kind: 'planAwaiting', key: 'plan-12', title: 'Sync plan #12 is waiting for approval', body: 'Period 2026-01-01 – 2026-01-31: 3 to create, 1 to update, 2 to deactivate.', target: '#/plans/12' },
    ]);
  });

  it('says when a mass deactivation needs confirming; in Russian when the console speaks Russian', () => {
    lang = 'ru';
    const plan = samplePlanForTests(3, { massDeactivation: { flagged: true, deactivations: 40, activeEmployees: 100, thresholdPct: 10, emptyResponse: false } });
    center.planChanged({ planId: 3, status: 'awaiting_approval' }, plan);
    expect(shown[0]).toMatchObject({ title: 'План синхронизации № 3 ждёт утверждения', body: expect.stringContaining('Массовая деактивация: нужно явное подтверждение.') });
  });

  it('does not replay plans already waiting at start, and stays quiet when switched off', () => {
    center.plansAlreadyWaiting([1, 2]);
    center.planChanged({ planId: 2, status: 'awaiting_approval' }, null);
    switches.planAwaiting = false;
    center.planChanged({ planId: 5, status: 'awaiting_approval' }, null);
    switches.planAwaiting = true;
    center.planChanged({ planId: 5, status: 'awaiting_approval' }, null);
    expect(shown).toEqual([]);
  });
});

describe('operations failed for good', () => {
  it('takes the first read as the baseline, then announces new failures with the count of the last hour', () => {
    center.failedOperations([op('old', T0 - 2 * 3_600_000), op('recent', T0 - 10 * MIN)], T0);
    expect(shown).toEqual([]);
    center.failedOperations([op('old', T0 - 2 * 3_600_000), op('recent', T0 - 10 * MIN), op('new', T0)], T0);
    expect(shown).toEqual([
      { kind: 'operationFailed', key: 'operations-failed', title: '2 operations failed for good in the last hour', body: 'Latest: schedule_upload: gave up after 4 attempts: 1C answered HTTP 500', target: '#/queue?status=failed' },
    ]);
  });

  it('is one notification however many fail, at most once a minute, the held ones counted into the next', () => {
    center.failedOperations([], T0);
    center.failedOperations([op('a', T0)], T0);
    expect(shown.map((n) => n.title)).toEqual(['An operation failed for good']);
    center.failedOperations([op('a', T0), op('b', T0 + 1000), op('c', T0 + 2000, { type: 'plan_apply', errorMessage: 'stale plan' })], T0 + 2000);
    center.tick(T0 + 30_000);
    expect(shown).toHaveLength(1);
    center.tick(T0 + MIN);
    expect(shown).toHaveLength(2);
    expect(shown[1]).toMatchObject({ key: 'operations-failed', title: '3 operations failed for good in the last hour', body: 'Latest: plan_apply: stale plan' });
    center.tick(T0 + 5 * MIN);
    expect(shown).toHaveLength(2);
  });

  it('counts a retried operation that fails again as new, and nothing when switched off', () => {
    center.failedOperations([op('a', T0)], T0);
    center.failedOperations([], T0 + MIN);
    switches.operationFailed = false;
    center.failedOperations([op('a', T0 + 2 * MIN)], T0 + 2 * MIN);
    expect(shown).toEqual([]);
    switches.operationFailed = true;
    center.failedOperations([], T0 + 3 * MIN);
    center.failedOperations([op('a', T0 + 4 * MIN)], T0 + 4 * MIN);
    expect(shown.map((n) => n.title)).toEqual(['An operation failed for good']);
  });
});

describe('a link down', () => {
  it('is announced once it has been down for a minute, once per outage, and opens Health', () => {
    center.health(summary(onecDown), T0);
    center.health(summary(onecDown), T0 + 30_000);
    expect(shown).toEqual([]);
    center.tick(T0 + MIN);
    expect(shown).toEqual([{ kind: 'linkDown', key: 'link-onec', title: '1C:ZUP link down', body: 'Since 13:00: circuit breaker open after 5 consecutive failures', target: '#/health' }]);
    center.health(summary(onecDown), T0 + 5 * MIN);
    expect(shown).toHaveLength(1);
    // Back, then down again: a new outage.
    center.health(summary(onecUp), T0 + 6 * MIN);
    center.health(summary(onecDown), T0 + 7 * MIN);
    center.health(summary(onecDown), T0 + 8 * MIN);
    expect(shown).toHaveLength(2);
  });

  it('a blip shorter than a minute is not news', () => {
    center.health(summary(onecDown), T0);
    center.health(summary(onecUp), T0 + 50_000);
    center.tick(T0 + 5 * MIN);
    expect(shown).toEqual([]);
  });

  it('counts as down only what is down: MCE offline (not polling, not unconfigured), 1C with its breaker open', () => {
    const base = { mode: 'offline', endpoint: 'http://mce', simulated: false, lastEventAt: null, agents: 0, eventsPerSec: 0, stale: false, writtenAt: null, lastError: { code: 'mce_socket', message: 'ECONNREFUSED', at: '2026-03-02T09:59:00Z' } };
    const counters = { events: 0, snapshots: 0, restPolls: 0, seqGaps: 0, resyncs: 0, reconnects: 0, tokenRefreshes: 0, badFrames: 0 };
    const mce = (mode: string) => mceHealthCheck({ ...base, mode, counters } as never, T0);
    expect(linkIsDown(mce('offline'))).toBe(true);
    expect(linkIsDown(mce('fallback'))).toBe(false);
    expect(linkIsDown(mce('not_configured'))).toBe(false);
    expect(linkIsDown(check('onec', 'unhealthy', { breaker: null }, '1C:ZUP endpoint is not configured'))).toBe(false);
    expect(linkIsDown(onecDown)).toBe(true);
    expect(linkIsDown(check('disk', 'unhealthy'))).toBe(false);
  });

  it('the attached gateway unreachable for a minute opens Settings, where the link is shown', () => {
    lang = 'ru';
    const link = { state: 'reconnecting' as const, url: 'https://gw:8787', reason: 'cannot reach the gateway at gw:8787: nothing listens there', since: null };
    center.gatewayLink(link, T0);
    center.tick(T0 + MIN);
    expect(shown).toEqual([{ kind: 'linkDown', key: 'link-gateway', title: 'Нет связи со шлюзом', body: 'С 13:00: cannot reach the gateway at gw:8787: nothing listens there', target: '#/settings' }]);
    switches.linkDown = false;
    center.gatewayLink({ ...link, state: 'open', reason: null }, T0 + 2 * MIN);
    center.gatewayLink(link, T0 + 3 * MIN);
    center.tick(T0 + 5 * MIN);
    expect(shown).toHaveLength(1);
  });
});

describe('the audit chain', () => {
  const verdict = (over: Partial<AuditVerifyResult>): AuditVerifyResult => ({
    ok: false, rows: 10, message: 'm', checkedAt: '2026-03-02T10:00:00Z', checkedBy: 'desktop', lastId: 10, keyedFrom: 1,
    head: { state: 'matches', lastId: 10, count: 10, hash: 'h', keyedFrom: 1, writtenAt: null, since: null, message: 'sealed head matches #10' },
    ...over,
  });

  it('is announced when broken, once per problem, and opens the Audit screen', () => {
    center.audit(verdict({ ok: true }));
    center.audit(verdict({ firstBadId: 7 }));
    center.audit(verdict({ firstBadId: 7 }));
    center.audit(verdict({ head: { ...verdict({}).head, state: 'truncated', message: 'x' } }));
    expect(shown).toEqual([
      { kind: 'auditBroken', key: 'audit-broken', title: 'The audit chain is broken', body: 'Entry #7 fails verification: altered, removed or inserted. Open the Audit screen.', target: '#/audit' },
      { kind: 'auditBroken', key: 'audit-broken', title: 'The audit chain is broken', body: 'Entries are missing at the end of the log. Open the Audit screen.', target: '#/audit' },
    ]);
  });

  it('is not broken when it merely cannot be checked here, nor when the head is only behind', () => {
    expect(auditIsBroken(verdict({ head: { ...verdict({}).head, state: 'unchecked' } }))).toBe(false);
    expect(auditIsBroken(verdict({ head: { ...verdict({}).head, state: 'behind' } }))).toBe(false);
    expect(auditIsBroken(verdict({ head: { ...verdict({}).head, state: 'tampered' } }))).toBe(true);
  });

  it('after it is whole again, a new break is news again', () => {
    center.audit(verdict({ firstBadId: 7 }));
    center.audit(verdict({ ok: true }));
    center.audit(verdict({ firstBadId: 7 }));
    expect(shown).toHaveLength(2);
  });
});

describe('text from the gateway', () => {
  it('reaches the OS notification as one line, without control, escape or bidi characters', () => {
    center.failedOperations([], T0);
    center.failedOperations([op('a', T0, { errorMessage: 'boom\u001b]0;pwned\u0007\u001b[31m red\r\nnext\u202eevil' })], T0 + MIN);
    expect(shown[0]?.body).toBe('schedule_upload: boom red nextevil');
    center.health(summary(check('onec', 'unhealthy', { breaker: { state: 'open' } }, 'down\u0000\u009b2J\u2066 now')), T0);
    center.tick(T0 + 2 * MIN);
    expect(shown[1]?.body).toMatch(/: down now$/);
    const plan = samplePlanForTests(7);
    center.planChanged({ planId: 7, status: 'awaiting_approval' }, { ...plan, periodFrom: '2026-01-01\u001b[2K', periodTo: '2026-01-31\u202e' });
    expect(shown[2]?.body).toMatch(/^Period 2026-01-01 – 2026-01-31: /);
    for (const n of shown) expect(`${n.title}${n.body}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
