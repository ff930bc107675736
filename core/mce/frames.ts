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

/** Text from MCE: too long is cut (a name is shown, not refused), control characters go. */
const clipped = (max: number) => z.string().transform((s) => cleanLine(s.length > max ? s.slice(0, max) : s));
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
const reason = clipped(500).nullish().transform((r) => (r === undefined || r === '' ? null : r));

/**
 * An agent record. Refused only when it cannot be kept at all (no agentId, no
 * state, a time that does not parse); the rest is tolerated: a login null or
 * absent (the agent is then linked to no one), text too long (cut), more
 * groups than anyone has (the first 100).
 */
export const mceAgentSchema = z.object({
  agentId: id,
  login: clipped(200).nullish().transform((l) => l ?? ''),
  name: clipped(500).nullish().transform((n) => n ?? ''),
  state: z.string().min(1).transform((s) => cleanLine(s.length > 64 ? s.slice(0, 64) : s)),
  reason,
  since: instant,
  site: clipped(200).nullish().transform((s) => s || null),
  groups: z
    .array(clipped(200))
    .nullish()
    .transform((g) => (g ?? []).slice(0, 100)),
});

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

/**
 * The status frame is the hot path (thousands a second): zod checks its shape
 * with plain checks, and `finishStatus` cleans its text and reads its time
 * once, which costs a third of doing both inside the schema.
 */
const statusFrameShape = z.object({
  type: z.literal('status'),
  seq,
  agentId: z.string().min(1).max(200),
  state: z.string().min(1).max(64),
  reason: z.string().max(500).nullish(),
  since: z.string().max(64),
});

export interface StatusFrame {
  type: 'status';
  seq: number;
  agentId: string;
  state: string;
  reason: string | null;
  /** Epoch ms. */
  since: number;
}

const snapshotFrameSchema = z.object({ type: z.literal('snapshot'), seq, agents: z.array(z.unknown()).max(1_000_000) });
const heartbeatFrameSchema = z.object({ type: z.literal('heartbeat'), seq, ts: z.string().max(64).optional() });

const frameShapeSchema = z.discriminatedUnion('type', [statusFrameShape, snapshotFrameSchema, heartbeatFrameSchema]);
export type Frame = StatusFrame | z.output<typeof snapshotFrameSchema> | z.output<typeof heartbeatFrameSchema>;

export type FrameParse = { ok: true; frame: Frame } | { ok: false; why: string };

/** Validates a parsed JSON frame: the frame, or why it breaks the contract. */
export function parseFrame(json: unknown): FrameParse {
  const r = frameShapeSchema.safeParse(json);
  if (!r.success) return { ok: false, why: r.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; ').slice(0, 300) };
  if (r.data.type !== 'status') return { ok: true, frame: r.data };
  const since = Date.parse(r.data.since);
  if (Number.isNaN(since)) return { ok: false, why: 'since: expected an ISO 8601 instant' };
  const reason = r.data.reason ? cleanLine(r.data.reason) : null;
  return { ok: true, frame: { type: 'status', seq: r.data.seq, agentId: cleanLine(r.data.agentId), state: cleanLine(r.data.state), reason: reason || null, since } };
}

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
  /** The agentIds of refused records that had a readable one: their last known state is kept, not dropped. */
  rejectedIds: string[];
}

/** Validates a snapshot's agents one by one; duplicates of an agentId keep the last. */
export function parseAgents(raw: readonly unknown[]): AgentList {
  const byId = new Map<string, MceAgent>();
  let rejected = 0;
  const problems: string[] = [];
  const rejectedIds: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = mceAgentSchema.safeParse(raw[i]);
    if (r.success) byId.set(r.data.agentId, r.data);
    else {
      rejected++;
      if (problems.length < 5) problems.push(`agents[${i}]: ${r.error.issues.map((x) => `${x.path.join('.') || 'record'} ${x.message}`).join('; ')}`);
      const rid = id.safeParse((raw[i] as { agentId?: unknown } | null)?.agentId);
      if (rid.success) rejectedIds.push(rid.data);
    }
  }
  return { agents: [...byId.values()], rejected, problems, rejectedIds };
}

/** What a frame that did not parse looked like, for the log: its length and first bytes, cleaned. */
export function frameSample(raw: string, max = 120): string {
  const head = cleanLine(raw.slice(0, max));
  return `${raw.length} bytes: ${head}${raw.length > max ? '…' : ''}`;
}
