/**
 * schedules.*, timesheets.* and norms.* through the generic dispatcher over a
 * gateway whose queue runs (as the console's hosts run it), against the 1C
 * simulator: every answer passes the contract's output schema (the dispatcher
 * validates it), a dropped file arrives in chunks, and long work reports its
 * progress as the contract's events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { schedulesCsv } from '../../simulators/onec/schedules.ts';
import { consoleFromGateway, type GatewayConsole } from '../api/console.ts';
import { SCHEDULE_STAGE_CHUNK_BYTES, type ExchangeJob, type Output } from '../contract/index.ts';
import { loadDirectory, testGateway, type TestGateway } from './testing/gateway.ts';

let sim: OnecSimulator;
let t: TestGateway;
let api: GatewayConsole;
const events: { event: string; payload: unknown }[] = [];
const ctx = { actor: 'Анна (web console)' };

async function call<T = unknown>(method: string, input: unknown): Promise<T> {
  const r = await api.dispatcher.dispatch(method, input, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

/** Waits until the job's operations are done (the host's processor runs them). */
async function finished(method: 'schedules.uploadJob' | 'timesheets.job', jobId: number): Promise<ExchangeJob> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const job = await call<ExchangeJob>(method, { jobId });
    if (job.finished || Date.now() > deadline) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  sim = await startOnecSimulator({ employees: 40, seed: 5, today: '2026-12-03' });
  t = await testGateway(sim, '2026-12-03T09:00:00Z', { runQueue: true });
  await loadDirectory(t.gw, '2026-12-01', '2026-12-31');
  api = consoleFromGateway(t.gw, { version: 't', host: 'web', zone: 'UTC', startedAt: '2026-12-03T09:00:00Z' });
  api.subscribe((event, payload) => events.push({ event, payload }));
});
afterAll(async () => {
  await t?.close();
  await sim?.close();
});

describe('the schedules console', () => {
  it('takes a dropped file in chunks, reports a dry run, then imports it', async () => {
    const bytes = Buffer.from(schedulesCsv(sim.schedules('2026-12')), 'utf8');
    expect(bytes.length).toBeGreaterThan(SCHEDULE_STAGE_CHUNK_BYTES / 8);
    const chunk = Math.ceil(bytes.length / 3);
    let stagingId: string | undefined;
    for (let off = 0; off < bytes.length; off += chunk) {
      const part = bytes.subarray(off, off + chunk);
      const r = await call<Output<'schedules.stageFile'>>('schedules.stageFile', { stagingId, fileName: 'декабрь.csv', offset: off, chunkBase64: part.toString('base64'), last: off + chunk >= bytes.length });
      stagingId = r.stagingId;
      expect(r.bytes).toBe(Math.min(off + chunk, bytes.length));
    }
    const lost = await api.dispatcher.dispatch('schedules.stageFile', { stagingId, fileName: 'декабрь.csv', offset: 5, chunkBase64: '', last: true }, ctx);
    expect(lost).toMatchObject({ ok: false, error: { code: 'invalid_stage_chunk' } });

    const dry = await call<Output<'schedules.import'>>('schedules.import', { source: { kind: 'staged', stagingId }, dryRun: true });
    expect(dry).toMatchObject({ stored: false, dryRun: true, errors: 0, source: 'декабрь.csv', format: 'csv' });
    const r = await call<Output<'schedules.import'>>('schedules.import', { source: { kind: 'staged', stagingId } });
    expect(r).toMatchObject({ stored: true, rowsStored: sim.schedules('2026-12').length });
    const imports = await call<Output<'schedules.imports'>>('schedules.imports', {});
    expect(imports.imports[0]).toMatchObject({ id: r.importId, source: 'декабрь.csv', importedBy: ctx.actor, shiftsLeft: r.rowsStored });
  });

  it('refuses rows with a bad value as a report, not as a failed request', async () => {
    const r = await call<Output<'schedules.import'>>('schedules.import', { source: { kind: 'rows', rows: [{ agentId: 'nobody', date: '2026-12-40', start: '9', end: '18:00' }] } });
    expect(r.stored).toBe(false);
    expect(r.issues.map((i) => i.code).sort()).toEqual(['bad_date', 'bad_time', 'unknown_employee']);
  });

  it('pages the month grid with totals, norms and facets', async () => {
    const page = await call<Output<'schedules.list'>>('schedules.list', { month: '2026-12', onlyWithShifts: true, limit: 10 });
    expect(page.days).toHaveLength(31);
    expect(page.rows).toHaveLength(10);
    expect(page.total).toBe(new Set(sim.schedules('2026-12').map((r) => r.agentId)).size);
    for (const row of page.rows) {
      expect(row.totals.paidMs).toBe(row.totals.dayMs + row.totals.nightMs);
      expect(row.totals.shifts).toBe(row.shifts.length);
      expect(row.upload.state).toBe('not_sent');
    }
    expect(page.facets.areas.reduce((n, a) => n + a.count, 0)).toBeGreaterThanOrEqual(page.total);
    const area = page.facets.areas[0]!.area;
    const bySite = await call<Output<'schedules.list'>>('schedules.list', { month: '2026-12', area, limit: 1000 });
    expect(bySite.rows.every((r) => r.employee.area === area)).toBe(true);
    const v = await call<Output<'schedules.validate'>>('schedules.validate', { from: '2026-12-01', to: '2026-12-31' });
    expect(v).toMatchObject({ errors: 0 });
  });

  it('previews, uploads with progress events, and shows each month’s state with 1C’s message', async () => {
    const preview = await call<Output<'schedules.uploadPreview'>>('schedules.uploadPreview', { from: '2026-12-01', to: '2026-12-31' });
    expect(preview.employees).toBe(new Set(sim.schedules('2026-12').map((r) => r.agentId)).size);
    events.length = 0;
    const job = await call<ExchangeJob>('schedules.upload', { from: '2026-12-01', to: '2026-12-31' });
    expect(job).toMatchObject({ kind: 'schedule_upload', total: preview.employees, preview: { employees: preview.employees } });
    const done = await finished('schedules.uploadJob', job.id);
    expect(done).toMatchObject({ finished: true, completed: preview.employees, failed: 0 });
    await new Promise((r) => setTimeout(r, 400));
    const progress = events.filter((e) => e.event === 'schedules.uploadProgress').map((e) => e.payload as ExchangeJob);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ id: job.id, completed: preview.employees, finished: true });
    const state = await call<Output<'schedules.uploadState'>>('schedules.uploadState', { from: '2026-12', to: '2026-12', jobId: job.id, limit: 1000 });
    expect(state.counts).toEqual({ sent: preview.employees });
    expect(state.rows.every((r) => r.months[0]!.state === 'sent' && /^Индивидуальные графики/.test(r.months[0]!.message ?? ''))).toBe(true);
    expect((await call<Output<'schedules.uploadJobs'>>('schedules.uploadJobs', {})).jobs[0]!.id).toBe(job.id);
  });

  it('exports the stored shifts in the import format, which imports back unchanged', async () => {
    const f = await call<Output<'schedules.export'>>('schedules.export', { from: '2026-12-01', to: '2026-12-31', format: 'csv' });
    expect(f.content.startsWith('\uFEFFagentId;tabN;name;date;start;end;break_minutes;break_start;type;location\r\n')).toBe(true);
    const back = await call<Output<'schedules.import'>>('schedules.import', { source: { kind: 'rows', rows: [] as unknown[] }, dryRun: true }).catch((e: Error) => e);
    expect(back).toBeInstanceOf(Error); // an empty rows list is refused by the contract
    const staged = await call<Output<'schedules.stageFile'>>('schedules.stageFile', { fileName: f.fileName, offset: 0, chunkBase64: Buffer.from(f.content, 'utf8').toString('base64'), last: true });
    const re = await call<Output<'schedules.import'>>('schedules.import', { source: { kind: 'staged', stagingId: staged.stagingId } });
    expect(re).toMatchObject({ stored: true, errors: 0, rowsStored: f.rows });
    // Nothing changed: the next upload has nothing to send.
    expect((await call<Output<'schedules.uploadPreview'>>('schedules.uploadPreview', { from: '2026-12-01', to: '2026-12-31' })).employees).toBe(0);
  });
});

