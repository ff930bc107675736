/**
 * A faithful 1C:ZUP HTTP service simulator (PROTOCOLS.md §1), for demo mode,
 * integration tests, e2e and benchmarks, over real sockets.
 *
 * - `GET {basePath}/agents/{startDate}/{endDate}` with Basic auth, serving a
 *   deterministic roster generated from a seed (10 to 100 000 employees) as of
 *   the simulator's date; the body is cached per (roster version, period).
 * - `POST /getNormHours`, `/sendSchedule`, `/getTimetypeInfo`, `/sendFactWorkTime`
 *   over the same roster, a production calendar, and the schedule and deviation
 *   documents they create (see norm-hours.ts, schedule.ts, timesheet.ts,
 *   fact-work-time.ts).
 * - Days pass on demand (`advanceDays`, `POST /_sim/advance?days=N`): hires,
 *   terminations, transfers and norm changes, so successive syncs produce real
 *   plans; staff terminated more than a month ago leave the response.
 * - Faults by option or `POST /_sim/faults`: latency, 500 (JSON/text/empty),
 *   malformed JSON, a body cut short, a connection reset, a request that hangs.
 * - `GET /_sim/state` for scripts. Admin endpoints sit behind the same Basic auth
 *   (at the root or under basePath) and are never faulted.
 *
 * It imports nothing of core (lint-enforced): its generator and serializer are its own.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { AgentsBodyCache } from './agents-body.ts';
import { isDate, todayUtc } from './dates.ts';
import { DEFAULT_500_MESSAGE, FaultState, faultOptionsSchema, type FaultOptions } from './faults.ts';
import { sendFactWorkTime } from './fact-work-time.ts';
import { getNormHours } from './norm-hours.ts';
import { failure, json, type Reply } from './reply.ts';
import { advanceDays, generateRoster, type DayChanges, type Roster } from './roster.ts';
import { sendSchedule } from './schedule.ts';
import { generateSchedules, schedulesCsv, type ScheduleFileRow } from './schedules.ts';
import { getTimetypeInfo } from './timesheet.ts';
import { World, type FactDocument, type ScheduleMonth } from './world.ts';

export type { FaultOptions } from './faults.ts';
export type { DayChange, DayChanges, ChangeKind } from './roster.ts';
export type { FactDocument, ScheduleMonth, ScheduledDay } from './world.ts';
export type { ScheduleFileRow } from './schedules.ts';

export interface OnecSimOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** 10..100 000, default 500. */
  employees?: number;
  /** Default 1. */
  seed?: number;
  /** The simulator's date, YYYY-MM-DD; default today (UTC). */
  today?: string;
  /** Basic-auth users, default { wfm: 'wfm' }. */
  users?: Record<string, string>;
  faults?: FaultOptions;
  /** Path prefix of the service, e.g. "/services/personnel"; default ''. */
  basePath?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: the same port on two calls means the connection was kept alive. */
  remotePort: number | null;
}

export interface SimState {
  today: string;
  seed: number;
  /** Employees in the /agents response (working plus terminated within the last month). */
  employees: number;
  working: number;
  terminated: number;
  departments: number;
  requests: number;
  faults: FaultOptions & { remaining: number | null };
  /** Monthly schedule documents written by sendSchedule. */
  scheduleDocuments: number;
  /** Documents created by sendFactWorkTime. */
  factDocuments: number;
}

export interface OnecSimulator {
  /** Base URL, no trailing slash: `${url}/agents/2026-01-01/2026-01-31`. */
  url: string;
  port: number;
  today(): string;
  advanceDays(n: number): DayChanges;
  setFaults(f: FaultOptions): void;
  /** Requests to the 1C methods so far (admin endpoints not counted). */
  requests(): number;
  /** The last request to a 1C method, headers and body as received. */
  lastRequest(): RecordedRequest | null;
  state(): SimState;
  /** The schedule document of an employee for a month "YYYY-MM", if sendSchedule wrote one. */
  scheduleDocument(agentId: string, month: string): ScheduleMonth | null;
  /** Documents created by sendFactWorkTime, oldest first. */
  factDocuments(): FactDocument[];
  /** Shifts Argus would plan for the staff in a month "YYYY-MM" (2/2, 5/2, night shifts), as schedule file rows. */
  schedules(month: string): ScheduleFileRow[];
  close(): Promise<void>;
}

const optionsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(0),
    employees: z.number().int().min(10, 'employees must be at least 10').max(100_000, 'employees must be at most 100 000').default(500),
    seed: z.number().int().default(1),
    today: z.string().refine(isDate, 'today must be a date YYYY-MM-DD').optional(),
    users: z.record(z.string().min(1), z.string()).refine((u) => Object.keys(u).length > 0, 'users must name at least one user').default({ wfm: 'wfm' }),
    faults: faultOptionsSchema.optional(),
    basePath: z
      .string()
      .default('')
      .transform((p) => p.replace(/\/+$/, ''))
      .refine((p) => p === '' || p.startsWith('/'), 'basePath must start with "/"'),
  })
  .strict();

const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function authorized(req: IncomingMessage, users: Record<string, string>): boolean {
  const h = req.headers.authorization;
  if (!h || !/^basic /i.test(h)) return false;
  const decoded = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return false;
  const user = decoded.slice(0, i);
  return Object.hasOwn(users, user) && users[user] === decoded.slice(i + 1);
}

/** A body that is not JSON: the first quote dropped, as a broken serializer would. */
function malformed(body: Buffer): Buffer {
  const i = body.indexOf(0x22);
  if (i < 0) return Buffer.concat([body, Buffer.from('<')]);
  return Buffer.concat([body.subarray(0, i), body.subarray(i + 1)]);
}

