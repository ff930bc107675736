/**
 * gatewayctl schedules, timesheets and norms end to end against the 1C
 * simulator: an invalid file stores nothing and exits 2 naming its lines,
 * --partial stores the valid rows, an upload prints every employee's outcome
 * and exits 1 when 1C refuses, timesheets and norms are fetched, shown and exported.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { schedulesCsv } from '../../simulators/onec/schedules.ts';
import { gatewayctl, gatewayctlJson as json } from '../testing/gatewayctl.ts';

// The CLI runs on the real clock: the simulator lives in the current month too.
const today = new Date().toISOString().slice(0, 10);
const month = today.slice(0, 7);
const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

describe('gatewayctl schedules, timesheets, norms', () => {
  let dir: string;
  let sim: OnecSimulator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatewayctl-schedules-'));
    sim = await startOnecSimulator({ employees: 12, seed: 8, today });
    await json(dir, ['config', 'set', 'onec.url', sim.url]);
    expect((await gatewayctl(dir, ['credentials', 'set', 'onec', '--user', 'wfm', '--password-stdin'], 'wfm\n')).code).toBe(0);
    const plan = await json<{ id: number }>(dir, ['sync', 'plan', '--from', `${month}-01`, '--to', last]);
    await json(dir, ['sync', 'approve', String(plan.id), '--by', 'test', '--confirm-mass-deactivation']);
    await json(dir, ['sync', 'apply', String(plan.id)]);
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file with an invalid row (exit 2, lines named, nothing stored); --partial stores the valid rows', { timeout: 60_000 }, async () => {
    const [a, b] = sim.schedules(month);
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `\uFEFFagentId;date;start;end\r\n${a!.agentId};${a!.date};09:00;18:00\r\nnobody;${a!.date};09:00;18:00\r\n${b!.agentId};${b!.date};09:00;25:00\r\n`);
    const r = await gatewayctl(dir, ['schedules', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('line 3: error unknown_employee (agentId): agentId "nobody" is not in the directory');
    expect(r.stdout).toContain('line 4: error bad_time (end): end "25:00" is not a time');
    expect(r.stderr).toContain('2 invalid rows, nothing stored');
    expect(await json<unknown[]>(dir, ['schedules', 'list', '--from', `${month}-01`, '--to', last])).toEqual([]);

    const p = await gatewayctl(dir, ['schedules', 'import', file, '--partial', '--json']);
    expect(p.code).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ stored: true, rowsStored: 1, rowsRejected: 2 });
    expect((await json<{ employeeId: string }[]>(dir, ['schedules', 'list', '--from', `${month}-01`, '--to', last])).map((s) => s.employeeId)).toEqual([a!.agentId]);
  });

  it('imports a month, uploads it with every employee’s outcome, and exits 1 when 1C refuses', { timeout: 90_000 }, async () => {
    const rows = sim.schedules(month);
    const file = join(dir, 'month.csv');
    writeFileSync(file, schedulesCsv(rows));
    expect((await gatewayctl(dir, ['schedules', 'import', file])).code).toBe(0);
    expect((await gatewayctl(dir, ['schedules', 'validate', '--from', `${month}-01`, '--to', last])).code).toBe(0);

    const up = await gatewayctl(dir, ['schedules', 'upload', '--from', `${month}-01`, '--to', last]);
    expect(up.code).toBe(0);
    const employees = new Set(rows.map((r) => r.agentId)).size;
    expect(up.stdout.match(/ sent +Индивидуальные графики записаны/g)).toHaveLength(employees);
    expect(up.stdout).toContain(`${employees} of ${employees} employees done`);

    // 1C moves into the next month: this one is closed there, and a changed shift is refused.
    sim.advanceDays(35);
    const changed = join(dir, 'changed.csv');
    writeFileSync(changed, schedulesCsv([{ ...rows[0]!, start: '07:00' }]));
    expect((await gatewayctl(dir, ['schedules', 'import', changed])).code).toBe(0);
    const refused = await gatewayctl(dir, ['schedules', 'upload', '--from', `${month}-01`, '--to', last, '--json']);
    expect(refused.code).toBe(1);
    const out = JSON.parse(refused.stdout) as { employees: { employeeId: string; months: { state: string; message: string }[] }[] };
    expect(out.employees).toEqual([{ employeeId: rows[0]!.agentId, tabN: rows[0]!.tabN, fullName: expect.any(String), months: [expect.objectContaining({ state: 'rejected', message: expect.stringMatching(/^Нельзя изменять графики за прошедшие периоды/) })] }]);
    expect(refused.stderr).toContain('not accepted by 1C (rejected)');
  });

  it('fetches, shows and exports timesheets and norms', { timeout: 90_000 }, async () => {
    expect((await gatewayctl(dir, ['timesheets', 'fetch', '--from', `${month}-01`, '--to', last])).code).toBe(0);
    const tab = sim.schedules(month)[0]!.tabN;
    const days = await json<{ rows: { tabN: string; date: string; code: string; hours: number }[] }>(dir, ['timesheets', 'show', '--from', `${month}-01`, '--to', last, '--employee', tab]);
    expect(days.rows.length).toBeGreaterThanOrEqual(28);
    expect(days.rows.every((r) => r.tabN === tab && r.date.startsWith(month) && typeof r.hours === 'number' && r.code.length > 0)).toBe(true);
    const out = join(dir, 'timesheet.csv');
    expect((await gatewayctl(dir, ['timesheets', 'export', '--from', `${month}-01`, '--to', last, '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('\uFEFFТабельный номер;ФИО;agentId;Дата;Код;Часы')).toBe(true);

    const year = month.slice(0, 4);
    expect((await gatewayctl(dir, ['norms', 'fetch', '--year', year, '--mode', 'quarter'])).code).toBe(0);
    const norms = await json<{ periods: unknown[]; rows: { fetchedAt: string | null; hours: ({ hours: number } | null)[] }[] }>(dir, ['norms', 'show', '--year', year, '--mode', 'quarter']);
    expect(norms.periods).toHaveLength(4);
    expect(norms.rows.some((r) => r.fetchedAt !== null && r.hours.some((h) => h !== null && h.hours > 0))).toBe(true);
    const bad = await gatewayctl(dir, ['norms', 'fetch', '--year', year, '--mode', 'week']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--mode must be month, quarter or year');
  });
});
