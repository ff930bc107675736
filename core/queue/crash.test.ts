/**
 * Crash safety: a worker process is killed with SIGKILL in the middle of work,
 * again and again, and restarted; at the end every operation is completed
 * exactly once or visibly failed, none lost, none stuck in processing.
 * Bounded: a fixed number of kills within a time budget.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMany } from './transitions.ts';
import { tempDb, factData, timesheetData, type TempDb } from './testing/temp-db.ts';

const WORKER = fileURLToPath(new URL('./testing/crash-worker.ts', import.meta.url));
const KILLS = 24;
const BUDGET_MS = 50_000;
const SHEETS = 1200;
const FACTS = 60;

let t: TempDb;
const children = new Set<ChildProcess>();

function sideTables(db: TempDb['db']): void {
  // The side effect of completion, written by the completing statement itself:
  // duplicates would show as two rows for one operation.
  db.exec(`
    CREATE TABLE completions (op_id TEXT NOT NULL);
    CREATE TRIGGER completion_effect AFTER UPDATE OF status ON operations
      WHEN NEW.status = 'completed' AND OLD.status <> 'completed'
      BEGIN INSERT INTO completions (op_id) VALUES (NEW.id); END;
    CREATE TABLE handler_runs (op_id TEXT NOT NULL, node TEXT NOT NULL);
  `);
}

beforeAll(() => {
  t = tempDb();
  sideTables(t.db);
  enqueueMany(t.db, [
    ...Array.from({ length: SHEETS }, (_, i) => ({ type: 'timesheet_request', data: { ...timesheetData, AR_agents: [{ agentId: `a-${i}` }] }, maxRetries: 50 })),
    ...Array.from({ length: FACTS }, (_, i) => ({ type: 'fact_worktime_upload', data: { ...factData, agentId: `a-${i}` }, priority: 2 })),
  ]);
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  t.cleanup();
});

const scalar = (sql: string): number => (t.db.prepare(sql).get() as { n: number }).n;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function startWorker(node: string, file = t.file): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER, file, node], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code, signal) => reject(new Error(`worker ${node} exited before it was ready (${code ?? signal}): ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs mid-work: every operation completed exactly once or visibly failed`, { timeout: 90_000 }, async () => {
    const started = Date.now();
    let kills = 0;
    let killedWhileProcessing = 0;
    while (kills < KILLS && Date.now() - started < BUDGET_MS) {
      const child = await startWorker(`w${kills}`);
      const before = scalar('SELECT count(*) AS n FROM completions');
      // let it get into its stride, then kill it at a random moment of its work
      const target = before + 10 + Math.floor(Math.random() * 30);
      while (scalar('SELECT count(*) AS n FROM completions') < target && Date.now() - started < BUDGET_MS) await sleep(2);
      await sleep(Math.random() * 15);
      if (scalar("SELECT count(*) AS n FROM operations WHERE status = 'processing'") > 0) killedWhileProcessing++;
      child.kill('SIGKILL');
      await exited(child);
      kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    expect(killedWhileProcessing).toBeGreaterThanOrEqual(10);

    // a last worker finishes the rest, including work whose lease the dead ones left behind
    const last = await startWorker('final');
    while (scalar("SELECT count(*) AS n FROM operations WHERE status IN ('pending', 'processing')") > 0) {
      if (Date.now() - started > BUDGET_MS + 20_000) throw new Error('the queue did not drain in time');
      await sleep(20);
    }
    last.kill('SIGTERM');
    await exited(last);
    expect(last.exitCode).toBe(0);

    // none lost, none stuck
    const byStatus = Object.fromEntries((t.db.prepare('SELECT status, count(*) AS n FROM operations GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    expect((byStatus.completed ?? 0) + (byStatus.failed ?? 0)).toBe(SHEETS + FACTS);
    expect(byStatus.pending ?? 0).toBe(0);
    expect(byStatus.processing ?? 0).toBe(0);

    // completed exactly once: one side effect and one completed attempt each, and only for completed operations
    expect(scalar('SELECT count(*) AS n FROM (SELECT op_id FROM completions GROUP BY op_id HAVING count(*) > 1)')).toBe(0);
    expect(scalar("SELECT count(*) AS n FROM completions c JOIN operations o ON o.id = c.op_id WHERE o.status <> 'completed'")).toBe(0);
    expect(scalar('SELECT count(*) AS n FROM completions')).toBe(byStatus.completed);
    expect(scalar("SELECT count(*) AS n FROM operations o WHERE status = 'completed' AND (SELECT count(*) FROM operation_attempts a WHERE a.operation_id = o.id AND a.outcome = 'completed') <> 1")).toBe(0);
    expect(scalar("SELECT count(*) AS n FROM operations WHERE status = 'completed' AND (result IS NULL OR completed_at IS NULL)")).toBe(0);

    // the kills really hit running work, which was taken back through expired leases
    expect(scalar("SELECT count(*) AS n FROM operation_attempts WHERE outcome = 'lease_expired'")).toBeGreaterThan(0);

    // visibly failed: only non-idempotent uploads caught mid-request, each with the reason
    const failed = t.db.prepare("SELECT operation_type AS type, error_kind AS kind, error_message AS msg FROM operations WHERE status = 'failed'").all() as { type: string; kind: string; msg: string }[];
    for (const f of failed) {
      expect(f).toMatchObject({ type: 'fact_worktime_upload', kind: 'unknown_outcome' });
      expect(f.msg).toMatch(/^outcome unknown: check 1C before retrying \(the process running it on w\d+ stopped mid-request\)$/);
    }
    // and a non-idempotent upload never started twice on its own
    expect(scalar("SELECT count(*) AS n FROM (SELECT r.op_id FROM handler_runs r JOIN operations o ON o.id = r.op_id WHERE o.operation_type = 'fact_worktime_upload' GROUP BY r.op_id HAVING count(*) > 1)")).toBe(0);
  });

  it('two worker processes on one database never run one operation twice', { timeout: 60_000 }, async () => {
    const u = tempDb();
    try {
      sideTables(u.db);
      const n = 600;
      enqueueMany(u.db, Array.from({ length: n }, (_, i) => ({ type: 'timesheet_request', data: { ...timesheetData, AR_agents: [{ agentId: `a-${i}` }] } })));
      const count = (sql: string): number => (u.db.prepare(sql).get() as { n: number }).n;
      const workers = await Promise.all([startWorker('left', u.file), startWorker('right', u.file)]);
      const started = Date.now();
      while (count("SELECT count(*) AS n FROM operations WHERE status = 'completed'") < n) {
        if (Date.now() - started > 40_000) throw new Error('the two workers did not finish in time');
        await sleep(20);
      }
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map(exited));
      expect(count('SELECT count(*) AS n FROM (SELECT op_id FROM handler_runs GROUP BY op_id HAVING count(*) > 1)')).toBe(0);
      expect(count('SELECT count(*) AS n FROM handler_runs')).toBe(n);
      expect(count('SELECT count(*) AS n FROM completions')).toBe(n);
      // both took a share of the work
      const perNode = u.db.prepare('SELECT node, count(*) AS n FROM handler_runs GROUP BY node ORDER BY node').all() as { node: string; n: number }[];
      expect(perNode.map((r) => r.node)).toEqual(['left', 'right']);
    } finally {
      u.cleanup();
    }
  });
});
