import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, type HealthSummary } from '../core/contract/index.ts';
import { listenConsoleServer, type ConsoleServer } from './http.ts';
import { holdCalls, openTestConsole, type TestConsole } from './testing/console.ts';

let dir: string;
let server: ConsoleServer;
let api: TestConsole;
let logs: string[];

/** What the gateway's health hands the host, reasons included: GET /health must not pass them on. */
const HEALTH: HealthSummary = {
  status: 'healthy',
  checkedAt: '2026-01-15T09:00:00.000Z',
  checks: [{ name: 'database', status: 'healthy', checkedAt: '2026-01-15T09:00:00.000Z', latencyMs: 1, reason: null }],
};

/** The refusal log's clock: tests move it to end a minute. */
let now = 0;

/** The host over a real gateway; `hold` keeps calls of one method in flight until released. */
async function start(opts: { hold?: string; publicNames?: string[] } = {}) {
  logs = [];
  now = Date.UTC(2026, 0, 15, 9, 0, 0);
  api = await openTestConsole({ logger: { error: (m) => logs.push(m) } });
  const held = opts.hold ? holdCalls(api.dispatcher, opts.hold) : null;
  server = await listenConsoleServer({
    dispatcher: held?.dispatcher ?? api.dispatcher,
    health: async () => structuredClone(HEALTH),
    subscribe: api.subscribe,
    staticDir: join(dir, 'dist'),
    actor: 'tester (web)',
    log: (l) => logs.push(l),
    publicNames: opts.publicNames,
    refusalLog: { now: () => now, sweepMs: 0 },
  });
  return held;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argus-http-'));
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'dist', 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the root');
});

afterEach(async () => {
  await server?.close(1000);
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request, so paths and Host reach the server exactly as written (fetch would normalise ".." and forbids Host) */
function rawGet(
  path: string,
  opts: { host?: string; method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...(opts.host ? { host: opts.host } : {}), ...opts.headers };
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsUrl(query = '') {
  return `ws://127.0.0.1:${server.port}/ws${query}`;
}

/** Connects and resolves with the socket, or with the HTTP status the upgrade was refused with. */
function connect(url: string, protocols?: string[], headers?: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

async function open(): Promise<WebSocket> {
  const ws = await connect(wsUrl(`?token=${server.token}`));
  if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
  return ws;
}

function nextFrame(ws: WebSocket, pred: (f: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (data: WebSocket.RawData) => {
      const f = JSON.parse(data.toString()) as Record<string, unknown>;
      if (pred(f)) {
        ws.off('message', on);
        resolve(f);
      }
    };
    ws.on('message', on);
  });
}

async function call(ws: WebSocket, id: number, method: string, input?: unknown) {
  const answer = nextFrame(ws, (f) => f.id === id);
  ws.send(JSON.stringify({ id, method, input }));
  return answer;
}

describe('headless host: HTTP', () => {
  it('answers GET /health without a token with the overall state and each link\'s name and state, nothing more', async () => {
    await start();
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ status: 'healthy', checks: [{ name: 'database', status: 'healthy' }] });
  });

  it('gives the details of /health (reasons, latencies, details) for the token, as a header or as the WebSocket takes it', async () => {
    await start();
    for (const init of [{ headers: { authorization: `Bearer ${server.token}` } }, { path: `?token=${server.token}` }]) {
      const res = await fetch(`${server.url}/health${init.path ?? ''}`, { headers: init.headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(HEALTH);
    }
    const wrong = await fetch(`${server.url}/health`, { headers: { authorization: 'Bearer 0000' } });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await wrong.json())).not.toContain('database');
  });

  it('answers /health to GET and HEAD only', async () => {
    await start();
    const head = await rawGet('/health', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const res = await rawGet('/health', { method });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
  });

  it('serves the console with its content types and a strict CSP', async () => {
    await start();
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await index.text()).toContain('<title>console</title>');

    const js = await fetch(`${server.url}/assets/app-1234.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');

    expect((await fetch(`${server.url}/index.html`)).status).toBe(200);
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });

  it('answers 404, not the console page, for any path that is not the page or a built file', async () => {
    await start();
    for (const path of ['/plans/12', '/metrics.php', '/.env', '/wp-admin', '/wp-admin/', '/admin/login', '/index.php', '/.git/config', '/assets']) {
      const res = await rawGet(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('<title>console</title>');
    }
  });

  it('never serves source maps or dot files, even when the directory holds them', async () => {
    writeFileSync(join(dir, 'dist', 'assets', 'app-1234.js.map'), '{"sources":["../src/secret.ts"]}');
    writeFileSync(join(dir, 'dist', '.env'), 'TOKEN=1');
    mkdirSync(join(dir, 'dist', '.git'));
    writeFileSync(join(dir, 'dist', '.git', 'config'), '[core]');
    await start();
    for (const path of ['/assets/app-1234.js.map', '/assets/app-1234.js%2emap', '/.env', '/.git/config', '/assets/../.env']) {
      const res = await rawGet(path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toMatch(/sources|TOKEN|core/);
    }
    expect((await rawGet('/assets/app-1234.js')).status).toBe(200);
  });

  it('never serves a file outside the console directory', async () => {
    await start();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00index.html']) {
      const res = await rawGet(path);
      expect(res.body).not.toContain('outside the root');
      expect([400, 404]).toContain(res.status);
    }
  });

  it('says plainly when the console is not built', async () => {
    await start();
    rmSync(join(dir, 'dist'), { recursive: true });
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
  });

  it('probes the token on /api/session', async () => {
    await start();
    expect((await fetch(`${server.url}/api/session`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/session`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${server.token}` } })).status).toBe(204);
  });
});

describe('headless host: Host header (DNS rebinding)', () => {
  it('refuses a request naming another host with 421 on every path, the WebSocket upgrade too', async () => {
    await start();
    for (const path of ['/', '/index.html', '/health', '/api/session', `/health?token=${server.token}`]) {
      const res = await rawGet(path, { host: `rebind.attacker.example:${server.port}` });
      expect(res.status, path).toBe(421);
      expect(res.body).not.toContain('console');
      expect(res.body).not.toContain('healthy');
    }
    expect(await connect(wsUrl(`?token=${server.token}`), undefined, { host: `rebind.attacker.example:${server.port}` })).toBe(421);
    // Not confused by a loopback name inside a longer one, or by user info.
    expect((await rawGet('/health', { host: `127.0.0.1.attacker.example:${server.port}` })).status).toBe(421);
    expect((await rawGet('/health', { host: `localhost@attacker.example` })).status).toBe(421);
  });

  it('answers to 127.0.0.1, localhost and [::1] on any port, and to the public names it was given', async () => {
    await start({ publicNames: ['gw.example.local'] });
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`, 'localhost', 'gw.example.local', 'GW.example.local.:443']) {
      expect((await rawGet('/health', { host })).status, host).toBe(200);
    }
    expect((await rawGet('/health', { host: 'other.example.local' })).status).toBe(421);
    const ws = await connect(wsUrl(`?token=${server.token}`), undefined, { host: 'gw.example.local' });
    expect(typeof ws).not.toBe('number');
    (ws as WebSocket).close();
    expect(server.hostNames).toEqual(expect.arrayContaining(['127.0.0.1', 'localhost', '::1', 'gw.example.local']));
  });
});

