/**
 * The 1C client against the 1C simulator over real HTTP on 127.0.0.1, one
 * fault at a time: each failure's kind, code and message. A few behaviours the
 * simulator cannot show (a chunked body over the limit, a stalled body, a wrong
 * shape) use a bare node:http server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOnecSimulator, type OnecSimulator } from '../../simulators/onec/server.ts';
import { createOnecClient, type OnecCallRecord, type OnecClient, type OnecClientOptions } from './client.ts';
import { OnecError } from './errors.ts';

const FROM = '2026-01-01';
const TO = '2026-01-31';
const SHORT = { connectTimeoutMs: 1000, headersTimeoutMs: 300, bodyTimeoutMs: 300 };

let sim: OnecSimulator;
const clients: OnecClient[] = [];

function client(over: Partial<OnecClientOptions> = {}): OnecClient {
  const c = createOnecClient({ baseUrl: sim.url, username: 'wfm', password: 'wfm', ...SHORT, ...over });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<OnecError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(OnecError);
    return e as OnecError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sim = await startOnecSimulator({ employees: 60, seed: 7, today: '2026-01-20', basePath: '/services/personnel', users: { wfm: 'wfm', 'Администратор': 'пароль' } });
});
afterEach(async () => {
  sim.setFaults({});
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await sim.close();
});

describe('getAgents: success', () => {
  it('fetches and validates the roster, Cyrillic intact, with the documented headers', async () => {
    const c = client();
    const r = await c.getAgents(FROM, TO);
    expect(r.status).toBe(200);
    expect(r.agents).toHaveLength(sim.state().employees);
    expect(r.departments).toHaveLength(sim.state().departments);
    expect(r.invalid).toEqual([]);
    expect(r.bytes).toBeGreaterThan(1000);
    expect(r.departments.some((d) => d.name.startsWith('Контакт-центр '))).toBe(true);
    expect(r.agents.every((a) => /^[А-ЯЁ][а-яё]+/.test(a.lastname))).toBe(true);
    // Roots point at themselves in 1C; the client maps them to no parent, groups to their root.
    const roots = r.departments.filter((d) => d.parentId === null);
    expect(roots.length).toBeGreaterThan(0);
    expect(r.departments.filter((d) => d.parentId !== null).every((d) => roots.some((x) => x.departmentId === d.parentId))).toBe(true);

    const req = sim.lastRequest()!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe(`/services/personnel/agents/${FROM}/${TO}`);
    expect(req.headers['x-request-id']).toBe(r.requestId);
    expect(r.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('wfm:wfm').toString('base64')}`);
  });

  it('sends a new X-Request-ID per call and keeps the connection alive', async () => {
    const c = client({ connections: 1 });
    const a = await c.getAgents(FROM, TO);
    const portA = sim.lastRequest()!.remotePort;
    const b = await c.getAgents(FROM, TO);
    expect(b.requestId).not.toBe(a.requestId);
    expect(sim.lastRequest()!.remotePort).toBe(portA);
  });

  it('authenticates a Cyrillic user name and password (UTF-8 Basic)', async () => {
    const r = await client({ username: 'Администратор', password: 'пароль' }).getAgents(FROM, TO);
    expect(r.status).toBe(200);
  });

  it('succeeds under latency shorter than the timeout', async () => {
    sim.setFaults({ latencyMs: 100 });
    const r = await client({ headersTimeoutMs: 2000 }).getAgents(FROM, TO);
    expect(r.agents.length).toBeGreaterThan(0);
  });

  it('reports every call to onCall', async () => {
    const calls: OnecCallRecord[] = [];
    const c = client({ onCall: (x) => calls.push(x) });
    const ok = await c.getAgents(FROM, TO);
    sim.setFaults({ status500: {}, times: 1 });
    await failure(c.getAgents(FROM, TO));
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ method: 'GET /agents', requestId: ok.requestId, status: 200, bytes: ok.bytes, error: null });
    expect(calls[1]!.status).toBe(500);
    expect(calls[1]!.error).toBeInstanceOf(OnecError);
  });
});

describe('getAgents: refused before sending', () => {
  it.each([
    ['2026-02-30', TO, 'start date "2026-02-30" is not a date YYYY-MM-DD'],
    [FROM, '31.01.2026', 'end date "31.01.2026" is not a date YYYY-MM-DD'],
    [TO, FROM, `start date ${TO} is after end date ${FROM}`],
  ])('rejects the period %s..%s', async (from, to, what) => {
    const before = sim.requests();
    const e = await failure(client().getAgents(from, to));
    expect(e).toMatchObject({ code: 'onec_invalid_request', kind: 'permanent', status: null, method: 'GET /agents' });
    expect(e.message).toBe(`GET /agents: invalid request: ${what}`);
    expect(sim.requests()).toBe(before);
  });

  it('refuses invalid settings with a message naming them', () => {
    expect(() => createOnecClient({ baseUrl: 'ftp://x', username: '', password: 'p' })).toThrow(
      /1C:ZUP client settings are invalid: baseUrl: must be an http:\/\/ or https:\/\/ URL; username: must not be empty/,
    );
  });
});

describe('getAgents: HTTP failures', () => {
  it('wrong credentials → 401, permanent, naming the user', async () => {
    const e = await failure(client({ password: 'wrong' }).getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_auth', kind: 'permanent', status: 401 });
    expect(e.message).toBe(`GET /agents failed: HTTP 401: 1C rejected the user name or password (user "wfm"); check the 1C credentials (request ${e.requestId})`);
  });

  it('500 with a JSON message → retryable, message quoted verbatim', async () => {
    sim.setFaults({ status500: { body: 'json', message: 'Нет доступа к базе' } });
    const e = await failure(client().getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_http', kind: 'retryable', status: 500 });
    expect(e.message).toBe(`GET /agents failed: HTTP 500: "Нет доступа к базе" (request ${e.requestId})`);
  });

  it('500 with plain text → quoted, long text clipped to 500 characters', async () => {
    const long = `Ошибка СУБД: ${'таблица заблокирована; '.repeat(40)}`;
    sim.setFaults({ status500: { body: 'text', message: long } });
    const e = await failure(client().getAgents(FROM, TO));
    expect(e.kind).toBe('retryable');
    const quoted = /HTTP 500: "(.*)" \(request/.exec(e.message)![1]!;
    expect(quoted).toBe(`${long.replace(/\s+/g, ' ').slice(0, 500)}…`);
  });

  it('500 with an empty body → says so', async () => {
    sim.setFaults({ status500: { body: 'empty' } });
    const e = await failure(client().getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_http', kind: 'retryable', status: 500 });
    expect(e.message).toBe(`GET /agents failed: HTTP 500 with an empty body (request ${e.requestId})`);
  });

  it('a wrong base path → 404, permanent, pointing at onec.url', async () => {
    const e = await failure(client({ baseUrl: sim.url.replace('/services/personnel', '/services/wrong') }).getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_http', kind: 'permanent', status: 404 });
    expect(e.message).toMatch(/^GET \/agents failed: HTTP 404: no such method at http:\/\/127\.0\.0\.1:\d+\/services\/wrong; check onec\.url/);
  });

  it('applies a fault the given number of times, then recovers', async () => {
    sim.setFaults({ status500: {}, times: 2 });
    const c = client();
    await failure(c.getAgents(FROM, TO));
    await failure(c.getAgents(FROM, TO));
    expect((await c.getAgents(FROM, TO)).status).toBe(200);
  });
});

describe('getAgents: broken bodies and connections', () => {
  it('malformed JSON → permanent, with its size, first character and where it breaks (not its content)', async () => {
    sim.setFaults({ malformedJson: true });
    const e = await failure(client().getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_not_json', kind: 'permanent', status: 200 });
    expect(e.message).toMatch(/^GET \/agents: response is not JSON \(HTTP 200\): \d{1,3}(?: \d{3})* bytes starting with '\[', broken at character 2 \(request [0-9a-f-]{36}\)$/);
  });

  it('a body cut short → retryable, with the bytes received and declared', async () => {
    sim.setFaults({ truncateBody: true });
    const e = await failure(client().getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_body_cut', kind: 'retryable', status: 200 });
    const m = /^GET \/agents: body cut short after (\d+) bytes \(HTTP 200, (\d+) declared\)/.exec(e.message);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(Number(m![2]));
  });

  it('a connection reset → retryable', async () => {
    sim.setFaults({ resetConnection: true });
    const e = await failure(client().getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_connection_lost', kind: 'retryable', status: null });
    expect(e.message).toBe(`GET /agents: connection reset by the server (request ${e.requestId})`);
  });

  it('a hanging request → header timeout, retryable', async () => {
    sim.setFaults({ hang: true });
    const e = await failure(client({ headersTimeoutMs: 300 }).getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_timeout', kind: 'retryable', status: null });
    expect(e.message).toBe(`GET /agents: no response headers within 300 ms (request ${e.requestId})`);
  });

  it('a response over the limit (declared length) → permanent', async () => {
    const e = await failure(client({ maxResponseBytes: 4096 }).getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_too_large', kind: 'permanent', status: 200 });
    expect(e.message).toMatch(/^GET \/agents: response declares [\d.]+ KiB, over the limit of 4 KiB \(onec\.maxResponseBytes\)/);
  });

  it('an unreachable server → retryable, naming the host', async () => {
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const e = await failure(client({ baseUrl: `http://127.0.0.1:${free}/zup/hs/wfm` }).getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_unreachable', kind: 'retryable', status: null });
    expect(e.message).toBe(`GET /agents: cannot reach 1C at 127.0.0.1:${free}: connection refused (request ${e.requestId})`);
  });

  it('a cancelled call → onec_cancelled', async () => {
    sim.setFaults({ hang: true });
    const ac = new AbortController();
    const p = client({ headersTimeoutMs: 5000 }).getAgents(FROM, TO, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const e = await failure(p);
    expect(e).toMatchObject({ code: 'onec_cancelled', kind: 'retryable' });
    expect(e.message).toMatch(/^GET \/agents: cancelled \(request /);
  });
});

describe('getAgents: against a bare HTTP server', () => {
  let server: Server;
  let url: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hs`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('enforces the size limit while a chunked body streams, and drops the connection', async () => {
    let sent = 0;
    let serverSide!: Promise<boolean>;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // no Content-Length: chunked
      serverSide = new Promise((resolve) => res.on('close', () => resolve(res.writableFinished)));
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    };
    const c = createOnecClient({ baseUrl: url, username: 'u', password: 'p', ...SHORT, maxResponseBytes: 100_000 });
    clients.push(c);
    const e = await failure(c.getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_too_large', kind: 'permanent', status: 200 });
    expect(e.message).toMatch(/^GET \/agents: response passed [\d.]+ KiB, over the limit of 97\.7 KiB/);
    // The client hung up mid-body: the server never finished sending its 64 MiB.
    expect(await serverSide).toBe(false);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('a body that stalls → body timeout, retryable', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('[{"AR_departments":[');
    };
    const c = createOnecClient({ baseUrl: url, username: 'u', password: 'p', ...SHORT });
    clients.push(c);
    const e = await failure(c.getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_timeout', kind: 'retryable', status: 200 });
    expect(e.message).toBe(`GET /agents: the response stalled: no body data for 300 ms after 20 bytes (HTTP 200) (request ${e.requestId})`);
  });

  it('JSON of the wrong shape → permanent, naming what is wrong', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('\ufeff[{"AR_departments":[],"AR_agents":{"agentId":"x"}}]');
    };
    const c = createOnecClient({ baseUrl: url, username: 'u', password: 'p', ...SHORT });
    clients.push(c);
    const e = await failure(c.getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_bad_shape', kind: 'permanent', status: 200 });
    expect(e.message).toBe(`GET /agents: response shape is wrong: AR_agents must be an array, got an object (request ${e.requestId})`);
  });

  it('an HTML error page with 200 → not JSON, its size and first character shown', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Сервис временно недоступен</body></html>');
    };
    const c = createOnecClient({ baseUrl: url, username: 'u', password: 'p', ...SHORT });
    clients.push(c);
    const e = await failure(c.getAgents(FROM, TO));
    expect(e.code).toBe('onec_not_json');
    expect(e.message).toBe(`GET /agents: response is not JSON (HTTP 200): 76 bytes starting with '<' (request ${e.requestId})`);
  });

  it('a 500 HTML page from the web server → its text, tags stripped; 429 → retryable; 403 → permanent', async () => {
    const c = createOnecClient({ baseUrl: url, username: 'u', password: 'p', ...SHORT });
    clients.push(c);
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>Ошибка</title></head><body><h1>Internal Server Error</h1><p>Модуль wsap24 не загружен</p></body></html>');
    };
    let e = await failure(c.getAgents(FROM, TO));
    expect(e.message).toBe(`GET /agents failed: HTTP 500: "Ошибка Internal Server Error Модуль wsap24 не загружен" (request ${e.requestId})`);
    handler = (_req, res) => {
      res.writeHead(429, { 'retry-after': '30', 'content-type': 'application/json' });
      res.end('{"error":{"message":"Слишком много запросов"}}');
    };
    e = await failure(c.getAgents(FROM, TO));
    expect(e).toMatchObject({ kind: 'retryable', status: 429 });
    expect(e.message).toBe(`GET /agents failed: HTTP 429: "Слишком много запросов" (retry after 30 s) (request ${e.requestId})`);
    handler = (_req, res) => {
      res.writeHead(403);
      res.end();
    };
    e = await failure(c.getAgents(FROM, TO));
    expect(e).toMatchObject({ code: 'onec_auth', kind: 'permanent', status: 403 });
    expect(e.message).toBe(`GET /agents failed: HTTP 403: the 1C user "u" has no rights for this method (request ${e.requestId})`);
  });
});
