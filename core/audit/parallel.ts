/**
 * Verification of a large log on several threads. Each row's hash depends
 * only on its own stored columns and the previous hash it stores, so parts of
 * the log can be checked at once: workers walk ranges of ids on connections
 * of their own (read-only), and `stitch` (walk.ts) checks the links between
 * the ranges and picks the first problem in id order, exactly as one walk
 * would. With the keyed hash (two SHA-256 passes per row) this keeps a
 * verification on two cores at or below what the plain chain took on one
 * (bench/audit.bench.ts).
 *
 * The worker is plain JavaScript, valid as a script or a module, so it runs
 * unchanged under Node and inside Electron's bundle (as the bulk writer's).
 * It computes hashes as RowHasher and AuditKey do: tests hold the two to the
 * same verdicts (parallel.test.ts). The audit key goes to the workers as hex;
 * they are threads of this process.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/open.ts';
import { auditRowSelect } from './chain.ts';
import { PAGE, stitch, type PartWalk, type Walk } from './walk.ts';

const WORKER_SOURCE = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const { hash } = process.getBuiltinModule('node:crypto');
const w = workerData;
const Database = process.getBuiltinModule('node:module').createRequire(w.driver)(w.driver);
const db = new Database(w.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
let inner = null;
const outer = Buffer.alloc(96);
if (w.key) {
  inner = '';
  for (let i = 0; i < 64; i++) { const c = w.key.charCodeAt(i); inner += String.fromCharCode(c ^ 0x36); outer[i] = c ^ 0x5c; }
}
const mac = (t) => { const d = hash('sha256', inner + t, 'buffer'); d.copy(outer, 64); return hash('sha256', outer, 'hex'); };
const quoted = new Map();
const q = (v) => { let s = quoted.get(v); if (s === undefined) { if (quoted.size >= 4096) quoted.clear(); s = JSON.stringify(v); quoted.set(v, s); } return s; };
const text = (r) => r[9] + '{"action":' + q(r[3]) + ',"actor":' + q(r[2]) + ',"after":' + (r[7] ?? 'null') + ',"at":' + q(r[1]) + ',"before":' + (r[6] ?? 'null') +
  ',"details":' + (r[8] ?? 'null') + ',"entityId":' + JSON.stringify(r[5]) + ',"entityType":' + q(r[4]) + ',"id":' + r[0] + '}';
const bad = (r) => { const out = []; for (const [i, n] of [[6, 'before'], [7, 'after'], [8, 'details']]) { if (r[i] === null) continue; try { JSON.parse(r[i]); } catch { out.push(n); } } return out; };
const bounds = (w.lo !== null ? ' AND id > ' + w.lo : '') + (w.hi !== null ? ' AND id <= ' + w.hi : '');
const firstPage = db.prepare('SELECT ' + w.select + ' FROM audit_log WHERE 1' + bounds + ' ORDER BY id LIMIT ' + w.page).raw();
const page = db.prepare('SELECT ' + w.select + ' FROM audit_log WHERE id > ?' + bounds + ' ORDER BY id LIMIT ' + w.page).raw();
let first = null, lastGood = null, problem = null, firstKeyed = null, firstPlain = null, anchorHash = null;
let prev = null, prevId = 0, cursor = null;
walk: for (;;) {
  const rows = cursor === null ? firstPage.all() : page.all(cursor);
  for (const r of rows) {
    const id = r[0];
    if (first === null) first = { id, prev: r[9] };
    else if (r[9] !== prev || id !== prevId + 1) { problem = { kind: 'link', id, prevId }; break walk; }
    const keyed = r[11];
    if (keyed === 1) {
      if (firstKeyed === null) firstKeyed = id;
      if (inner === null) { problem = { kind: 'nokey', id }; break walk; }
      if (mac(text(r)) !== r[10]) { problem = { kind: 'keyed', id, bad: bad(r) }; break walk; }
    } else if (keyed === 0) {
      if (firstPlain === null) firstPlain = id;
      if (firstKeyed !== null) { problem = { kind: 'plainAfterKeyed', id, keyedFrom: firstKeyed }; break walk; }
      if (hash('sha256', text(r), 'hex') !== r[10]) { problem = { kind: 'plain', id, bad: bad(r) }; break walk; }
    } else { problem = { kind: 'hashKind', id, value: String(keyed) }; break walk; }
    if (id === w.anchorId) anchorHash = r[10];
    prev = r[10];
    prevId = id;
    lastGood = { id, hash: prev };
  }
  if (rows.length < w.page) break;
  cursor = rows[rows.length - 1][0];
}
db.close();
parentPort.postMessage({ first, lastGood, problem, firstKeyed, firstPlain, anchorHash });
`;

/** Below this many rows one walk is quicker than starting workers (~50 ms each). */
export const PARALLEL_MIN_ROWS = 50_000;

export interface ParallelOptions {
  /** Threads to use; the machine's parallelism (at most 4) by default. */
  workers?: number;
  /** Walk in parallel from this many rows (tests lower it). */
  minRows?: number;
  /** The driver the workers load; better-sqlite3 as this process resolves it by default. */
  driver?: string;
}

/**
 * The walk of the whole log on worker threads, or null when it should run on
 * the caller's connection instead: a small log, one core, a database in
 * memory, or a worker that failed (its error is no verdict on the log).
 */
export async function walkInParallel(db: Db, keyHex: string | null, keyProblem: string | null, anchorId: number | null, opts: ParallelOptions = {}): Promise<Walk | null> {
  const threads = Math.min(opts.workers ?? availableParallelism(), 4);
  const file = db.name;
  if (threads < 2 || !file || file === ':memory:' || db.memory) return null;
  const span = db.prepare('SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM audit_log').get() as { lo: number | null; hi: number | null; n: number };
  if (span.lo === null || span.hi === null || span.n < (opts.minRows ?? PARALLEL_MIN_ROWS)) return null;
  // Ranges of ids; the first without a lower bound, the last without an upper one (rows appended meanwhile).
  const width = (span.hi - span.lo + 1) / threads;
  const cuts = Array.from({ length: threads - 1 }, (_, k) => span.lo! - 1 + Math.round(width * (k + 1)));
  const ranges = Array.from({ length: threads }, (_, k) => ({ lo: k === 0 ? null : cuts[k - 1]!, hi: k === threads - 1 ? null : cuts[k]! }));
  let driver: string;
  try {
    driver = opts.driver ?? createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return null;
  }
  const select = auditRowSelect(db);
  const workers: Worker[] = [];
  try {
    const parts = await Promise.all(
      ranges.map(
        (r) =>
          new Promise<PartWalk>((resolve, reject) => {
            const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, select, key: keyHex, anchorId, page: PAGE, ...r } });
            workers.push(worker);
            worker.once('message', (m: PartWalk) => resolve(m));
            worker.once('error', reject);
            worker.once('exit', (code) => reject(new Error(`verification worker exited (${code})`)));
          }),
      ),
    );
    return stitch(parts, keyProblem);
  } catch {
    return null;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
