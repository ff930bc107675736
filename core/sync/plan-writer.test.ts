/**
 * A large plan is stored by the gateway's bulk write worker (core/db/bulk-writer.ts)
 * in one transaction of its own; these tests hold it to exactly what the
 * calling connection stores, and to falling back to that when it cannot.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { appendAudit, attachAuditKey, verifyAuditChain } from '../audit/index.ts';
import { BulkWriter } from '../db/bulk-writer.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { ManualClock } from '../time/clock.ts';
import { BULK_WRITER_MIN_ITEMS, SyncService } from './service.ts';
import { rawAgent, type RawAgent } from './testing/fixtures.ts';
import { MemorySource } from './testing/memory-source.ts';

const PERIOD = { from: '2026-01-01', to: '2026-12-31' };
// Above the threshold, with some agents whose department 1C does not list (invalid items) and one terminated.
const ROSTER = Array.from({ length: BULK_WRITER_MIN_ITEMS + 150 }, (_, i) =>
  rawAgent(i + 1, i % 97 === 0 ? { departmentId: 'd-unknown' } : i === 5 ? { finishwork: '2026-02-01' } : {}),
);

interface Store {
  db: Db;
  writer: BulkWriter | null;
  sync: SyncService;
}

let dir: string;
const opened: Store[] = [];

function store(name: string, opts: { writer?: boolean; driver?: string; stallMs?: number; busyTimeoutMs?: number; source?: MemorySource } = {}): Store {
  const file = join(dir, `${name}.sqlite`);
  const db = openDatabase(file, opts.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: opts.busyTimeoutMs });
  // The fingerprint names the directory's epoch, random per database: the same one makes two stores comparable.
  db.prepare("UPDATE directory_state SET epoch = 'e2e0000000000000'").run();
  const writer = opts.writer === false ? null : new BulkWriter(db, file, { ...(opts.driver ? { driver: opts.driver } : {}), ...(opts.stallMs ? { stallMs: opts.stallMs } : {}) });
  const sync = new SyncService({ db, source: opts.source ?? new MemorySource(ROSTER), clock: new ManualClock('2026-03-15T09:00:00Z') });
  const s = { db, writer, sync };
  opened.push(s);
  return s;
}

/** better-sqlite3 with a hook run on each statement's run() and on exec(), for faults a real worker can meet. */
function faultyDriver(name: string, body: string): string {
  const driver = join(dir, `${name}.cjs`);
  writeFileSync(
    driver,
    `const Real = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
     module.exports = class extends Real {
       ${body}
     };`,
  );
  return driver;
}

/** A source that, once asked, has another program take the database's write lock and keep it. */
class LockingSource extends MemorySource {
  private readonly file: string;
  holder: Db | null = null;
  constructor(file: string, agents: RawAgent[]) {
    super(agents);
    this.file = file;
  }
  override async getAgents(from: string, to: string) {
    const r = await super.getAgents(from, to);
    this.holder = openDatabase(this.file);
    this.holder.exec('BEGIN IMMEDIATE');
    return r;
  }
}

