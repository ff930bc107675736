/**
 * A faithful MCE/Oktell agent-status simulator (PROTOCOLS.md §2), for demo
 * mode, integration tests, e2e and benchmarks, over real sockets.
 *
 * - `POST /auth/mce/token` (HTTP Basic) issues bearer tokens.
 * - `GET /ws/agent-status` (bearer header or `?token=`): a snapshot first and
 *   after each `{"type":"resync"}`, then status frames with a global seq, and
 *   heartbeats; a socket is closed with 4401 when its token expires.
 * - `GET /api/v1/agents`: the REST fallback, `{ seq, agents }`.
 * - Agents are the 1C simulator's employees with a login for the same
 *   (seed, employees, today) (agents.ts); their states follow a contact
 *   centre's state machine (states.ts) at a set rate (pacer.ts).
 * - Faults by option or `POST /_sim/faults`, one-shot actions by
 *   `POST /_sim/actions/<name>`, `GET /_sim/state`; admin endpoints take the
 *   same Basic auth and are never faulted.
 *
 * It imports only core/contract and the 1C simulator's generator (lint-enforced).
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import { isDate, todayUtc } from '../onec/dates.ts';
import { generateRoster } from '../onec/roster.ts';
import { agentsCoveringLogins, mceRosterFrom, onecLogins, type MceRoster } from './agents.ts';
import { actionSchemas, isActionName, issuesText, MAX_EVENTS_PER_SEC, mceFaultsSchema, type ActionName, type MceFaults } from './faults.ts';
import { agentsBody, heartbeatFrame, hostileFrame, hostileKinds, snapshotFrame, statusFrame, toMceAgent, type HostileKind, type MceAgent } from './frames.ts';
import { Pacer } from './pacer.ts';
import { TokenStore } from './tokens.ts';
import { StatusWorld } from './world.ts';

export type { MceFaults } from './faults.ts';
export type { MceAgent, HostileKind } from './frames.ts';
export type { AgentProfile, MceRoster } from './agents.ts';

export const WS_PATH = '/ws/agent-status';
export const TOKEN_PATH = '/auth/mce/token';
export const AGENTS_PATH = '/api/v1/agents';

export interface MceSimOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * Agents MCE reports, 10..20 000; default 300. `'all'`: every 1C employee
   * with a login plus the accounts unknown to 1C, capped at 20 000.
   */
  agents?: number | 'all';
  /** Default 1; the 1C simulator's seed, so logins match. */
  seed?: number;
  /** Size of the 1C simulator's roster for the same seed (10..100 000); default `agents` (500, the 1C simulator's default, with `'all'`). */
  onecEmployees?: number;
  /** The 1C simulator's date, YYYY-MM-DD; default today (UTC). */
  today?: string;
  /** Basic-auth users for the token and admin endpoints; default { mce: 'mce' }. */
  users?: Record<string, string>;
  /** Lifetime of issued tokens; default 3600 s. */
  tokenTtlSec?: number;
  /** Default 30 000 ms. */
  heartbeatMs?: number;
  /** Status events per second, all agents together, 0..5000; default agents × eventsPerAgentPerMin / 60. */
  eventsPerSec?: number;
  /** Default 3. */
  eventsPerAgentPerMin?: number;
  /** Start with events paused (resume() starts them). */
  paused?: boolean;
  faults?: MceFaults;
}

export interface MceSimState {
  seed: number;
  today: string;
  onecEmployees: number;
  agents: number;
  /** Agents that are 1C employees (their logins match 1C's, some in another letter case). */
  fromOnec: number;
  /** Agents 1C does not know: named accounts plus synthetic fillers. */
  unknownToOnec: number;
  /** Of those, fillers added because `agents` exceeds the 1C logins on offer. */
  synthetic: number;
  caseVariants: number;
  /** Agents 1C reports as terminated (within the last month). */
  terminated: number;
  seq: number;
  eventsPerSec: number;
  paused: boolean;
  /** Status frames sent (each counted once, whatever the number of clients). */
  eventsSent: number;
  /** Status events whose frame was dropped by a fault. */
  framesDropped: number;
  heartbeatsSent: number;
  clients: number;
  /** Clients terminated because they fell more than 64 MiB behind. */
  slowClientsDropped: number;
  tokensIssued: number;
  heartbeatMs: number;
  /** Lifetime of tokens issued now (a fault may shorten it). */
  tokenTtlSec: number;
  faults: MceFaults & { dropNext: number; refusingUpgradesUntil: string | null };
}

