/**
 * Schedules at 10 000 employees × a month (issue "Work schedules to 1C and
 * timesheets back"): the 1C simulator's generator writes the month's shifts
 * (5/2, 2/2 day and night, part-time) as a CSV the way Excel writes it; this
 * process imports it (parse + validate + store, one transaction), imports it
 * again (the monthly case: every shift replaced), and builds every employee's
 * sendSchedule body (the upload's planning: read, split day and night in the
 * site's zone, hash). The floor is reading the same file and splitting it into
 * rows and fields. Targets: import ≤ 5 s and ≤ 10 × the floor; all bodies ≤ 2 s;
 * peak RSS ≤ 500 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointerOf } from '../core/db/checkpointer.ts';
import { createGateway } from '../core/service.ts';
import { withBulkWrites } from '../core/db/bulk.ts';
import type { Db } from '../core/db/open.ts';
import { planUpload } from '../core/schedule/upload-plan.ts';
import { readShifts, shiftWriter } from '../core/schedule/shift-store.ts';
import { ManualClock } from '../core/time/clock.ts';

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 10_000);
const MONTH = '2027-03';
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
/** Where the resident set stands (BENCH_TRACE=1), and the garbage of the step before let go (the runner gives --expose-gc). */
function step(label: string): void {
  (globalThis as { gc?: () => void }).gc?.();
  if (process.env.BENCH_TRACE) console.log(`  [${label}] rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

/**
 * The floor, in a child process (its strings would otherwise sit in this
 * process's peak RSS): reading the file and splitting it into rows and fields,
 * what no import can go below; and, for comparison, csv-parse's parse alone.
 */
function floorsOf(file: string): { floorMs: number; parseMs: number } {
  const script = `const fs = await import('node:fs'); const { parse } = await import('csv-parse/sync'); const file = process.argv[1];
    const t = () => process.hrtime.bigint(); const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
    const floor = []; for (let i = 0; i < 5; i++) { const t0 = t(); const text = fs.readFileSync(file, 'utf8'); let n = 0; for (const l of text.split('\\r\\n')) if (l !== '') n += l.split(';').length; floor.push(ms(t0)); if (n === 0) throw new Error('empty'); }
    const parse3 = []; for (let i = 0; i < 3; i++) { const t0 = t(); parse(fs.readFileSync(file), { bom: true, delimiter: ';', relax_column_count: true, on_record: () => null }); parse3.push(ms(t0)); }
    console.log(JSON.stringify({ floorMs: Math.min(...floor), parseMs: Math.min(...parse3) }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
  if (r.status !== 0) throw new Error(`floor measurement failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { floorMs: number; parseMs: number };
}

/** Writing a month's stored shifts again, alone: what storing costs without reading or checking a file. */
function storeAlone(db: Db, from: string, to: string): number {
  const rows = readShifts(db, { from, to });
  const rollback = new Error('rollback');
  let took = 0;
  try {
    withBulkWrites(db, () =>
      db
        .transaction(() => {
          db.prepare('DELETE FROM shifts WHERE local_date BETWEEN ? AND ?').run(from, to);
          const t0 = process.hrtime.bigint();
          const w = shiftWriter(db, null);
          for (const s of rows) w.add(s);
          w.flush();
          took = ms(t0);
          throw rollback;
        })
        .immediate(),
    );
  } catch (e) {
    if (e !== rollback) throw e;
  }
  return took;
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-schedules-'));
  try {
    // The data are made in a child process: generating them is not the work measured, nor its memory.
    const file = join(dir, `schedule-${MONTH}.csv`);
    const staff = join(dir, 'staff.json');
    const script = `const { generateRoster } = await import(process.argv[1]); const { generateSchedules, schedulesCsv } = await import(process.argv[2]); const fs = await import('node:fs');
      const roster = generateRoster(7, ${EMPLOYEES}, '${MONTH}-01');
      fs.writeFileSync(process.argv[3], schedulesCsv(generateSchedules(roster, '${MONTH}')));
      fs.writeFileSync(process.argv[4], JSON.stringify({ departments: roster.departments, agents: roster.agents }));`;
    const gen = spawnSync(process.execPath, ['--input-type=module', '-e', script, new URL('../simulators/onec/roster.ts', import.meta.url).href, new URL('../simulators/onec/schedules.ts', import.meta.url).href, file, staff], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`generating the schedule failed: ${gen.stderr}`);
    const roster = JSON.parse(readFileSync(staff, 'utf8')) as { departments: { id: string; name: string; parentId: string }[]; agents: { agentId: string; tabN: string; lastname: string; firstname: string; secondname: string; startwork: string; finishwork: string | null; departmentId: string; rate: number; normWeek: number; normWeekChangeDate: string; area: string }[] };
    const fileMb = readFileSync(file).length / 1048576;
    step('data');
    const { floorMs, parseMs: parseAloneMs } = floorsOf(file);
    const floor = { ms: floorMs };
    step('floors');

    const gw = await createGateway({ dataDir: dir, clock: new ManualClock(`${MONTH}-01T05:00:00Z`), actor: 'bench', log: () => undefined });
    try {
      // The directory as a personnel sync leaves it (written directly: the sync has its own bench).
      gw.db.transaction(() => {
        const now = '2027-02-28T00:00:00.000Z';
        const dep = gw.db.prepare('INSERT OR IGNORE INTO departments (external_id, name, parent_external_id, active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)');
        for (const d of roster.departments) dep.run(d.id, d.name, d.parentId, now, now);
        const emp = gw.db.prepare(
          `INSERT INTO employees (external_id, tab_n, last_name, first_name, second_name, hire_date, termination_date, department_external_id, rate, norm_week, norm_week_change_date, area, active, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        );
        for (const a of roster.agents) emp.run(a.agentId, a.tabN, a.lastname, a.firstname, a.secondname, a.startwork, a.finishwork, a.departmentId, a.rate, a.normWeek, a.normWeekChangeDate, a.area, now, now);
      })();
      step('directory');
      const bytes = readFileSync(file);
      const importOnce = async () => {
        await checkpointerOf(gw.db)?.idle();
        const t0 = process.hrtime.bigint();
        const r = await gw.schedules.importSchedule({ kind: 'file', name: 'schedule.csv', bytes }, { partial: false, dryRun: false, maxIssues: 100, actor: 'bench' });
        const took = ms(t0);
        if (!r.stored || r.errors > 0) throw new Error(`import failed: ${r.message} ${JSON.stringify(r.issues.slice(0, 3))}`);
        return { took, rows: r.rowsStored, replaced: r.shiftsReplaced };
      };
      const first = await importOnce();
      step('import');
      const second = await importOnce();
      step('import again');

      // Where the import's time goes: the same rows written alone into the same table and
      // indexes, with their content hashes, and nothing read or checked (rolled back after).
      const storeAloneMs = storeAlone(gw.db, `${MONTH}-01`, `${MONTH}-31`);
      step('store alone');

      const settings = { defaultZone: 'Europe/Moscow', maxShiftHours: 12 };
      const plans: number[] = [];
      let requests = 0;
      let shifts = 0;
      for (let i = 0; i < 3; i++) {
        const t0 = process.hrtime.bigint();
        const plan = planUpload(gw.db, gw.clock, { from: `${MONTH}-01`, to: `${MONTH}-31`, scope: {}, ...settings });
        plans.push(ms(t0));
        requests = plan.requests.length;
        shifts = plan.preview.shifts;
        // One plan at a time, as an upload holds it: the previous run's is let go before the next.
        step(`bodies ${i + 1}`);
      }
      const bodiesMs = Math.min(...plans);
      step('bodies');
      const peakRssMb = process.resourceUsage().maxRSS / 1024;
      const r = {
        employees: EMPLOYEES,
        rows: first.rows,
        fileMb: +fileMb.toFixed(1),
        floorMs: +floor.ms.toFixed(0),
        csvParseAloneMs: +parseAloneMs.toFixed(0),
        storeAloneMs: +storeAloneMs.toFixed(0),
        importMs: +first.took.toFixed(0),
        importToFloor: +(first.took / floor.ms).toFixed(1),
        reimportMs: +second.took.toFixed(0),
        reimportToFloor: +(second.took / floor.ms).toFixed(1),
        replaced: second.replaced,
        bodiesMs: +bodiesMs.toFixed(0),
        requests,
        bodyShifts: shifts,
        peakRssMb: +peakRssMb.toFixed(0),
      };
      console.log(`${r.rows} shifts of ${EMPLOYEES} employees in ${MONTH}: CSV of ${r.fileMb} MB; floor (read + split into rows and fields) ${r.floorMs} ms; csv-parse alone ${r.csvParseAloneMs} ms`);
      console.log(`import (parse + validate + store), empty month:   ${r.importMs} ms = ${r.importToFloor} × floor   [target ≤ 5000 ms, ≤ 10 ×]`);
      console.log(`  of which no import can go below: csv-parse alone ${r.csvParseAloneMs} ms + storing the rows alone ${r.storeAloneMs} ms = ${((r.csvParseAloneMs + r.storeAloneMs) / r.floorMs).toFixed(1)} × floor`);
      console.log(`import again (${r.replaced} shifts replaced):      ${r.reimportMs} ms = ${r.reimportToFloor} × floor   [target ≤ 5000 ms, ≤ 10 ×]`);
      console.log(`every employee's sendSchedule body (${r.requests} bodies, ${r.bodyShifts} shifts): ${r.bodiesMs} ms   [target ≤ 2000 ms]`);
      console.log(`peak RSS: ${r.peakRssMb} MB   [target ≤ 500 MB]`);
      return r;
    } finally {
      await gw.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
