/**
 * The durable queue's throughput and latency on a real SQLite file (WAL,
 * synchronous=NORMAL, as the gateway runs):
 *   - floor: single-row write transactions per second on the same file;
 *   - no-op operations per second through enqueue → claim → complete with
 *     concurrency 5 and 50 (each enqueue its own transaction, as a caller makes it);
 *   - enqueue-to-start latency p50/p99 on an idle queue.
 * Targets (issue 4): ≥ 5 000 ops/s, ≥ 20 % of the floor, p99 ≤ 20 ms.
 * Run alone: `node bench/queue.bench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Db } from '../core/db/open.ts';
import { QueueProcessor } from '../core/queue/processor.ts';
import { enqueue } from '../core/queue/transitions.ts';
import { countByStatus } from '../core/queue/queries.ts';

const FLOOR_WRITES = 20_000;
const OPS = 20_000;
const LATENCY_SAMPLES = 1_000;
const ROUNDS = 3;
const yieldNow = (): Promise<void> => new Promise((r) => setImmediate(r));

function floorRate(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO bench_floor (v) VALUES (?)');
  for (let i = 0; i < 1000; i++) ins.run('warm-up');
  const t0 = performance.now();
  for (let i = 0; i < FLOOR_WRITES; i++) ins.run(`row ${i}`); // autocommit: one transaction each
  return FLOOR_WRITES / ((performance.now() - t0) / 1000);
}

async function throughput(db: Db, concurrency: number): Promise<number> {
  const p = new QueueProcessor({ db, concurrency, handlers: { plan_apply: async () => undefined }, onError: (e) => console.error(e) });
  p.start();
  const t0 = performance.now();
  for (let i = 0; i < OPS; i++) {
    enqueue(db, { type: 'plan_apply', data: { planId: i + 1 } });
    if (i % 64 === 63) await yieldNow(); // the producer shares the thread with the workers
  }
  await p.whenIdle();
  const secs = (performance.now() - t0) / 1000;
  await p.stop({ deadlineMs: 1000 });
  const done = countByStatus(db).completed;
  db.exec('DELETE FROM operation_attempts; DELETE FROM operations');
  if (done !== OPS) throw new Error(`expected ${OPS} completed operations, found ${done}`);
  return OPS / secs;
}

async function latency(db: Db): Promise<{ p50: number; p99: number; max: number }> {
  let enqueuedAt = 0;
  let started: ((ms: number) => void) | null = null;
  const p = new QueueProcessor({
    db,
    concurrency: 5,
    handlers: {
      plan_apply: async () => {
        started?.(performance.now() - enqueuedAt);
      },
    },
  });
  p.start();
  await p.whenIdle();
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const seen = new Promise<number>((r) => (started = r));
    enqueuedAt = performance.now();
    enqueue(db, { type: 'plan_apply', data: { planId: i + 1 } });
    samples.push(await seen);
    await p.whenIdle();
  }
  await p.stop();
  samples.sort((a, b) => a - b);
  const q = (f: number): number => samples[Math.min(samples.length - 1, Math.floor(f * samples.length))]!;
  return { p50: q(0.5), p99: q(0.99), max: samples.at(-1)! };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'argus-queue-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    await throughput(db, 5); // warm-up: JIT and page cache
    // Rounds interleave the floor and the queue so that both see the same machine load;
    // each figure is the median of the rounds.
    const floors: number[] = [];
    const c5s: number[] = [];
    const c50s: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      floors.push(floorRate(db));
      c5s.push(await throughput(db, 5));
      c50s.push(await throughput(db, 50));
    }
    const [floor, c5, c50] = [median(floors), median(c5s), median(c50s)];
    const lat = await latency(db);
    const r = {
      floorWritesPerSec: Math.round(floor),
      opsPerSecConcurrency5: Math.round(c5),
      opsPerSecConcurrency50: Math.round(c50),
      pctOfFloorConcurrency5: Math.round((c5 / floor) * 1000) / 10,
      pctOfFloorConcurrency50: Math.round((c50 / floor) * 1000) / 10,
      enqueueToStartP50Ms: Math.round(lat.p50 * 1000) / 1000,
      enqueueToStartP99Ms: Math.round(lat.p99 * 1000) / 1000,
      enqueueToStartMaxMs: Math.round(lat.max * 1000) / 1000,
      rounds: { floor: floors.map(Math.round), concurrency5: c5s.map(Math.round), concurrency50: c50s.map(Math.round) },
      targets: { opsPerSec: 5000, pctOfFloor: 20, p99Ms: 20 },
    };
    const ok = (b: boolean): string => (b ? 'ok' : 'BELOW TARGET');
    console.log(`floor: ${r.floorWritesPerSec} single-row write transactions/s (rounds: ${r.rounds.floor.join(', ')})`);
    console.log(`queue, concurrency 5:  ${r.opsPerSecConcurrency5} ops/s, ${r.pctOfFloorConcurrency5} % of floor ${ok(c5 >= 5000 && c5 / floor >= 0.2)} (rounds: ${r.rounds.concurrency5.join(', ')})`);
    console.log(`queue, concurrency 50: ${r.opsPerSecConcurrency50} ops/s, ${r.pctOfFloorConcurrency50} % of floor ${ok(c50 >= 5000 && c50 / floor >= 0.2)} (rounds: ${r.rounds.concurrency50.join(', ')})`);
    console.log(`enqueue → start on an idle queue: p50 ${r.enqueueToStartP50Ms} ms, p99 ${r.enqueueToStartP99Ms} ms, max ${r.enqueueToStartMaxMs} ms ${ok(lat.p99 <= 20)}`);
    return r;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