describe('the timesheets console', () => {
  it('fetches with progress, shows the grid, the days and exports; norms likewise', async () => {
    events.length = 0;
    const job = await call<ExchangeJob>('timesheets.fetch', { from: '2026-12-01', to: '2026-12-31' });
    expect((await finished('timesheets.job', job.id)).completed).toBe(job.total);
    const grid = await call<Output<'timesheets.grid'>>('timesheets.grid', { month: '2026-12', onlyFetched: true, limit: 5 });
    expect(grid.rows).toHaveLength(5);
    expect(grid.rows[0]!.days).toHaveLength(31);
    const days = await call<Output<'timesheets.days'>>('timesheets.days', { from: '2026-12-01', to: '2026-12-02', limit: 5 });
    expect(days.rows).toHaveLength(5);
    const x = await call<Output<'timesheets.export'>>('timesheets.export', { from: '2026-12-01', to: '2026-12-31', format: 'xlsx', layout: 'grid' });
    expect(x.fileName).toBe('timesheet-2026-12-01-2026-12-31-t13.xlsx');

    const nj = await call<ExchangeJob>('norms.fetch', { year: 2026 });
    expect((await finished('timesheets.job', nj.id)).completed).toBe(nj.total);
    const norms = await call<Output<'norms.list'>>('norms.list', { year: 2026, onlyFetched: true, limit: 3 });
    expect(norms.periods).toHaveLength(12);
    expect(norms.rows[0]!.history.length).toBeGreaterThan(0);
    const h = await call<Output<'norms.history'>>('norms.history', { employeeId: norms.rows[0]!.employee.externalId });
    expect(h.history).toEqual(norms.rows[0]!.history);
    expect((await call<Output<'norms.export'>>('norms.export', { year: 2026, format: 'csv' })).content.startsWith('\uFEFFТабельный номер;')).toBe(true);
    expect((await call<Output<'timesheets.jobs'>>('timesheets.jobs', { kind: 'norm_fetch' })).jobs.map((j) => j.id)).toEqual([nj.id]);
    await new Promise((r) => setTimeout(r, 400));
    const kinds = new Set(events.filter((e) => e.event === 'timesheets.fetchProgress').map((e) => (e.payload as ExchangeJob).kind));
    expect(kinds).toEqual(new Set(['timesheet_fetch', 'norm_fetch']));
  });
});
