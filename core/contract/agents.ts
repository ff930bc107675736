/**
 * Live agent status from MCE/Oktell as the console sees it (PROTOCOLS.md §2),
 * with each agent's link to a directory employee, and the identity report
 * that lists what does not match between MCE, 1C and the directory.
 *
 * The Agents screen loads `agents.list` once (a version number and every
 * agent), then applies `agents.changed` deltas: a delta whose `from` is at or
 * below the screen's version carries the latest state of every agent changed
 * since, so it applies on top; a delta from a later version (or another
 * `epoch`, i.e. a restarted gateway) means something was missed: reload.
 */
import { z } from 'zod';
import { instantSchema, paging } from './common.ts';

/** States PROTOCOLS.md names; MCE may send others, which are kept and shown as they are. */
export const knownAgentStates = ['offline', 'available', 'ringing', 'talking', 'hold', 'wrap_up', 'break', 'training', 'meeting'] as const;
export type KnownAgentState = (typeof knownAgentStates)[number];

/** How the gateway is connected to MCE: socket up, polling REST while it is down, neither, or no MCE configured. */
export const mceModeSchema = z.enum(['live', 'fallback', 'offline', 'not_configured']);
export type MceMode = z.infer<typeof mceModeSchema>;

/** The directory employee an MCE agent is linked to, and how. */
export const agentEmployeeSchema = z.object({
  externalId: z.string(),
  tabN: z.string(),
  /** "Иванова Мария Петровна". */
  name: z.string(),
  departmentName: z.string().nullable(),
  /** Deactivated employees stay linked (and show in the identity report while MCE still has them). */
  active: z.boolean(),
  /** `login`: 1C's Login equals the agent's login (case-insensitive); `manual`: an administrator linked them. */
  link: z.enum(['login', 'manual']),
});
export type AgentEmployee = z.infer<typeof agentEmployeeSchema>;

export const agentViewSchema = z.object({
  agentId: z.string(),
  login: z.string(),
  name: z.string(),
  /** One of knownAgentStates, or whatever MCE sent. */
  state: z.string(),
  /** Break reason and the like ("lunch"); null when none. */
  reason: z.string().nullable(),
  /** When the agent entered this state (UTC). */
  since: instantSchema,
  site: z.string().nullable(),
  groups: z.array(z.string()),
  /** Null when the agent is linked to no employee (see the identity report). */
  employee: agentEmployeeSchema.nullable(),
});
export type AgentView = z.infer<typeof agentViewSchema>;

export const agentsListInput = z.object({}).strict().default({});
export const agentsListOutput = z.object({
  /** Changes with every restart of the gateway: deltas of another epoch do not apply. */
  epoch: z.string(),
  /** The version of the state this list shows; deltas count from it. */
  version: z.number().int().min(0),
  asOf: instantSchema,
  mode: mceModeSchema,
  /** The last frame or poll that came from MCE; null before the first. */
  lastEventAt: instantSchema.nullable(),
  agents: z.array(agentViewSchema),
});
export type AgentsList = z.infer<typeof agentsListOutput>;

/** An agent of which only the state moved: what moved, nothing else. */
export const agentStateChangeSchema = z.object({
  agentId: z.string(),
  state: z.string(),
  reason: z.string().nullable(),
  since: instantSchema,
});
export type AgentStateChange = z.infer<typeof agentStateChangeSchema>;

/**
 * Pushed at most a few times a second: every agent changed since version
 * `from`, as it is at `to`; whole when it is new or more than its state moved,
 * else only its state (a 10 000-agent floor at 5 000 events a second sends a
 * quarter of the bytes that way).
 */
export const agentsChangedEvent = z.object({
  epoch: z.string(),
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  mode: mceModeSchema,
  lastEventAt: instantSchema.nullable(),
  agents: z.array(agentViewSchema),
  states: z.array(agentStateChangeSchema),
  /** Agents MCE no longer reports (a snapshot without them). */
  removed: z.array(z.string()),
  /** True when what agents are linked to changed (a manual link, an applied sync): reload the list. */
  reload: z.boolean().optional(),
});
export type AgentsChanged = z.infer<typeof agentsChangedEvent>;

// ---------------------------------------------------------------------------
// Identity: MCE agents ↔ directory employees

export const identityKinds = [
  /** An MCE agent no employee is linked to (no employee has its login, and no manual link). */
  'agent_without_employee',
  /** An active employee with a Login that no MCE agent has. */
  'employee_without_agent',
  /** Two or more employees share a login (case-insensitive), and no manual link says which one it is. */
  'duplicate_login',
  /** A deactivated employee whose login MCE still reports. */
  'deactivated_in_mce',
] as const;
export const identityKindSchema = z.enum(identityKinds);
export type IdentityKind = z.infer<typeof identityKindSchema>;

export const identityEmployeeSchema = z.object({
  externalId: z.string(),
  tabN: z.string(),
  name: z.string(),
  departmentName: z.string().nullable(),
  active: z.boolean(),
  login: z.string().nullable(),
});
export type IdentityEmployee = z.infer<typeof identityEmployeeSchema>;

export const identityRowSchema = z.object({
  kind: identityKindSchema,
  /** The login the row is about, as MCE or 1C spells it. */
  login: z.string(),
  /** The MCE agent with this login, when MCE has one. */
  agent: z.object({ agentId: z.string(), name: z.string(), state: z.string(), site: z.string().nullable() }).nullable(),
  /** Directory employees concerned (the duplicates, the deactivated one, the one without an agent). */
  employees: z.array(identityEmployeeSchema),
});
export type IdentityRow = z.infer<typeof identityRowSchema>;

export const agentLinkSchema = z.object({
  /** As the administrator typed it; matched case-insensitively. */
  login: z.string(),
  /** The employee the login belongs to; null: "not an employee" (a service or test account, left out of the report). */
  externalId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: instantSchema,
  /** The employee, when it exists in the directory. */
  employee: identityEmployeeSchema.nullable(),
});
export type AgentLink = z.infer<typeof agentLinkSchema>;

export const agentsIdentityInput = z
  .object({
    kind: identityKindSchema.optional(),
    /** Login, name, tab number or external id (case-insensitive). */
    search: z.string().max(200).optional(),
    ...paging(200, 2000),
  })
  .strict()
  .default({ offset: 0, limit: 200 });
export const agentsIdentityOutput = z.object({
  asOf: instantSchema,
  /** Rows of each kind (before search and paging). */
  counts: z.record(identityKindSchema, z.number().int().min(0)),
  /** Rows matching kind and search. */
  total: z.number().int().min(0),
  rows: z.array(identityRowSchema),
  /** Every manual link, for the "manual links" list (there are few). */
  links: z.array(agentLinkSchema),
  /** Employees in the directory: none means no personnel sync was applied yet, so no agent can be linked by login. */
  directoryEmployees: z.number().int().min(0),
});
export type IdentityReport = z.infer<typeof agentsIdentityOutput>;

const loginInput = z.string().trim().min(1, 'the login must not be empty').max(200, 'the login must be at most 200 characters');

export const agentsLinkInput = z
  .object({
    login: loginInput,
    /** null marks the login as "not an employee". */
    externalId: z.string().trim().min(1, 'the employee id must not be empty').max(200).nullable(),
  })
  .strict();
export const agentsUnlinkInput = z.object({ login: loginInput }).strict();
export const agentsUnlinkOutput = z.object({ login: z.string(), removed: z.boolean() });