describe('headless host: refusals in the log', () => {
  it('logs refusals once per address per minute and then how many more there were, by reason', async () => {
    await start();
    expect(await connect(wsUrl())).toBe(401);
    expect(await connect(wsUrl('?token=0000'))).toBe(401);
    expect(await connect(wsUrl('?token=0000'))).toBe(401);
    expect((await rawGet('/health', { host: 'rebind.example' })).status).toBe(421);
    expect(await connect(wsUrl(`?token=${server.token}`), undefined, { origin: 'http://evil.example' })).toBe(403);
    let refusals = logs.filter((l) => l.startsWith('refused'));
    expect(refusals).toEqual(['refused a console connection from 127.0.0.1: missing token']);

    now += 60_000;
    server.sweepRefusals();
    refusals = logs.filter((l) => l.startsWith('refused'));
    expect(refusals).toHaveLength(2);
    expect(refusals[1]).toBe(
      'refused 4 more connection(s) from 127.0.0.1 in the last minute (wrong token ×2, unknown host name "rebind.example" ×1, foreign origin http://evil.example ×1; last: a console connection)',
    );
    expect(logs.join('\n')).not.toContain(server.token);

    // Still refusing a minute later: counted again, and said once at the end of that minute.
    expect(await connect(wsUrl('?token=0000'))).toBe(401);
    expect(logs.filter((l) => l.startsWith('refused'))).toHaveLength(2);
    now += 60_000;
    server.sweepRefusals();
    expect(logs.filter((l) => l.startsWith('refused')).at(-1)).toMatch(/^refused 1 more connection\(s\) from 127\.0\.0\.1 in the last minute \(wrong token ×1;/);

    // A quiet minute: forgotten, so the next refusal is said at once.
    now += 60_000;
    server.sweepRefusals();
    expect(await connect(wsUrl())).toBe(401);
    expect(logs.filter((l) => l.startsWith('refused')).at(-1)).toBe('refused a console connection from 127.0.0.1: missing token');
  });
});

describe('headless host: WebSocket', () => {
  it('refuses a missing or wrong token with 401 and logs it', async () => {
    await start();
    expect(await connect(wsUrl())).toBe(401);
    expect(await connect(wsUrl('?token=0000'))).toBe(401);
    expect(await connect(wsUrl(), [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}bad`])).toBe(401);
    expect(logs.some((l) => l.includes('refused a console connection') && l.includes('missing token'))).toBe(true);
    now += 60_000;
    server.sweepRefusals();
    expect(logs.some((l) => l.includes('wrong token ×2'))).toBe(true);
    expect(logs.join('\n')).not.toContain(server.token);
  });

  it('refuses a browser page from another origin even with the token: scheme, host and port must all be this server', async () => {
    await start();
    const ok = `http://127.0.0.1:${server.port}`;
    for (const origin of ['http://evil.example', `https://127.0.0.1:${server.port}`, 'http://127.0.0.1:1', `http://localhost:${server.port}`, 'null', `${ok}.evil.example`]) {
      expect(await connect(wsUrl(`?token=${server.token}`), undefined, { origin }), origin).toBe(403);
    }
    const same = await connect(wsUrl(`?token=${server.token}`), undefined, { origin: ok });
    expect(typeof same).not.toBe('number');
    (same as WebSocket).close();
  });

  it('takes https as the scheme when a reverse proxy on this machine says it terminated TLS', async () => {
    await start({ publicNames: ['gw.example.local'] });
    const headers = { host: 'gw.example.local', origin: 'https://gw.example.local', 'x-forwarded-proto': 'https' };
    const ws = await connect(wsUrl(`?token=${server.token}`), undefined, headers);
    expect(typeof ws).not.toBe('number');
    (ws as WebSocket).close();
    expect(await connect(wsUrl(`?token=${server.token}`), undefined, { host: 'gw.example.local', origin: 'https://gw.example.local' })).toBe(403);
  });

  it('accepts the token as a subprotocol and answers with the console protocol, not the token', async () => {
    await start();
    const ws = await connect(wsUrl(), [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${server.token}`]);
    expect(typeof ws).not.toBe('number');
    expect((ws as WebSocket).protocol).toBe(WS_PROTOCOL);
    (ws as WebSocket).close();
  });

  it('round-trips a call and reports contract errors with code, message and kind', async () => {
    await start();
    const ws = await open();
    const ok = await call(ws, 1, 'plans.list', {});
    expect(ok.ok).toBe(true);
    expect((ok.result as { total: number }).total).toBe(1);

    const unknown = await call(ws, 2, 'plans.destroyAll', {});
    expect(unknown).toMatchObject({ id: 2, ok: false, error: { code: 'unknown_method', kind: 'permanent' } });

    const bad = await call(ws, 3, 'plans.get', { planId: 'one' });
    expect(bad).toMatchObject({ id: 3, ok: false, error: { code: 'invalid_input' } });
    expect((bad.error as { message: string }).message).toContain('planId');

    const missing = await call(ws, 4, 'plans.get', { planId: 99 });
    expect(missing).toEqual({ id: 4, ok: false, error: { code: 'plan_not_found', message: 'plan 99 does not exist', kind: 'permanent' } });
    ws.close();
  });

  it('pushes contract events to every session', async () => {
    await start();
    const a = await open();
    const b = await open();
    const seenByB = nextFrame(b, (f) => f.event === 'plan.changed');
    const seenByA = nextFrame(a, (f) => f.event === 'plan.changed');
    const res = await call(a, 1, 'plans.approve', { planId: 1, by: 'Анна Петрова', comment: 'ok' });
    expect(res.ok).toBe(true);
    expect(await seenByA).toEqual({ event: 'plan.changed', payload: { planId: 1, status: 'approved' } });
    expect(await seenByB).toEqual({ event: 'plan.changed', payload: { planId: 1, status: 'approved' } });
    a.close();
    b.close();
  });

  it('answers hostile frames with bad_frame and stays up', async () => {
    await start();
    const ws = await open();
    const hostile: Array<string | Buffer> = ['not json', '[]', 'null', '{"method":"plans.list"}', '{"id":{"x":1},"method":"plans.list"}', JSON.stringify({ id: 'x'.repeat(100), method: 'plans.list' }), Buffer.from([1, 2, 3])];
    for (const frame of hostile) {
      const answer = nextFrame(ws);
      ws.send(frame);
      const f = await answer;
      expect(f).toMatchObject({ ok: false, error: { code: 'bad_frame', kind: 'permanent' } });
      expect(f.id === null || typeof f.id === 'number' || typeof f.id === 'string').toBe(true);
    }
    expect((await call(ws, 7, 'app.info')).ok).toBe(true);
    ws.close();
  });

  it('closes a connection that sends an oversize frame', async () => {
    await start();
    const ws = await open();
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ id: 1, method: 'plans.exclude', input: { planId: 1, excluded: true, externalIds: ['x'.repeat(2 * 1024 * 1024)] } }));
    expect(await closed).toBe(1009);
    // The server is still there for others.
    const again = await open();
    expect((await call(again, 1, 'app.info')).ok).toBe(true);
    again.close();
  });

  it('lets an in-flight call finish before shutting down', async () => {
    const held = (await start({ hold: 'plans.apply' }))!;
    api.gateway.sync.approve(1, { by: 'Анна Петрова' });
    const ws = await open();
    const answer = nextFrame(ws, (f) => f.id === 9);
    ws.send(JSON.stringify({ id: 9, method: 'plans.apply', input: { planId: 1 } }));
    await held.entered;
    const closing = server.close(5000);
    held.release();
    await closing;
    expect(await answer).toMatchObject({ id: 9, ok: true, result: { planId: 1, created: api.plan.counts.create } });
  });
});
