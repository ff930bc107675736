/**
 * A queue worker process for the crash test (crash.test.ts), which kills it
 * with SIGKILL mid-work and restarts it. Usage:
 *   node core/queue/testing/crash-worker.ts <db file> <node name>
 * Every handler run is recorded in `handler_runs` before the work starts
 * (outside the completion's transaction), so the test can tell how often
 * each operation's work began. SIGTERM stops gracefully.
 */
import { openDatabase } from '../../db/open.ts';
import { QueueProcessor } from '../processor.ts';

const [file, node] = process.argv.slice(2);
if (!file || !node) {
  console.error('usage: crash-worker.ts <db file> <node name>');
  process.exit(2);
}

const db = openDatabase(file);
const recordRun = db.prepare('INSERT INTO handler_runs (op_id, node) VALUES (?, ?)');
const work = async (op: { id: string }): Promise<{ by: string }> => {
  recordRun.run(op.id, node);
  await new Promise((r) => setTimeout(r, 2 + Math.random() * 8)); // the "request"
  return { by: node };
};

const p = new QueueProcessor({
  db,
  node,
  concurrency: 5,
  leaseMs: 400,
  pollIntervalMs: 50,
  retry: { schedule: { delaysMs: [0], jitter: 0 } },
  handlers: { timesheet_request: work, fact_worktime_upload: work },
  onError: (e) => console.error(`${node}:`, e),
});
p.start();
process.on('SIGTERM', () => {
  void p.stop({ deadlineMs: 2000 }).then(() => {
    db.close();
    process.exit(0);
  });
});
console.log('ready');