export interface MceSimulator {
  /** HTTP base, no trailing slash: `${url}/auth/mce/token`, `${url}/api/v1/agents`. */
  url: string;
  /** `ws://host:port/ws/agent-status`. */
  wsUrl: string;
  port: number;
  state(): MceSimState;
  /** The truth: every agent as it is now, in MCE's order (by agentId). */
  agents(): MceAgent[];
  /** The seq of the last status event. */
  seq(): number;
  /** Replaces the standing faults ({} clears them). */
  setFaults(f: MceFaults): void;
  /** Drops the next N status frames. */
  dropNext(frames?: number): void;
  /** Closes every socket with a close frame (default 4401, token expired); returns how many. */
  closeSockets(code?: number): number;
  /** Every token issued so far expires now: sockets close with 4401, REST answers 401. */
  expireTokens(): void;
  /** Terminates every socket without a close frame and answers upgrades 503 for refuseSeconds; returns how many. */
  killSockets(refuseSeconds?: number): number;
  /** Sends hostile frames (all kinds by default) to every client; seq does not advance. Returns frames sent per client. */
  sendBadFrames(kinds?: HostileKind[]): number;
  pause(): void;
  resume(): void;
  setRate(eventsPerSec: number): void;
  /** Connected WebSocket clients. */
  clients(): number;
  close(): Promise<void>;
}

const optionsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(0),
    agents: z.union([z.number().int().min(10, 'agents must be at least 10').max(20_000, 'agents must be at most 20 000'), z.literal('all')]).default(300),
    seed: z.number().int().default(1),
    onecEmployees: z.number().int().min(10, 'onecEmployees must be at least 10').max(100_000, 'onecEmployees must be at most 100 000').optional(),
    today: z.string().refine(isDate, 'today must be a date YYYY-MM-DD').optional(),
    users: z.record(z.string().min(1), z.string()).refine((u) => Object.keys(u).length > 0, 'users must name at least one user').default({ mce: 'mce' }),
    tokenTtlSec: z.number().int().min(1).max(86_400).default(3600),
    heartbeatMs: z.number().int().min(10).max(600_000).default(30_000),
    eventsPerSec: z.number().min(0).max(MAX_EVENTS_PER_SEC, `eventsPerSec must be at most ${MAX_EVENTS_PER_SEC}`).optional(),
    eventsPerAgentPerMin: z.number().min(0).max(600).default(3),
    paused: z.boolean().default(false),
    faults: mceFaultsSchema.optional(),
  })
  .strict();

/** How often the pacer is asked what is due. */
const TICK_MS = 10;
/** A client this far behind is cut off rather than let the simulator's memory grow. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
const MAX_ADMIN_BODY = 64 * 1024;

function basicUser(req: IncomingMessage, users: Record<string, string>): string | null {
  const h = req.headers.authorization;
  if (!h || !/^basic /i.test(h)) return null;
  const decoded = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  const user = decoded.slice(0, i);
  return Object.hasOwn(users, user) && users[user] === decoded.slice(i + 1) ? user : null;
}

function bearer(req: IncomingMessage): string | null {
  const m = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** Answers a refused upgrade with a plain HTTP response, never a socket. */
