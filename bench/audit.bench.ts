/**
 * The audit chain's verification and append costs on a real SQLite file:
 *   - verify a 200 000-row log: plain SHA-256 rows (written before keying) and
 *     keyed HMAC-SHA-256 rows on one thread, and keyed rows as the console and
 *     gatewayctl verify them (worker threads, core/audit/parallel.ts); median of
 *     5 walks (issue "Hardening": not much slower than the plain chain was);
 *   - a single append in its own transaction, with and without the sealed head
 *     update that follows it (another IMMEDIATE transaction, a read, a rename).
 * Run alone: `npm run bench -- audit`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appendAudit, appendAuditBatch, attachAuditKey, verifyAuditChain, verifyAuditChainAsync } from '../core/audit/index.ts';
import { openDatabase, type Db } from '../core/db/open.ts';
import { ManualClock } from '../core/time/clock.ts';

const ROWS = 200_000;
const BATCH = 5_000;
const WALKS = 5;
const APPENDS = 2_000;

function fill(db: Db, clock: ManualClock): void {
  for (let b = 0; b < ROWS / BATCH; b++) {
    appendAuditBatch(
      db,
      Array.from({ length: BATCH }, (_, i) => ({
        actor: 'Иванова А.С.',
        action: 'employee.update',
        entityType: 'employee',
        entityId: `e${b}-${i}`,
        before: { rate: 1, department: 'Отдел продаж' },
        after: { rate: 0.5, department: 'Отдел продаж' },
        details: { planId: b, itemId: i },
      })),
      clock,
    );
  }
}

async function medianWalk(db: Db, parallel = false): Promise<{ median: number; min: number }> {
  const times: number[] = [];
  for (let i = 0; i < WALKS; i++) {
    const t0 = performance.now();
    const v = parallel ? await verifyAuditChainAsync(db) : verifyAuditChain(db);
    times.push(performance.now() - t0);
    if (!v.ok || v.rows !== ROWS) throw new Error(`verify failed: ${v.message}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(WALKS / 2)]!, min: times[0]! };
}

function appendRate(db: Db, clock: ManualClock): number {
  const t0 = performance.now();
  for (let i = 0; i < APPENDS; i++) appendAudit(db, { actor: 'admin', action: 'config.set', entityType: 'config', entityId: `k${i}`, after: { value: i } }, clock);
  return ((performance.now() - t0) * 1000) / APPENDS;
}

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  const key = randomBytes(32);
  try {
    const plain = openDatabase(join(dir, 'plain.db'));
    fill(plain, clock);
    const p = await medianWalk(plain);
    plain.close();

    const keyed = openDatabase(join(dir, 'keyed.db'));
    attachAuditKey(keyed, { dataKey: () => key, headFile: join(dir, 'audit-head.json'), clock });
    fill(keyed, clock);
    const k = await medianWalk(keyed);
    const kp = await medianWalk(keyed, true);
    const withHead = appendRate(keyed, clock);
    keyed.close();

    const noHead = openDatabase(join(dir, 'nohead.db'));
    attachAuditKey(noHead, { dataKey: () => key, headFile: null, clock });
    const withoutHead = appendRate(noHead, clock);
    noHead.close();

    const perMillion = (ms: number) => (ms / ROWS) * 1e6 / 1000;
    console.log(`verify ${ROWS} plain rows: median ${p.median.toFixed(0)} ms (min ${p.min.toFixed(0)}), ${perMillion(p.median).toFixed(2)} s per million`);
    console.log(`verify ${ROWS} keyed rows, one thread: median ${k.median.toFixed(0)} ms (min ${k.min.toFixed(0)}), ${perMillion(k.median).toFixed(2)} s per million`);
    console.log(`verify ${ROWS} keyed rows, worker threads (${availableParallelism()} cores): median ${kp.median.toFixed(0)} ms (min ${kp.min.toFixed(0)}), ${perMillion(kp.median).toFixed(2)} s per million`);
    console.log(`append one row (own transaction): ${withoutHead.toFixed(0)} µs without the head, ${withHead.toFixed(0)} µs with the head update`);
    return { plainMs: p.median, keyedMs: k.median, keyedParallelMs: kp.median, appendUs: withoutHead, appendWithHeadUs: withHead };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
