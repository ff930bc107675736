/** An AgentsSource serving a body held in memory, parsed exactly as the 1C client parses it. */
import { parseAgentsBody, type AgentsResponse } from '../../onec/agents-schema.ts';
import type { AgentsSource } from '../service.ts';
import type { RawAgent, RawDepartment } from './fixtures.ts';
import { ROOT, SALES } from './fixtures.ts';

export class MemorySource implements AgentsSource {
  agents: RawAgent[];
  departments: RawDepartment[];
  calls: { from: string; to: string }[] = [];

  constructor(agents: RawAgent[] = [], departments: RawDepartment[] = [ROOT, SALES]) {
    this.agents = agents;
    this.departments = departments;
  }

  async getAgents(from: string, to: string): Promise<AgentsResponse> {
    this.calls.push({ from, to });
    return parseAgentsBody(structuredClone([{ AR_departments: this.departments, AR_agents: this.agents }]));
  }
}