function refuseUpgrade(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ message });
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${extra}\r\n${body}`,
  );
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

interface Client {
  ws: WebSocket;
  expiry: NodeJS.Timeout;
}

export async function startMceSimulator(input: MceSimOptions = {}): Promise<MceSimulator> {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) throw new RangeError(`MCE simulator options are invalid: ${issuesText(parsed.error)}`);
  const opts = parsed.data;
  const onec = generateRoster(opts.seed, opts.onecEmployees ?? (opts.agents === 'all' ? 500 : opts.agents), opts.today ?? todayUtc());
  const roster: MceRoster = mceRosterFrom(onec, opts.agents === 'all' ? agentsCoveringLogins(onecLogins(onec)) : opts.agents);
  const world = new StatusWorld(roster, Date.now());
  const tokens = new TokenStore();
  const pacer = new Pacer(opts.eventsPerSec ?? Math.min(MAX_EVENTS_PER_SEC, (roster.agents.length * opts.eventsPerAgentPerMin) / 60), performance.now());
  if (opts.paused) pacer.pause();
  let faults: MceFaults = opts.faults ? mceFaultsSchema.parse(opts.faults) : {};
  let dropNextFrames = 0;
  let refuseUpgradesUntil = 0;
  const clients = new Set<Client>();
  const sockets = new Set<Socket>();
  const counters = { eventsSent: 0, framesDropped: 0, heartbeatsSent: 0, slowClientsDropped: 0 };
  let closing = false;

  const tokenTtl = () => faults.tokenTtlSec ?? opts.tokenTtlSec;

  const state = (): MceSimState => ({
    seed: roster.seed,
    today: roster.today,
    onecEmployees: roster.onecEmployees,
    agents: roster.agents.length,
    fromOnec: roster.fromOnec,
    unknownToOnec: roster.unknown + roster.synthetic,
    synthetic: roster.synthetic,
    caseVariants: roster.caseVariants,
    terminated: roster.terminated,
    seq: world.seq,
    eventsPerSec: pacer.eventsPerSec,
    paused: pacer.isPaused,
    ...counters,
    clients: clients.size,
    tokensIssued: tokens.issued,
    heartbeatMs: opts.heartbeatMs,
    tokenTtlSec: tokenTtl(),
    faults: { ...faults, dropNext: dropNextFrames, refusingUpgradesUntil: refuseUpgradesUntil > Date.now() ? new Date(refuseUpgradesUntil).toISOString() : null },
  });

  function broadcast(text: string): void {
    if (clients.size === 0) return;
    // One UTF-8 encoding per frame, whatever the number of clients.
    const data = Buffer.from(text, 'utf8');
    for (const c of clients) if (c.ws.readyState === WebSocket.OPEN) c.ws.send(data, { binary: false });
  }

  function sendTo(c: Client, text: string): void {
    if (c.ws.readyState === WebSocket.OPEN) c.ws.send(text);
  }

  function emit(nowMs: number): void {
    const a = world.step(nowMs);
    const seq = world.seq;
    if (dropNextFrames > 0) {
      dropNextFrames--;
      counters.framesDropped++;
      return;
    }
    if (faults.dropFrames && seq % faults.dropFrames.every === 0) {
      counters.framesDropped++;
      return;
    }
    counters.eventsSent++;
    if (clients.size > 0) broadcast(statusFrame(seq, a));
  }

  const tick = setInterval(() => {
    const n = pacer.due(performance.now());
    if (n > 0) {
      const now = Date.now();
      for (let i = 0; i < n; i++) emit(now);
    }
    for (const c of clients) {
      if (c.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        counters.slowClientsDropped++;
        c.ws.terminate();
      }
    }
  }, TICK_MS);

  const heartbeat = setInterval(() => {
    if (faults.noHeartbeat || clients.size === 0) return;
    counters.heartbeatsSent++;
    broadcast(heartbeatFrame(world.seq, new Date().toISOString()));
  }, opts.heartbeatMs);

  function closeSockets(code = 4401): number {
    const n = clients.size;
    const reason = code === 4401 ? 'token expired' : 'closed by the simulator';
    for (const c of [...clients]) if (c.ws.readyState === WebSocket.OPEN) c.ws.close(code, reason);
    return n;
  }

  function killSockets(refuseSeconds = 0): number {
    refuseUpgradesUntil = Date.now() + refuseSeconds * 1000;
    const n = clients.size;
    for (const c of [...clients]) c.ws.terminate();
    return n;
  }

  function sendBadFrames(kinds: HostileKind[] = [...hostileKinds]): number {
    const a = world.agents[0]!;
    const now = new Date().toISOString();
    for (const k of kinds) broadcast(hostileFrame(k, world.seq, a, now));
    return kinds.length;
  }

  function expireTokens(): void {
    tokens.expireAll();
    closeSockets(4401);
  }

  function attach(ws: WebSocket, expiresAtMs: number): void {
    const client: Client = {
      ws,
      expiry: setTimeout(() => {
        if (ws.readyState === WebSocket.OPEN) ws.close(4401, 'token expired');
      }, Math.max(0, expiresAtMs - Date.now())),
    };
    clients.add(client);
    ws.on('close', () => {
      clearTimeout(client.expiry);
      clients.delete(client);
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return; // a client's garbage is ignored, as MCE would
      }
      if (msg !== null && typeof msg === 'object' && (msg as { type?: unknown }).type === 'resync') sendTo(client, snapshotFrame(world.seq, world.agents));
    });
    sendTo(client, snapshotFrame(world.seq, world.agents));
  }

  type ActionResult = Record<string, unknown>;
  const actions: { [K in ActionName]: (q: z.infer<(typeof actionSchemas)[K]>) => ActionResult } = {
    dropNext: (q) => {
      dropNextFrames += q.frames;
      return { dropNext: dropNextFrames };
    },
    closeSockets: (q) => ({ closed: closeSockets(q.code), code: q.code }),
    expireTokens: () => {
      const n = clients.size;
      expireTokens();
      return { expired: true, closed: n };
    },
    killSockets: (q) => ({ killed: killSockets(q.refuseSeconds), refuseSeconds: q.refuseSeconds }),
    sendBadFrames: (q) => ({ frames: sendBadFrames(q.kinds), clients: clients.size }),
    pause: () => {
      pacer.pause();
      return { paused: true, seq: world.seq };
    },
    resume: () => {
      pacer.resume(performance.now());
      return { paused: false, seq: world.seq };
    },
    setRate: (q) => {
      pacer.setRate(q.eventsPerSec, performance.now());
      return { eventsPerSec: q.eventsPerSec };
    },
  };

  function runAction(name: ActionName, query: Record<string, string>): { status: number; body: unknown } {
    const p = actionSchemas[name].safeParse(query);
    if (!p.success) return { status: 400, body: { message: `invalid ${name}: ${issuesText(p.error)}` } };
    return { status: 200, body: { action: name, ...(actions[name] as (q: unknown) => ActionResult)(p.data) } };
  }

  async function admin(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    if (path === '/_sim/state' && req.method === 'GET') return reply(res, 200, state());
    if (path === '/_sim/faults' && req.method === 'GET') return reply(res, 200, state().faults);
    if (path === '/_sim/faults' && req.method === 'POST') {
      const body = await readBody(req, MAX_ADMIN_BODY);
      if (body === null) return reply(res, 413, { message: `faults must be under ${MAX_ADMIN_BODY} bytes` });
      let value: unknown;
      try {
        value = body.trim() === '' ? {} : JSON.parse(body);
      } catch {
        return reply(res, 400, { message: 'faults must be a JSON object, e.g. {"restDown":true}' });
      }
      const f = mceFaultsSchema.safeParse(value);
      if (!f.success) return reply(res, 400, { message: `invalid faults: ${issuesText(f.error)}` });
      faults = f.data;
      return reply(res, 200, state().faults);
    }
    const m = /^\/_sim\/actions\/([^/]+)$/.exec(path);
    if (m && req.method === 'POST') {
      const name = decodeURIComponent(m[1]!);
      if (!isActionName(name)) return reply(res, 404, { message: `no action "${name}"; actions: ${Object.keys(actionSchemas).join(', ')}` });
      const r = runAction(name, Object.fromEntries(url.searchParams));
      return reply(res, r.status, r.body);
    }
    reply(res, 404, { message: `no admin endpoint ${req.method} ${path}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname;
    if (path.startsWith('/_sim/')) {
      if (!basicUser(req, opts.users)) return reply(res, 401, { message: 'the admin endpoints take the same Basic credentials as the token endpoint' }, { 'www-authenticate': 'Basic realm="MCE simulator"' });
      return admin(req, res, path, url);
    }
    if (path === TOKEN_PATH) {
      if (req.method !== 'POST') return reply(res, 405, { message: `use POST ${TOKEN_PATH}` }, { allow: 'POST' });
      await readBody(req, MAX_ADMIN_BODY);
      if (faults.refuseTokens || !basicUser(req, opts.users)) return reply(res, 401, { error: 'invalid_client', message: 'bad credentials' }, { 'www-authenticate': 'Basic realm="MCE"' });
      const ttl = tokenTtl();
      const t = tokens.issue(ttl, Date.now());
      return reply(res, 200, { access_token: t.token, token_type: 'Bearer', expires_in: ttl });
    }
    if (path === AGENTS_PATH) {
      if (req.method !== 'GET') return reply(res, 405, { message: `use GET ${AGENTS_PATH}` }, { allow: 'GET' });
      if (tokens.expiresAt(bearer(req), Date.now()) === null) return reply(res, 401, { error: 'invalid_token', message: 'missing, unknown or expired token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
      if (faults.restDown) return reply(res, 503, { message: 'agent service unavailable' }, { 'retry-after': '5' });
      return reply(res, 200, agentsBody(world.seq, world.agents));
    }
    reply(res, 404, { message: `not found: ${path}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) reply(res, 500, { message: `simulator error: ${e instanceof Error ? e.message : String(e)}` });
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false, maxPayload: 64 * 1024 });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://sim');
    if (closing) return refuseUpgrade(socket, 503, 'shutting down');
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, `no WebSocket endpoint ${url.pathname}; use ${WS_PATH}`);
    if (Date.now() < refuseUpgradesUntil) return refuseUpgrade(socket, 503, 'agent status service unavailable', { 'Retry-After': String(Math.ceil((refuseUpgradesUntil - Date.now()) / 1000)) });
    const expiresAt = tokens.expiresAt(bearer(req) ?? url.searchParams.get('token'), Date.now());
    if (expiresAt === null) return refuseUpgrade(socket, 401, 'missing, unknown or expired token', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, expiresAt));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    clearInterval(tick);
    clearInterval(heartbeat);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;

  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}${WS_PATH}`,
    port,
    state,
    agents: () => world.agents.map(toMceAgent),
    seq: () => world.seq,
    setFaults: (f) => {
      faults = mceFaultsSchema.parse(f);
    },
    dropNext: (frames = 1) => {
      if (!Number.isInteger(frames) || frames < 0) throw new RangeError(`frames must be a whole number ≥ 0, got ${frames}`);
      dropNextFrames += frames;
    },
    closeSockets: (code = 4401) => {
      const c = actionSchemas.closeSockets.safeParse({ code });
      if (!c.success) throw new RangeError(issuesText(c.error));
      return closeSockets(code);
    },
    expireTokens,
    killSockets: (refuseSeconds = 0) => {
      if (!(refuseSeconds >= 0 && refuseSeconds <= 3600)) throw new RangeError(`refuseSeconds must be from 0 to 3600, got ${refuseSeconds}`);
      return killSockets(refuseSeconds);
    },
    sendBadFrames,
    pause: () => pacer.pause(),
    resume: () => pacer.resume(performance.now()),
    setRate: (n) => {
      if (!(n >= 0 && n <= MAX_EVENTS_PER_SEC)) throw new RangeError(`eventsPerSec must be from 0 to ${MAX_EVENTS_PER_SEC}, got ${n}`);
      pacer.setRate(n, performance.now());
    },
    clients: () => clients.size,
    close: async () => {
      if (closing) return;
      closing = true;
      clearInterval(tick);
      clearInterval(heartbeat);
      for (const c of clients) {
        clearTimeout(c.expiry);
        c.ws.terminate();
      }
      clients.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      wss.close();
      await closed;
    },
  };
}
