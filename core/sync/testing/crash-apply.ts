/**
 * Test helper run as a child process: starts applying a plan and kills the
 * process after the first committed batch, as a power cut or kill -9 would.
 * Usage: node crash-apply.ts <db file> <plan id> <batch size> <clock ISO instant>
 */
import { openDatabase } from '../../db/open.ts';
import { ManualClock } from '../../time/clock.ts';
import { SyncService } from '../service.ts';

const [file, planId, batch, now] = process.argv.slice(2);
const db = openDatabase(file!);
const svc = new SyncService({
  db,
  clock: new ManualClock(now!),
  source: { getAgents: () => Promise.reject(new Error('not used')) },
  settings: { applyBatchSize: Number(batch) },
});
await svc.apply(Number(planId), {
  by: 'crasher',
  onProgress: () => {
    process.exit(3);
  },
});
