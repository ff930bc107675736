/**
 * The MCE wire (PROTOCOLS.md §2), validated at the edge: token answers, the
 * socket's frames and the REST list. Strings are cleaned of control
 * characters and times turned into epoch milliseconds here, so nothing past
 * this file sees raw peer text. Tolerated: unknown states (kept as sent),
 * reason absent or null, site and groups absent, unknown extra fields.
 * A snapshot's agents are checked one by one: a broken record is dropped and
 * counted, never the whole snapshot.
 */
import { z } from 'zod';
import { cleanLine } from '../text/clean.ts';

const line = (max: number) => z.string().max(max).transform(cleanLine);
const id = z.string().min(1).max(200).transform(cleanLine);

/** An ISO 8601 instant → epoch ms. */
const instant = z
  .string()
  .max(64)
  .transform((s, ctx) => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 instant' });
      return z.NEVER;
    }
    return t;
  });

const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const reason = line(500).nullish().transform((r) => (r === undefined || r === '' ? null : r));

export const mceAgentSchema = z.object({
  agentId: id,
  login: line(200),
  name: line(500),
  state: z.string().min(1).max(64).transform(cleanLine),
  reason,
  since: instant,
  site: line(200).nullish().transform((s) => s || null),
  groups: z
    .array(line(200))
    .max(100)
    .nullish()
    .transform((g) => g ?? []),
});
export type MceAgentWire = z.output<typeof mceAgentSchema>;

/** An agent as the gateway keeps it (times in epoch ms, text clean). */
export interface MceAgent {
  agentId: string;
  login: string;
  name: string;
  state: string;
  reason: string | null;
  since: number;
  site: string | null;
  groups: string[];
}

export const statusFrameSchema = z.object({
  type: z.literal('status'),
  seq,
  agentId: id,
  state: z.string().min(1).max(64).transform(cleanLine),
  reason,
  since: instant,
});
export type StatusFrame = z.output<typeof statusFrameSchema>;

const snapshotFrameSchema = z.object({ type: z.literal('snapshot'), seq, agents: z.array(z.unknown()).max(1_000_000) });
const heartbeatFrameSchema = z.object({ type: z.literal('heartbeat'), seq, ts: z.string().max(64).optional() });

export const frameSchema = z.discriminatedUnion('type', [statusFrameSchema, snapshotFrameSchema, heartbeatFrameSchema]);
export type Frame = z.output<typeof frameSchema>;

export const restAgentsSchema = z.object({ seq, agents: z.array(z.unknown()).max(1_000_000) });

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1).max(8192),
  token_type: z.string().max(64).optional(),
  expires_in: z.number().positive().max(365 * 86_400),
});
export type TokenResponse = z.output<typeof tokenResponseSchema>;

export interface AgentList {
  agents: MceAgent[];
  /** Records that broke the contract, with why (the first few). */
  rejected: number;
  problems: string[];
}

/** Validates a snapshot's agents one by one; duplicates of an agentId keep the last. */
export function parseAgents(raw: readonly unknown[]): AgentList {
  const byId = new Map<string, MceAgent>();
  let rejected = 0;
  const problems: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = mceAgentSchema.safeParse(raw[i]);
    if (r.success) byId.set(r.data.agentId, r.data);
    else {
      rejected++;
      if (problems.length < 5) problems.push(`agents[${i}]: ${r.error.issues.map((x) => `${x.path.join('.') || 'record'} ${x.message}`).join('; ')}`);
    }
  }
  return { agents: [...byId.values()], rejected, problems };
}

/** What a frame that did not parse looked like, for the log: its length and first bytes, cleaned. */
export function frameSample(raw: string, max = 120): string {
  const head = cleanLine(raw.slice(0, max));
  return `${raw.length} bytes: ${head}${raw.length > max ? '…' : ''}`;
}
