/**
 * Quick local timing of personnel sync on synthetic data (not a test, not the
 * product benchmark): node core/sync/testing/time-sync.ts [employees]
 * Prints parse/validate, plan (snapshot + reconcile + store) and apply times
 * for an initial load and for a follow-up day with ~2 % changes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditChain } from '../../audit/verify.ts';
import { openDatabase } from '../../db/open.ts';
import { parseAgentsBody, type AgentsResponse } from '../../onec/agents-schema.ts';
import { ManualClock } from '../../time/clock.ts';
import { SyncService } from '../service.ts';

const N = Number(process.argv[2] ?? 100_000);
const AREAS = ['Moscow', 'Yekaterinburg', 'Novosibirsk', 'Vladivostok', 'Kaliningrad'];
const SURNAMES = ['Иванов', 'Петров', 'Сидоров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов'];

function body(day: number): string {
  const departments = [{ departmentId: 'root', department: 'Контакт-центр', parentDepartmentId: 'root' }];
  for (let d = 0; d < 50; d++) departments.push({ departmentId: `dep-${d}`, department: `Отдел ${d}`, parentDepartmentId: 'root' });
  const agents = [];
  for (let i = 0; i < N; i++) {
    const changed = day > 0 && i % 50 === 0;
    agents.push({
      agentId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      tabN: `${i}-16`,
      lastname: SURNAMES[i % SURNAMES.length],
      firstname: 'Анна',
      secondname: 'Сергеевна',
      startwork: '2021-03-01',
      finishwork: day > 0 && i % 500 === 1 ? '2026-03-01' : null,
      positionId: `pos-${i % 20}`,
      position: `Должность ${i % 20}`,
      positionChangeDate: '2021-03-01',
      departmentId: `dep-${i % 50}`,
      rate: changed ? '0,5' : 1,
      Login: `user${i}`,
      normWeek: i % 3 === 0 ? 36 : 40,
      normWeekChangeDate: '2021-03-01',
      SN: `SN${i}`,
      Db_ID: `${i}`,
      area: AREAS[i % AREAS.length],
      AR_vacation: [
        { date: '2026-01-01', vacation: 7.00333 },
        { date: '2026-02-01', vacation: changed ? 9.5 : 9.33667 },
      ],
    });
  }
  return JSON.stringify([{ AR_departments: departments, AR_agents: agents }]);
}

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 20);
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;
// CPU time too: on a shared machine wall time mostly measures the neighbours.
const cpuSince = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return `cpu ${((d.user + d.system) / 1000).toFixed(0)} ms`;
};

const dir = mkdtempSync(join(tmpdir(), 'time-sync-'));
const db = openDatabase(join(dir, 'gw.db'));
const clock = new ManualClock('2026-03-15T09:00:00Z');
let current: AgentsResponse | null = null;
const svc = new SyncService({ db, clock, source: { getAgents: async () => current! } });

for (const day of [0, 1]) {
  const text = body(day);
  let t = performance.now();
  const raw: unknown = JSON.parse(text);
  const parseMs = ms(t);
  t = performance.now();
  current = parseAgentsBody(raw);
  const validateMs = ms(t);
  t = performance.now();
  let c = process.cpuUsage();
  const plan = await svc.createPlan({ from: '2026-01-01', to: '2026-12-31', createdBy: 'bench' });
  const planMs = `${ms(t)}, ${cpuSince(c)}`;
  svc.approve(plan.id, { by: 'bench', confirmMassDeactivation: true });
  t = performance.now();
  c = process.cpuUsage();
  const r = await svc.apply(plan.id);
  const applyMs = `${ms(t)}, ${cpuSince(c)}`;
  sample();
  console.log(
    `${day === 0 ? 'initial load' : 'next day   '}: ${N} agents, body ${(text.length / 1e6).toFixed(1)} MB | JSON.parse ${parseMs} | validate ${validateMs} | plan ${planMs} (${JSON.stringify(plan.counts)}) | apply ${applyMs} (${r.created} created, ${r.updated} updated, ${r.deactivated} deactivated)`,
  );
  current = null;
  clock.advance(86_400_000);
}
const t = performance.now();
const v = verifyAuditChain(db);
console.log(`verify audit chain: ${v.rows} rows, ok=${v.ok}, ${ms(t)}`);
clearInterval(timer);
console.log(`peak RSS ${(peak / 1048576).toFixed(0)} MB`);
db.close();
rmSync(dir, { recursive: true, force: true });
