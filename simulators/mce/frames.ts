/**
 * The JSON text of every frame the simulator sends (PROTOCOLS.md §2.2). At
 * thousands of frames a second, a status frame is a concatenation of parts
 * escaped once (the agent's id) or safe by construction (state, reason, seq,
 * an ISO instant), not a JSON.stringify of an object per frame.
 */
import type { AgentProfile } from './agents.ts';
import type { AgentState } from './states.ts';

/** An agent as the simulator holds it: its profile, its state, and its fixed JSON parts. */
export interface LiveAgent {
  profile: AgentProfile;
  state: AgentState;
  reason: string | null;
  sinceMs: number;
  sinceIso: string;
  /** `"A123456"`, escaped. */
  idJson: string;
  /** `{"agentId":…,"login":…,"name":…` */
  head: string;
  /** `,"site":…,"groups":[…]}` (or just `}`) */
  tail: string;
  /** The whole Agent object as JSON, built at the first snapshot after a change (null: changed since). */
  json: string | null;
}

/** The contract's Agent object. */
export interface MceAgent {
  agentId: string;
  login: string;
  name: string;
  state: string;
  reason: string | null;
  since: string;
  site?: string;
  groups?: string[];
}

export function liveAgent(profile: AgentProfile, state: AgentState, reason: string | null, sinceMs: number): LiveAgent {
  const idJson = JSON.stringify(profile.agentId);
  let tail = '';
  if (profile.site !== undefined) tail += `,"site":${JSON.stringify(profile.site)}`;
  if (profile.groups !== undefined) tail += `,"groups":${JSON.stringify(profile.groups)}`;
  return {
    profile,
    state,
    reason,
    sinceMs,
    sinceIso: new Date(sinceMs).toISOString(),
    idJson,
    head: `{"agentId":${idJson},"login":${JSON.stringify(profile.login)},"name":${JSON.stringify(profile.name)}`,
    tail: `${tail}}`,
    json: null,
  };
}

/** States and reasons are the simulator's own identifiers: no character needs escaping. */
const reasonJson = (reason: string | null): string => (reason === null ? 'null' : `"${reason}"`);

export function agentJson(a: LiveAgent): string {
  return (a.json ??= `${a.head},"state":"${a.state}","reason":${reasonJson(a.reason)},"since":"${a.sinceIso}"${a.tail}`);
}

export function toMceAgent(a: LiveAgent): MceAgent {
  const out: MceAgent = { agentId: a.profile.agentId, login: a.profile.login, name: a.profile.name, state: a.state, reason: a.reason, since: a.sinceIso };
  if (a.profile.site !== undefined) out.site = a.profile.site;
  if (a.profile.groups !== undefined) out.groups = [...a.profile.groups];
  return out;
}

export function statusFrame(seq: number, a: LiveAgent): string {
  return `{"type":"status","seq":${seq},"agentId":${a.idJson},"state":"${a.state}","reason":${reasonJson(a.reason)},"since":"${a.sinceIso}"}`;
}

function agentsArray(agents: readonly LiveAgent[]): string {
  const parts = new Array<string>(agents.length);
  for (let i = 0; i < agents.length; i++) parts[i] = agentJson(agents[i]!);
  return `[${parts.join(',')}]`;
}

export function snapshotFrame(seq: number, agents: readonly LiveAgent[]): string {
  return `{"type":"snapshot","seq":${seq},"agents":${agentsArray(agents)}}`;
}

/** The body of `GET /api/v1/agents`. */
export function agentsBody(seq: number, agents: readonly LiveAgent[]): string {
  return `{"seq":${seq},"agents":${agentsArray(agents)}}`;
}

export function heartbeatFrame(seq: number, ts: string): string {
  return `{"type":"heartbeat","seq":${seq},"ts":"${ts}"}`;
}

export const hostileKinds = ['notJson', 'unknownType', 'missingAgentId', 'controlChars', 'longString'] as const;
export type HostileKind = (typeof hostileKinds)[number];

/** A 256 000-character reason: long enough to trip a naive log line or a fixed-size column. */
const LONG_TEXT_LENGTH = 256_000;

/**
 * Frames a robust client must survive without a crash, a wrong state or a
 * terminal escape reaching a log. None advances seq: the status-shaped ones
 * carry the last seq sent, which a client already has.
 */
export function hostileFrame(kind: HostileKind, seq: number, a: LiveAgent, nowIso: string): string {
  switch (kind) {
    case 'notJson':
      return `{"type":"status","seq":${seq + 1},"agentId":${a.idJson},"state":"talk`;
    case 'unknownType':
      return JSON.stringify({ type: 'queue_stats', seq, waiting: 3, longestWaitSec: 41 });
    case 'missingAgentId':
      return JSON.stringify({ type: 'status', seq, state: 'available', reason: null, since: nowIso });
    case 'controlChars':
      return JSON.stringify({ type: 'status', seq, agentId: a.profile.agentId, state: 'break', reason: '\u001b[31mlunch\u001b[0m\u0007\u0000\r\n\u202eevil\u0008', since: nowIso });
    case 'longString':
      return JSON.stringify({ type: 'status', seq, agentId: a.profile.agentId, state: 'break', reason: 'x'.repeat(LONG_TEXT_LENGTH), since: nowIso });
  }
}
