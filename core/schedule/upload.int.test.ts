/**
 * Uploads to the 1C simulator over HTTP: one request per employee, 1C's
 * answers kept per employee and month (accepted, result false for a closed
 * month, a 500 with a message then its retry), the per-method rate limit, and
 * re-sending unchanged schedules as a no-op.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import type { UploadCell } from '../contract/index.ts';
import { getOperation } from '../queue/queries.ts';
import { loadDirectory, testGateway, type TestGateway } from './testing/gateway.ts';

const DEC = { from: '2026-12-01', to: '2026-12-31' };

async function importMonth(t: TestGateway, sim: OnecSimulator, month: string, only?: (agentId: string) => boolean) {
  const rows = sim.schedules(month).filter((r) => !only || only(r.agentId));
  const r = await t.gw.schedules.importSchedule({ kind: 'rows', name: 'sim', rows }, { partial: false, dryRun: false, maxIssues: 100, actor: 'test' });
  expect(r.errors).toBe(0);
  return rows;
}

function cell(t: TestGateway, agentId: string, month: string): UploadCell {
  const st = t.gw.schedules.uploadState({ from: month, to: month, employeeIds: [agentId], offset: 0, limit: 10 });
  return st.rows[0]!.months[0]!;
}

async function upload(t: TestGateway, input: { from: string; to: string; employeeIds?: string[] }) {
  const u = t.gw.schedules.upload(input, 'Тестов');
  const done = await t.gw.queue.runMany(u.operationIds);
  return { ...u, done };
}

describe('upload to 1C, accepted', () => {
  let sim: OnecSimulator;
  let t: TestGateway;
  beforeAll(async () => {
    sim = await startOnecSimulator({ employees: 12, seed: 11, today: '2026-12-05' });
    t = await testGateway(sim, '2026-12-05T09:00:00Z');
    await loadDirectory(t.gw, '2026-12-01', '2026-12-31');
    await importMonth(t, sim, '2026-12');
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('sends one request per employee with the period and its shifts, as 1C then holds them', async () => {
    const before = sim.requests();
    const u = await upload(t, DEC);
    const employees = new Set(sim.schedules('2026-12').map((r) => r.agentId));
    expect(u.operationIds).toHaveLength(employees.size);
    expect(sim.requests() - before).toBe(employees.size);
    const last = JSON.parse(sim.lastRequest()!.body) as { agentId: string; period1: string; period2: string; shift: { date_start: string }[] };
    expect(Object.keys(last).sort()).toEqual(['agentId', 'period1', 'period2', 'shift']);
    expect([last.period1, last.period2]).toEqual(['2026-12-01T00:00:00Z', '2026-12-31T00:00:00Z']);
    for (const id of employees) {
      const stored = t.gw.schedules.shiftsOf(DEC.from, DEC.to, { employeeIds: [id] });
      const doc = sim.scheduleDocument(id, '2026-12')!;
      expect(doc).not.toBeNull();
      // 1C holds, per local date, what the gateway split: day and night milliseconds.
      expect([...doc.days].map(([date, d]) => [date, d.dayMs, d.nightMs])).toEqual(stored.map((s) => [s.shift.date, s.shift.dayMs, s.shift.nightMs]));
      const c = cell(t, id, '2026-12');
      expect(c).toMatchObject({ state: 'sent', messageFrom: 'onec', periodFrom: '2026-12-01', periodTo: '2026-12-31', changedSinceSent: false, jobId: u.job.id });
      expect(c.message).toMatch(/^Индивидуальные графики записаны/);
    }
    expect(t.gw.schedules.job(u.job.id)).toMatchObject({ total: employees.size, completed: employees.size, finished: true });
  });

  it('a night shift arrives split: 20:00–08:00 with a break at 02:00 is 4 h of day and 7 h of night', () => {
    const night = sim.schedules('2026-12').find((r) => r.type === 'night');
    expect(night).toBeDefined();
    const doc = sim.scheduleDocument(night!.agentId, '2026-12')!;
    expect(doc.days.get(night!.date)).toMatchObject({ dayMs: 4 * 3_600_000, nightMs: 7 * 3_600_000 });
  });

  it('re-sending unchanged schedules is a no-op; a changed employee alone is sent again', async () => {
    const before = sim.requests();
    const preview = t.gw.schedules.preview(DEC);
    expect(preview.employees).toBe(0);
    const withShifts = new Set(sim.schedules('2026-12').map((r) => r.agentId)).size;
    expect(preview.skipped).toEqual([expect.objectContaining({ reason: 'unchanged', employees: withShifts, months: withShifts })]);
    const again = await upload(t, DEC);
    expect(again.operationIds).toEqual([]);
    expect(sim.requests()).toBe(before);

    const row = sim.schedules('2026-12')[0]!;
    const r = await t.gw.schedules.importSchedule({ kind: 'rows', name: 'fix', rows: [{ ...row, start: row.start === '09:00' ? '10:00' : '09:00', end: row.start === '09:00' ? '19:00' : '18:00' }] }, { partial: false, dryRun: false, maxIssues: 10, actor: 'test' });
    expect(r.stored).toBe(true);
    expect(cell(t, row.agentId, '2026-12').changedSinceSent).toBe(true);
    const third = await upload(t, DEC);
    expect(third.operationIds).toHaveLength(1);
    expect(sim.requests() - before).toBe(1);
    expect(sim.scheduleDocument(row.agentId, '2026-12')!.writes).toBe(2);
    expect(cell(t, row.agentId, '2026-12')).toMatchObject({ state: 'sent', changedSinceSent: false });
  });

  it('keeps a 500 with its message verbatim while the queue retries it, then the retry succeeds', async () => {
    const row = sim.schedules('2026-12')[1]!;
    await t.gw.schedules.importSchedule({ kind: 'rows', name: 'fix', rows: [{ ...row, break_minutes: 30 }] }, { partial: false, dryRun: false, maxIssues: 10, actor: 'test' });
    sim.setFaults({ status500: { message: 'Превышено допустимое количество сеансов 1С' }, times: 1 });
    const u = await upload(t, { ...DEC, employeeIds: [row.agentId] });
    expect(u.done.retrying).toEqual(u.operationIds);
    expect(cell(t, row.agentId, '2026-12')).toMatchObject({ state: 'retrying', message: 'Превышено допустимое количество сеансов 1С', messageFrom: 'onec', httpStatus: 500 });
    expect(t.gw.schedules.job(u.job.id)).toMatchObject({ retrying: 1, finished: false });
    t.clock.advance(10 * 60_000);
    const retried = await t.gw.queue.runMany(u.operationIds);
    expect([...retried.operations.values()].map((o) => o.status)).toEqual(['completed']);
    expect(cell(t, row.agentId, '2026-12')).toMatchObject({ state: 'sent', messageFrom: 'onec' });
  });

  it('a newer upload of the same months cancels an older one still waiting in the queue', async () => {
    const row = sim.schedules('2026-12')[2]!;
    const shiftOn = async (start: string, end: string) =>
      expect((await t.gw.schedules.importSchedule({ kind: 'rows', name: 'fix', rows: [{ ...row, start, end, break_start: '' }] }, { partial: false, dryRun: false, maxIssues: 10, actor: 'test' })).stored).toBe(true);
    await shiftOn('07:00', '15:00');
    const older = t.gw.schedules.upload({ ...DEC, employeeIds: [row.agentId] }, 'Тестов'); // enqueued, not run
    await shiftOn('11:00', '19:00');
    const newer = await upload(t, { ...DEC, employeeIds: [row.agentId] });
    expect(getOperation(t.gw.db, older.operationIds[0]!)).toMatchObject({ status: 'cancelled', errorMessage: `superseded by upload job ${newer.job.id} of the same months` });
    expect([...newer.done.operations.values()][0]).toMatchObject({ status: 'completed' });
    const sent = sim.scheduleDocument(row.agentId, '2026-12')!.days.get(row.date)!;
    expect(sent.start).toBe(t.gw.schedules.shiftsOf(row.date, row.date, { employeeIds: [row.agentId] })[0]!.shift.start.replace('.000Z', 'Z'));
    expect(cell(t, row.agentId, '2026-12')).toMatchObject({ state: 'sent', jobId: newer.job.id, changedSinceSent: false });
  });

  it('shifts put back as 1C holds them are sent again while an upload of other shifts still waits in the queue', async () => {
    const row = sim.schedules('2026-12')[3]!;
    const shiftOn = async (start: string, end: string) =>
      expect((await t.gw.schedules.importSchedule({ kind: 'rows', name: 'fix', rows: [{ ...row, start, end, break_start: '' }] }, { partial: false, dryRun: false, maxIssues: 10, actor: 'test' })).stored).toBe(true);
    await shiftOn('08:00', '16:00');
    await upload(t, { ...DEC, employeeIds: [row.agentId] });
    expect(cell(t, row.agentId, '2026-12')).toMatchObject({ state: 'sent', changedSinceSent: false });
    await shiftOn('12:00', '20:00');
    const waiting = t.gw.schedules.upload({ ...DEC, employeeIds: [row.agentId] }, 'Тестов'); // enqueued, not run
    await shiftOn('08:00', '16:00');
    // 1C holds 08:00–16:00, but the waiting upload would replace it with 12:00–20:00: not "unchanged".
    const again = await upload(t, { ...DEC, employeeIds: [row.agentId] });
    expect(again.operationIds).toHaveLength(1);
    expect(getOperation(t.gw.db, waiting.operationIds[0]!)).toMatchObject({ status: 'cancelled' });
    const sent = sim.scheduleDocument(row.agentId, '2026-12')!.days.get(row.date)!;
    expect(sent.start).toBe(t.gw.schedules.shiftsOf(row.date, row.date, { employeeIds: [row.agentId] })[0]!.shift.start.replace('.000Z', 'Z'));
    expect(cell(t, row.agentId, '2026-12')).toMatchObject({ state: 'sent', jobId: again.job.id });
  });

  it('spaces calls to sendSchedule by onec.rateLimit.sendSchedule', async () => {
    await importMonth(t, sim, '2027-01');
    const ids = [...new Set(sim.schedules('2027-01').map((r) => r.agentId))].slice(0, 5);
    t.gw.config.set('onec.rateLimit.sendSchedule', '300'); // one call per 200 ms
    try {
      const started = performance.now();
      const u = await upload(t, { from: '2027-01-01', to: '2027-01-31', employeeIds: ids });
      const elapsed = performance.now() - started;
      expect(u.operationIds).toHaveLength(5);
      expect([...u.done.operations.values()].every((o) => o.status === 'completed')).toBe(true);
      // Five calls 200 ms apart cannot finish before 800 ms, whatever the processor's concurrency.
      expect(elapsed).toBeGreaterThanOrEqual(790);
    } finally {
      t.gw.config.set('onec.rateLimit.sendSchedule', '0');
    }
  });
});

describe('upload to 1C, refused', () => {
  let sim: OnecSimulator;
  let t: TestGateway;
  beforeAll(async () => {
    sim = await startOnecSimulator({ employees: 10, seed: 12, today: '2026-12-20' });
    t = await testGateway(sim, '2026-12-20T09:00:00Z');
    await loadDirectory(t.gw, '2026-12-01', '2026-12-31');
    await importMonth(t, sim, '2026-12');
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('keeps result false for a month 1C has closed (its clock is past the gateway’s) verbatim, as rejected and not retried', async () => {
    sim.advanceDays(12); // 1C is in January; the gateway still in December
    const u = await upload(t, DEC);
    expect(u.operationIds.length).toBeGreaterThan(0);
    expect(u.done.retrying).toEqual([]);
    for (const op of u.done.operations.values()) expect(op).toMatchObject({ status: 'failed', retryCount: 0, errorKind: 'permanent' });
    const id = (u.done.operations.values().next().value!.data as { agentId: string }).agentId;
    expect(cell(t, id, '2026-12')).toMatchObject({ state: 'rejected', message: 'Нельзя изменять графики за прошедшие периоды: месяцы до 2027-01 закрыты', messageFrom: 'onec', sentAt: null });
  });

  it('skips months the gateway already knows are closed, with a note, and sends nothing for them', () => {
    t.clock.set('2027-01-02T09:00:00Z');
    const p = t.gw.schedules.preview(DEC);
    expect(p.employees).toBe(0);
    expect(p.currentMonth).toBe('2027-01');
    expect(p.skipped).toEqual([expect.objectContaining({ reason: 'closed_month', note: 'months before 2027-01 are closed in 1C: not sent' })]);
  });
});