/** Everything a plan left in the database, ids included. */
function dump(db: Db) {
  return {
    plans: db.prepare('SELECT * FROM sync_plans ORDER BY id').all(),
    items: db.prepare('SELECT * FROM sync_plan_items ORDER BY id').all(),
    audit: db.prepare('SELECT * FROM audit_log ORDER BY id').all(),
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-writer-'));
});
afterEach(async () => {
  for (const s of opened.splice(0)) {
    await s.writer?.close();
    s.db.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('storing a large plan from the bulk write worker', () => {
  it('stores exactly what the calling connection stores: plan row, every item, the audit entry and its hash', async () => {
    const viaWorker = store('worker');
    const inline = store('inline', { writer: false });
    const a = await viaWorker.sync.createPlan({ ...PERIOD, createdBy: 'Оператор' });
    const b = await inline.sync.createPlan({ ...PERIOD, createdBy: 'Оператор' });
    expect(viaWorker.writer!.committed).toBe(1);
    expect(a).toEqual(b);
    // Every agent, valid or not, plus two departments and one position.
    expect(a.counts.create + a.counts.invalid).toBe(ROSTER.length + 3);
    expect(a.counts.invalid).toBe(ROSTER.filter((r) => r.departmentId === 'd-unknown').length);
    const d = dump(viaWorker.db);
    expect(d.items).toHaveLength(ROSTER.length + 3);
    expect(d).toEqual(dump(inline.db));
    expect(verifyAuditChain(viaWorker.db).ok).toBe(true);
  });

  it('chains its audit entry onto entries written before it, and the next plan onto it', async () => {
    const s = store('chain');
    appendAudit(s.db, { actor: 'admin', action: 'config.set', entityType: 'config', entityId: 'sync.planTtlHours' }, new ManualClock('2026-03-15T08:00:00Z'));
    const first = await s.sync.createPlan({ ...PERIOD, createdBy: 'a' });
    const second = await s.sync.createPlan({ ...PERIOD, createdBy: 'b' });
    expect(s.writer!.committed).toBe(2);
    expect(second.id).toBe(first.id + 1);
    expect(verifyAuditChain(s.db).ok).toBe(true);
    expect(s.db.prepare("SELECT entity_id FROM audit_log WHERE action = 'sync.plan.created' ORDER BY id").pluck().all()).toEqual([String(first.id), String(second.id)]);
  });

  it("keys its audit entry under the calling connection's key (which stays on this thread) and moves the sealed head after the commit", async () => {
    const s = store('keyed');
    const headFile = join(dir, 'audit-head.json');
    attachAuditKey(s.db, { dataKey: () => randomBytes(32).fill(7), headFile, clock: new ManualClock('2026-03-15T08:00:00Z') });
    appendAudit(s.db, { actor: 'admin', action: 'config.set', entityType: 'config', entityId: 'sync.planTtlHours' }, new ManualClock('2026-03-15T08:00:00Z'));
    await s.sync.createPlan({ ...PERIOD, createdBy: 'a' });
    expect(s.writer!.committed).toBe(1);
    expect(s.db.prepare('SELECT id, action, keyed FROM audit_log ORDER BY id').all()).toEqual([
      { id: 1, action: 'config.set', keyed: 1 },
      { id: 2, action: 'sync.plan.created', keyed: 1 },
    ]);
    expect(JSON.parse(readFileSync(headFile, 'utf8'))).toMatchObject({ lastId: 2 });
    expect(verifyAuditChain(s.db)).toMatchObject({ ok: true, keyedFrom: 1, head: { state: 'matches', lastId: 2 } });
  });

  it('stores on the calling connection, whole, when another writer moved the audit chain before the worker took its lock', async () => {
    const s = store('conflict');
    const other = openDatabase(join(dir, 'conflict.sqlite'));
    try {
      const begin = s.writer!.begin.bind(s.writer!);
      // Between the caller reading the chain's tail and the worker locking, another process audits something.
      s.writer!.begin = (checks) => {
        appendAudit(other, { actor: 'gatewayctl', action: 'credentials.set', entityType: 'credentials', entityId: 'onec' }, new ManualClock('2026-03-15T09:00:00Z'));
        return begin(checks);
      };
      const plan = await s.sync.createPlan({ ...PERIOD, createdBy: 'a' });
      expect(s.writer!.committed).toBe(0);
      expect(s.db.prepare('SELECT count(*) FROM sync_plan_items WHERE plan_id = ?').pluck().get(plan.id)).toBe(ROSTER.length + 3);
      expect(s.db.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all()).toEqual(['credentials.set', 'sync.plan.created']);
      expect(verifyAuditChain(s.db).ok).toBe(true);
    } finally {
      other.close();
    }
  });

  it('stores on the calling connection when the worker cannot start, and reports why', async () => {
    const s = store('broken', { driver: join(dir, 'no-such-driver.js') });
    const plan = await s.sync.createPlan({ ...PERIOD, createdBy: 'a' });
    expect(s.writer!.committed).toBe(0);
    await vi.waitFor(() => expect(s.writer!.unavailableReason).toMatch(/^bulk write worker could not open the database \(.*no-such-driver/));
    expect(s.db.prepare('SELECT count(*) FROM sync_plan_items WHERE plan_id = ?').pluck().get(plan.id)).toBe(ROSTER.length + 3);
    expect(verifyAuditChain(s.db).ok).toBe(true);
  });

  it('stores a plan exactly once, or not at all with a clear error, when the gateway shuts down while the worker writes it', async () => {
    for (let round = 0; round < 3; round++) {
      const s = store(`closing-${round}`);
      const writer = s.writer!;
      const begin = writer.begin.bind(writer);
      // Shut down right after the worker was told to commit, with almost no time to wait for it.
      writer.begin = (checks) => {
        const tx = begin(checks);
        if (!tx) return tx;
        const end = tx.end.bind(tx);
        tx.end = (commit) => {
          const outcome = end(commit);
          void writer.close(round);
          return outcome;
        };
        return tx;
      };
      const result = await s.sync.createPlan({ ...PERIOD, createdBy: 'a' }).then(
        (plan) => plan,
        (e: unknown) => e,
      );
      const plans = s.db.prepare('SELECT count(*) FROM sync_plans').pluck().get();
      const audited = s.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.plan.created'").pluck().get();
      if (result instanceof GatewayError) {
        expect(result.code).toBe('plan_store_failed');
        expect(result.message).toBe('the gateway was shut down while the plan was being stored; nothing was saved. Generate the plan again.');
        expect([plans, audited]).toEqual([0, 0]);
      } else {
        expect([plans, audited]).toEqual([1, 1]);
        expect(s.db.prepare('SELECT count(*) FROM sync_plan_items').pluck().get()).toBe(ROSTER.length + 3);
      }
      expect(verifyAuditChain(s.db).ok).toBe(true);
    }
  });

  it('stores a plan once when its worker dies just before or just after committing', async () => {
    for (const when of ['before', 'after']) {
      const crash = `process.exit(3)`;
      const driver = faultyDriver(`dies-${when}`, `exec(sql) { if (sql === 'COMMIT' && '${when}' === 'before') ${crash}; const r = super.exec(sql); if (sql === 'COMMIT' && '${when}' === 'after') ${crash}; return r; }`);
      const s = store(`dies-${when}`, { driver });
      const plan = await s.sync.createPlan({ ...PERIOD, createdBy: 'a' });
      expect(s.db.prepare('SELECT count(*) FROM sync_plans').pluck().get()).toBe(1);
      expect(s.db.prepare('SELECT count(*) FROM sync_plan_items WHERE plan_id = ?').pluck().get(plan.id)).toBe(ROSTER.length + 3);
      expect(s.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.plan.created'").pluck().get()).toBe(1);
      expect(verifyAuditChain(s.db).ok).toBe(true);
      expect(s.writer!.lastProblem).toBe('bulk write worker exited');
    }
  });

  it('stores a plan on the calling connection, once, when its worker stalls', async () => {
    const driver = faultyDriver('stalls', `prepare(sql) { const s = super.prepare(sql); const run = s.run.bind(s); s.run = (...a) => { if (a.includes('STALL')) { const until = Date.now() + 3000; while (Date.now() < until); } return run(...a); }; return s; }`);
    // The first agent's item is in the first batch: the worker stalls there while the rest queue up.
    const source = new MemorySource(ROSTER.map((a, i) => (i === 0 ? { ...a, tabN: 'STALL' } : a)));
    const s = store('stalls', { driver, stallMs: 300, source });
    const plan = await s.sync.createPlan({ ...PERIOD, createdBy: 'a' });
    expect(s.writer!.committed).toBe(0);
    expect(s.writer!.lastProblem).toBe('the bulk write worker took no rows for 0.3 s and was stopped');
    expect(s.db.prepare('SELECT count(*) FROM sync_plans').pluck().get()).toBe(1);
    expect(s.db.prepare('SELECT count(*) FROM sync_plan_items WHERE plan_id = ?').pluck().get(plan.id)).toBe(ROSTER.length + 3);
    expect(verifyAuditChain(s.db).ok).toBe(true);
  });

  for (const [size, roster] of [
    ['a large plan (the worker)', ROSTER],
    ['a small plan (this connection)', ROSTER.slice(0, 10)],
  ] as const) {
    it(`says in words that another program held the database locked, for ${size}, and stores nothing`, async () => {
      const file = join(dir, `locked-${roster.length}.sqlite`);
      const source = new LockingSource(file, [...roster]);
      const s = store(`locked-${roster.length}`, { busyTimeoutMs: 200, source });
      try {
        const e = await s.sync.createPlan({ ...PERIOD, createdBy: 'a' }).then(
          () => null,
          (x: unknown) => x,
        );
        expect(e).toBeInstanceOf(GatewayError);
        expect(e).toMatchObject({
          code: 'plan_store_failed',
          kind: 'retryable',
          message: 'the plan could not be stored: another program (gatewayctl, a backup) held the database locked for too long; nothing was saved. Try again.',
        });
      } finally {
        source.holder?.exec('ROLLBACK');
        source.holder?.close();
      }
      expect(s.db.prepare('SELECT count(*) FROM sync_plans').pluck().get()).toBe(0);
    });
  }

  it('keeps small plans on the calling connection', async () => {
    const s = store('small');
    (s.sync as unknown as { source: MemorySource }).source.agents = ROSTER.slice(0, 10);
    await s.sync.createPlan({ ...PERIOD, createdBy: 'a' });
    expect(s.writer!.committed).toBe(0);
    expect(s.db.prepare('SELECT count(*) FROM sync_plan_items').pluck().get()).toBe(10 + 3);
  });
});