export async function startOnecSimulator(input: OnecSimOptions = {}): Promise<OnecSimulator> {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new RangeError(`1C simulator options are invalid: ${parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}`);
  }
  const opts = parsed.data;
  const roster: Roster = generateRoster(opts.seed, opts.employees, opts.today ?? todayUtc());
  const bodies = new AgentsBodyCache(roster);
  const world = new World(roster);
  const faults = new FaultState();
  if (opts.faults) faults.set(opts.faults);
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let requestCount = 0;
  let last: RecordedRequest | null = null;
  let closing = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const state = (): SimState => {
    let terminated = 0;
    for (const a of roster.agents) if (a.finishwork !== null) terminated++;
    return {
      today: roster.today,
      seed: roster.seed,
      employees: roster.agents.length,
      working: roster.agents.length - terminated,
      terminated,
      departments: roster.departments.length,
      requests: requestCount,
      faults: faults.current(),
      scheduleDocuments: [...world.schedules.values()].reduce((n, m) => n + m.size, 0),
      factDocuments: world.factDocs.length,
    };
  };

  /** The 1C methods: [HTTP method, path pattern, handler]. */
  const routes: Array<{ method: string; pattern: RegExp; handle: (m: RegExpExecArray, body: string) => Reply }> = [
    {
      method: 'GET',
      pattern: /^\/agents\/([^/]+)\/([^/]+)\/?$/,
      handle: (m) => {
        const from = decodeURIComponent(m[1]!);
        const to = decodeURIComponent(m[2]!);
        if (!isDate(from) || !isDate(to)) return failure(`Некорректный период: ожидаются даты в формате ГГГГ-ММ-ДД, получено "${from}" и "${to}"`);
        if (from > to) return failure(`Некорректный период: дата начала ${from} позже даты окончания ${to}`);
        return { status: 200, body: bodies.get(from, to) };
      },
    },
    { method: 'POST', pattern: /^\/getNormHours\/?$/, handle: (_m, body) => getNormHours(world, body) },
    { method: 'POST', pattern: /^\/sendSchedule\/?$/, handle: (_m, body) => sendSchedule(world, body) },
    { method: 'POST', pattern: /^\/getTimetypeInfo\/?$/, handle: (_m, body) => getTimetypeInfo(world, body) },
    { method: 'POST', pattern: /^\/sendFactWorkTime\/?$/, handle: (_m, body) => sendFactWorkTime(world, body) },
  ];

  function admin(req: IncomingMessage, path: string, query: URLSearchParams, body: string): Reply {
    if (path === '/_sim/state' && req.method === 'GET') return json(200, state());
    if (path === '/_sim/schedules' && req.method === 'GET') {
      const month = query.get('month') ?? roster.today.slice(0, 7);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return json(400, { message: `month must be YYYY-MM, got "${month}"` });
      const rows = generateSchedules(roster, month);
      if (query.get('format') === 'json') return json(200, rows);
      return { status: 200, body: Buffer.from(schedulesCsv(rows), 'utf8'), contentType: 'text/csv; charset=utf-8' };
    }
    if (path === '/_sim/advance' && req.method === 'POST') {
      const days = Number(query.get('days') ?? '1');
      if (!Number.isInteger(days) || days < 1 || days > 3660) return json(400, { message: `days must be a whole number from 1 to 3660, got "${query.get('days')}"` });
      return json(200, advanceDays(roster, days));
    }
    if (path === '/_sim/faults' && req.method === 'POST') {
      let value: unknown;
      try {
        value = body.trim() === '' ? {} : JSON.parse(body);
      } catch {
        return json(400, { message: 'faults must be a JSON object' });
      }
      const f = faultOptionsSchema.safeParse(value);
      if (!f.success) return json(400, { message: `invalid faults: ${f.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` });
      faults.set(f.data);
      return json(200, faults.current());
    }
    return json(404, { message: `no admin endpoint ${req.method} ${path}` });
  }

  function send(res: ServerResponse, reply: Reply, f: FaultOptions | null): void {
    if (res.destroyed || closing) return;
    let body = reply.body;
    if (f?.malformedJson && reply.status === 200) body = malformed(body);
    res.writeHead(reply.status, {
      'content-type': reply.contentType ?? 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    if (f?.truncateBody && body.length > 0) {
      const cut = Math.max(1, Math.floor(body.length / 2));
      res.write(body.subarray(0, cut), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    let path = url.pathname;
    if (opts.basePath && (path === opts.basePath || path.startsWith(`${opts.basePath}/`))) path = path.slice(opts.basePath.length) || '/';
    const isAdmin = path.startsWith('/_sim/');
    const body = await readBody(req);
    if (!isAdmin) {
      requestCount++;
      last = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, remotePort: req.socket.remotePort ?? null };
    }
    if (!authorized(req, opts.users)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="1C:Enterprise"', 'content-length': 0 });
      res.end();
      return;
    }
    if (isAdmin) {
      send(res, admin(req, path, url.searchParams, body), null);
      return;
    }
    let matched: { handle: (m: RegExpExecArray, body: string) => Reply; m: RegExpExecArray } | null = null;
    let pathKnown = false;
    for (const r of routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (r.method === req.method) {
        matched = { handle: r.handle, m };
        break;
      }
    }
    if (!matched) {
      send(res, pathKnown ? json(405, { message: `метод ${req.method} не поддерживается` }) : { status: 404, body: Buffer.from(`Не найден HTTP-сервис для ${path}`), contentType: 'text/plain; charset=utf-8' }, null);
      return;
    }

    const f = faults.take();
    if (f?.latencyMs) await sleep(f.latencyMs);
    if (closing || res.destroyed) return;
    if (f?.hang) return; // never answered; close() or the client's timeout ends it
    if (f?.resetConnection) {
      req.socket.resetAndDestroy();
      return;
    }
    if (f?.status500) {
      const message = f.status500.message ?? DEFAULT_500_MESSAGE;
      const kind = f.status500.body ?? 'json';
      if (kind === 'json') send(res, failure(message), null);
      else if (kind === 'text') send(res, { status: 500, body: Buffer.from(message, 'utf8'), contentType: 'text/plain; charset=utf-8' }, null);
      else send(res, { status: 500, body: Buffer.alloc(0) }, null);
      return;
    }
    send(res, matched.handle(matched.m, body), f);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, failure(`Ошибка симулятора: ${e instanceof Error ? e.message : String(e)}`), null);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;

  return {
    url: `http://${host}:${port}${opts.basePath}`,
    port,
    today: () => roster.today,
    advanceDays: (n) => advanceDays(roster, n),
    setFaults: (f) => faults.set(f),
    requests: () => requestCount,
    lastRequest: () => last,
    state,
    scheduleDocument: (agentId, month) => world.scheduleMonth(agentId, month) ?? null,
    factDocuments: () => [...world.factDocs],
    schedules: (month) => generateSchedules(roster, month),
    close: async () => {
      if (closing) return;
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
