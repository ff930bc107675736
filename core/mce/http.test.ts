/** MCE's HTTP calls over a real loopback server: refusals worded, a trickling body bounded, a cancel honoured. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MceHttp } from './http.ts';

let server: Server | null = null;
const open: ServerResponse[] = [];
let http: MceHttp | null = null;

afterEach(async () => {
  for (const r of open.splice(0)) r.destroy();
  await http?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function serve(handler: (res: ServerResponse, path: string) => void): Promise<string> {
  server = createServer((req, res) => {
    open.push(res);
    handler(res, req.url ?? '');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ep = (url: string) => ({ url, username: 'oktell', password: 'secret' });

describe('MceHttp', () => {
  it('words refused credentials as permanent and names the user, never the password', async () => {
    const url = await serve((res) => {
      res.statusCode = 401;
      res.end();
    });
    http = new MceHttp();
    const e = await http.token(ep(url)).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'mce_auth', kind: 'permanent', status: 401 });
    expect(String((e as Error).message)).toMatch(/refused the credentials of user "oktell"/);
    expect(String((e as Error).message)).not.toContain('secret');
  });

  it('gives up on a body that trickles in a byte at a time, at the whole-call deadline', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"seq":1,"agents":[');
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    http = new MceHttp({ timeoutMs: 200 });
    const t0 = Date.now();
    await expect(http.agents(ep(url), 'tok')).rejects.toMatchObject({ code: 'mce_timeout' });
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('stops a request at once when the caller cancels it', async () => {
    const url = await serve(() => undefined);
    http = new MceHttp();
    const ac = new AbortController();
    const p = http.agents(ep(url), 'tok', ac.signal);
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ code: 'mce_closed' });
  });

  it('refuses a body larger than allowed, and one that is not JSON, saying its size and shape only', async () => {
    const url = await serve((res, path) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(path.includes('agents') ? '<html>Иванова Мария, логин ivanova</html>' : JSON.stringify({ access_token: 'x'.repeat(2000), expires_in: 60 }));
    });
    http = new MceHttp({ maxResponseBytes: 1000 });
    await expect(http.token(ep(url))).rejects.toMatchObject({ code: 'mce_bad_response', message: expect.stringMatching(/more than the 1000 bytes allowed/) });
    const e = (await http.agents(ep(url), 'tok').catch((x: unknown) => x)) as Error;
    expect(e.message).toBe('GET /api/v1/agents did not answer JSON (41 characters, starting with "<")');
    expect(e.message).not.toContain('Иванова');
  });
});
