// Contract-valid agents, lists and deltas for the Agents tests.
import type { AgentsChanged, AgentsList, AgentView, IdentityEmployee, IdentityReport, IdentityRow } from '../../../../core/contract/index.ts';

export const T0 = '2026-03-02T10:00:00.000Z';

export function agent(id: string, over: Partial<AgentView> = {}): AgentView {
  return {
    agentId: id,
    login: `login.${id}`,
    name: `Agent ${id}`,
    state: 'available',
    reason: null,
    since: T0,
    site: 'Moscow',
    groups: ['Sales'],
    employee: null,
    ...over,
  };
}

export function list(agents: AgentView[], over: Partial<AgentsList> = {}): AgentsList {
  return { epoch: 'e1', version: 10, asOf: T0, mode: 'live', lastEventAt: T0, agents, ...over };
}

export function delta(from: number, to: number, agents: AgentView[], over: Partial<AgentsChanged> = {}): AgentsChanged {
  return { epoch: 'e1', from, to, mode: 'live', lastEventAt: T0, agents, states: [], removed: [], ...over };
}

export function employee(externalId: string, over: Partial<IdentityEmployee> = {}): IdentityEmployee {
  return { externalId, tabN: `T-${externalId}`, name: `Employee ${externalId}`, departmentName: 'Contact centre', active: true, login: null, ...over };
}

export function identityRow(kind: IdentityRow['kind'], login: string, over: Partial<IdentityRow> = {}): IdentityRow {
  return { kind, login, agent: null, employees: [], ...over };
}

export function report(rows: IdentityRow[], over: Partial<IdentityReport> = {}): IdentityReport {
  const counts = { agent_without_employee: 0, employee_without_agent: 0, duplicate_login: 0, deactivated_in_mce: 0 };
  for (const r of rows) counts[r.kind] += 1;
  return { asOf: T0, counts, total: rows.length, rows, links: [], directoryEmployees: 500, ...over };
}
