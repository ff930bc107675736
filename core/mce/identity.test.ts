/** Agent identity over a real directory (applied through the sync service) and the live map. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/index.ts';
import { tempDb, type TempDb } from '../queue/testing/temp-db.ts';
import { SyncService } from '../sync/service.ts';
import { rawAgent } from '../sync/testing/fixtures.ts';
import { MemorySource } from '../sync/testing/memory-source.ts';
import { ManualClock } from '../time/clock.ts';
import { parseAgents } from './frames.ts';
import { IdentityIndex } from './identity.ts';
import { LiveAgents } from './live-state.ts';
import { agent } from './testing/fake-socket.ts';

let t: TempDb;
let clock: ManualClock;
let index: IdentityIndex;
let live: LiveAgents;

async function directory(agents: Record<string, unknown>[]): Promise<void> {
  const svc = new SyncService({ db: t.db, source: new MemorySource(agents), clock });
  const plan = await svc.createPlan({ from: '2026-03-01', to: '2026-03-31', createdBy: 'tester' });
  svc.approve(plan.id, { by: 'Анна', confirmMassDeactivation: true });
  await svc.apply(plan.id);
}

function mce(...logins: string[]) {
  live.applySnapshot(parseAgents(logins.map((l, i) => agent(`m${i}`, 'available', '2026-03-02T09:00:00Z', { login: l, name: `MCE ${l}` }))).agents, 1);
}

const q = { offset: 0, limit: 100 };

beforeEach(async () => {
  t = tempDb();
  clock = new ManualClock('2026-03-02T10:00:00Z');
  index = new IdentityIndex(t.db, clock);
  live = new LiveAgents();
  await directory([
    rawAgent(1), // ivanov1
    rawAgent(2, { Login: 'Petrova.AS' }),
    rawAgent(3, { Login: 'ivanov3' }),
    rawAgent(4, { Login: 'shared' }),
    rawAgent(5, { Login: 'SHARED' }),
    rawAgent(6, { Login: 'gone', startwork: '2020-01-01', finishwork: '2026-02-10' }),
    rawAgent(7, { Login: undefined }),
  ]);
});
afterEach(() => t.cleanup());

describe('IdentityIndex.resolve', () => {
  it('links an agent to the employee whose 1C Login equals its login, whatever the case', () => {
    expect(index.resolve('petrova.as')).toMatchObject({ externalId: 'a-2', tabN: '2-16', name: 'Иванов Иван Иванович', link: 'login', active: true });
    expect(index.resolve('nobody')).toBeNull();
    // Two active employees share "shared": nobody can tell which one it is.
    expect(index.resolve('shared')).toBeNull();
  });
});

describe('IdentityIndex.report', () => {
  it('lists agents without an employee, employees without an agent, duplicate logins and deactivated employees still in MCE', () => {
    mce('IVANOV1', 'petrova.as', 'supervisor.1', 'gone', 'shared');
    const r = index.report(live.values(), q);
    expect(r.counts).toEqual({ agent_without_employee: 1, employee_without_agent: 1, duplicate_login: 1, deactivated_in_mce: 1 });
    expect(r.directoryEmployees).toBe(7);
    expect(r.rows.map((x) => [x.kind, x.login, x.employees.map((e) => e.externalId)])).toEqual([
      ['agent_without_employee', 'supervisor.1', []],
      ['employee_without_agent', 'ivanov3', ['a-3']],
      ['duplicate_login', 'shared', ['a-4', 'a-5']],
      ['deactivated_in_mce', 'gone', ['a-6']],
    ]);
    expect(r.rows[2]!.agent).toMatchObject({ agentId: 'm4', name: 'MCE shared' });
  });

  it('filters by kind and searches login, names, tab numbers and ids, with counts of the whole report', () => {
    mce('supervisor.1', 'test.operator2');
    const r = index.report(live.values(), { ...q, kind: 'agent_without_employee', search: 'OPERATOR' });
    expect(r.total).toBe(1);
    expect(r.rows[0]!.login).toBe('test.operator2');
    expect(r.counts.agent_without_employee).toBe(2);
    expect(index.report(live.values(), { ...q, search: '3-16' }).rows.map((x) => x.login)).toEqual(['ivanov3']);
  });

  it('manual links win: they resolve duplicates, link other logins, mark service accounts, and cover the employee', () => {
    mce('shared', 'ivan3.mce', 'supervisor.1');
    index.link('SHARED', 'a-5', 'Анна');
    index.link('ivan3.mce', 'a-3', 'Анна');
    index.link('supervisor.1', null, 'Анна');
    expect(index.resolve('shared')).toMatchObject({ externalId: 'a-5', link: 'manual' });
    expect(index.resolve('ivan3.mce')).toMatchObject({ externalId: 'a-3', link: 'manual' });
    expect(index.resolve('supervisor.1')).toBeNull();
    const r = index.report(live.values(), q);
    expect(r.counts).toMatchObject({ agent_without_employee: 0, duplicate_login: 0 });
    // a-3 is covered by the manual link; ivanov1 and Petrova.AS are not in MCE this time.
    expect(r.rows.filter((x) => x.kind === 'employee_without_agent').map((x) => x.login).sort()).toEqual(['Petrova.AS', 'ivanov1']);
    expect(r.links.map((l) => [l.login, l.externalId, l.createdBy])).toEqual([
      ['ivan3.mce', 'a-3', 'Анна'],
      ['SHARED', 'a-5', 'Анна'],
      ['supervisor.1', null, 'Анна'],
    ]);
  });

  it('audits links and unlinks; unlinking gives login matching back; refuses an employee not in the directory', () => {
    index.link('petrova.as', 'a-1', 'Анна');
    expect(index.resolve('petrova.as')).toMatchObject({ externalId: 'a-1', link: 'manual' });
    expect(index.unlink('Petrova.AS', 'Борис')).toEqual({ login: 'Petrova.AS', removed: true });
    expect(index.resolve('petrova.as')).toMatchObject({ externalId: 'a-2', link: 'login' });
    expect(index.unlink('petrova.as', 'Борис').removed).toBe(false);
    const audit = listAudit(t.db, { entityType: 'agent_link' }).entries;
    expect(audit.map((e) => [e.action, e.actor, e.entityId])).toEqual([
      ['agent.unlinked', 'Борис', 'petrova.as'],
      ['agent.linked', 'Анна', 'petrova.as'],
    ]);
    expect(audit[1]!.after).toMatchObject({ login: 'petrova.as', externalId: 'a-1' });
    expect(() => index.link('x', 'a-404', 'Анна')).toThrow(/no employee with external id "a-404" in the directory/);
  });

  it('sees a directory change made by an applied sync (another revision) within a second', async () => {
    mce('new.person');
    expect(index.resolve('new.person')).toBeNull();
    await directory([rawAgent(1), rawAgent(8, { Login: 'New.Person' })]);
    clock.advance(1_001);
    expect(index.resolve('new.person')).toMatchObject({ externalId: 'a-8' });
  });
});
