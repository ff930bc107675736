import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../time/clock.ts';
import { addJobOperations, createJob, getJob } from './jobs.ts';
import { tempDb, timesheetData, type TempDb } from './testing/temp-db.ts';
import { claim, complete, enqueue } from './transitions.ts';

describe('a fetch job', () => {
  let t: TempDb;
  const clock = new ManualClock('2026-12-06T09:00:00Z');
  beforeEach(() => {
    t = tempDb();
  });
  afterEach(() => t.cleanup());

  /** A timesheet fetch of `results.length` requests, each completed with its result. */
  function fetchJob(results: unknown[]): number {
    const jobId = createJob(t.db, { kind: 'timesheet_fetch', createdBy: 'tester', from: '2026-12-01', to: '2026-12-31', scope: { departmentId: null, area: null, employees: null }, preview: null }, clock);
    const ids = results.map((_, i) => enqueue(t.db, { type: 'timesheet_request', data: { ...timesheetData, AR_agents: [{ agentId: `a-${i}` }] } }, clock).operation.id);
    addJobOperations(t.db, jobId, ids);
    ids.forEach((id, i) => {
      claim(t.db, { node: 'n', leaseMs: 60_000, id }, clock);
      complete(t.db, id, 'n', results[i], clock);
    });
    return jobId;
  }

  it("counts the rows of 1C's answers it could not read, and says so in its message", () => {
    const bad = (agentId: string) => ({ index: 0, agentId, reasons: ['hours: not a number'], raw: { agentId } });
    const job = getJob(t.db, fetchJob([{ agents: 3, invalid: [bad('a-1'), bad('a-2')] }, { agents: 2, invalid: [bad('a-7')] }]), clock);
    expect(job).toMatchObject({ completed: 2, finished: true, unreadable: 3 });
    expect(job.message).toMatch(/2 of 2 requests done, 3 rows of 1C's answers unreadable \(those employees keep what was stored/);
  });

  it('reports none when every row was read (or a result has no such list)', () => {
    const job = getJob(t.db, fetchJob([{ agents: 3, invalid: [] }, { agents: 1 }]), clock);
    expect(job.unreadable).toBe(0);
    expect(job.message).not.toMatch(/unreadable/);
  });
});
