/**
 * serve over TLS: the console, /health, /metrics and the WebSocket contract
 * over HTTPS and WSS with a certificate made at test time, through the renderer's
 * own WebSocket client; the files checked at start; a renewed certificate on SIGHUP.
 */
import { execFileSync } from 'node:child_process';
import { connect } from 'node:tls';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { WebSocket as NodeWebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createWsClient, type TokenCheck } from '../renderer/src/client/ws.ts';
import type { ConsoleClient } from '../renderer/src/client/types.ts';
import { reloadOnHangup, serveFromArgs, UsageError, type Served } from './main.ts';
import { makeSelfSignedCert, type TestCert } from './testing/tls.ts';
import { loadTls } from './tls.ts';

const dirs: string[] = [];
let running: Served | null = null;
let client: ConsoleClient | null = null;
afterEach(async () => {
  client?.close();
  client = null;
  await running?.close();
  running = null;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'argus-tls-test-'));
  dirs.push(d);
  return d;
};
const cert = (): TestCert => makeSelfSignedCert(tmp());

/** The renderer's client as a browser that trusts the certificate would run it. */
function wssClient(url: string, token: string, ca: Buffer): ConsoleClient {
  const dispatcher = new Agent({ connect: { ca } });
  class TrustingWebSocket extends NodeWebSocket {
    constructor(u: string | URL, protocols?: string | string[]) {
      super(u, protocols, { ca });
    }
  }
  const checkToken = async (t: string): Promise<TokenCheck> => {
    const res = await undiciFetch(url.replace(/^wss:/, 'https:').replace(/\/ws$/, '/api/session'), { headers: { authorization: `Bearer ${t}` }, dispatcher }).catch(() => null);
    return !res ? 'unreachable' : res.status === 401 ? 'refused' : res.ok ? 'ok' : 'unreachable';
  };
  return createWsClient({ url, token, WebSocketImpl: TrustingWebSocket as unknown as typeof WebSocket, checkToken, backoff: { initialMs: 50, maxMs: 200 } });
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('the condition did not come true in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The SHA-256 fingerprint of the certificate a TLS server presents, as a client sees it. */
function presentedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(s.getPeerX509Certificate()!.fingerprint256);
      s.end();
    });
    s.on('error', reject);
  });
}

describe('serve --tls-cert --tls-key', () => {
  it('serves /health, /metrics and the contract over HTTPS and WSS, and refuses plain HTTP on that port', async () => {
    const c = cert();
    const lines: string[] = [];
    running = await serveFromArgs(['--port', '0', '--data-dir', join(tmp(), 'data'), '--tls-cert', c.certFile, '--tls-key', c.keyFile], (l) => lines.push(l));
    expect(running!.url).toBe(`https://127.0.0.1:${running!.port}`);
    expect(lines).toContain(`Console: https://127.0.0.1:${running!.port}/?token=${running!.token}`);
    expect(lines.find((l) => l.startsWith('TLS: '))).toContain(loadTls(c.certFile, c.keyFile).fingerprint256);

    const dispatcher = new Agent({ connect: { ca: c.cert } });
    const health = await undiciFetch(`${running!.url}/health`, { dispatcher });
    // 503 while a simulator is still coming up: either way the answer came over TLS with the states.
    expect([200, 503]).toContain(health.status);
    expect(((await health.json()) as { checks: unknown[] }).checks.length).toBeGreaterThan(0);
    const metrics = await undiciFetch(`${running!.url}/metrics`, { dispatcher, headers: { authorization: `Bearer ${running!.token}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^# HELP /m);
    // Without trusting the certificate, a client refuses it: it really is TLS with this certificate.
    await expect(undiciFetch(`${running!.url}/health`)).rejects.toThrow();

    client = wssClient(`wss://127.0.0.1:${running!.port}/ws`, running!.token, c.cert);
    const info = await client.call('app.info', {});
    expect(info).toMatchObject({ host: 'web', demo: true });
    const events: unknown[] = [];
    client.subscribe('plan.changed', (p) => events.push(p));
    const plan = await client.call('plans.create', { from: '2026-01-01', to: '2026-01-31' });
    expect(plan.status).toBe('awaiting_approval');
    await until(() => events.length > 0);

    // Plain HTTP to the TLS port gets no answer from the console.
    const plain = await new Promise<string>((resolve) => {
      httpRequest({ host: '127.0.0.1', port: running!.port, path: '/health' }, (res) => resolve(`status ${res.statusCode}`))
        .on('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`))
        .end();
    });
    expect(plain).not.toBe('status 200');
  });

  it("accepts a browser's socket only from the https origin of the host itself", async () => {
    const c = cert();
    running = await serveFromArgs(['--port', '0', '--data-dir', join(tmp(), 'data'), '--tls-cert', c.certFile, '--tls-key', c.keyFile], () => {});
    const port = running!.port;
    const open = (origin: string) =>
      new Promise<string>((resolve) => {
        const ws = new NodeWebSocket(`wss://127.0.0.1:${port}/ws`, ['argus-console.v1', `argus-token.${running!.token}`], { ca: c.cert, origin });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => {
          resolve(`HTTP ${res.statusCode}`);
          ws.terminate();
        });
        ws.on('error', () => undefined);
      });
    expect(await open(`https://127.0.0.1:${port}`)).toBe('open');
    // The same page served over plain http, or another port, must not drive the TLS console's socket.
    expect(await open(`http://127.0.0.1:${port}`)).toBe('HTTP 403');
    expect(await open(`https://127.0.0.1:${port + 1}`)).toBe('HTTP 403');
  });

  it('refuses a wrong token over WSS as over WS: the client says refused', async () => {
    const c = cert();
    running = await serveFromArgs(['--port', '0', '--data-dir', join(tmp(), 'data'), '--tls-cert', c.certFile, '--tls-key', c.keyFile], () => {});
    client = wssClient(`wss://127.0.0.1:${running!.port}/ws`, 'f'.repeat(64), c.cert);
    await until(() => client!.state === 'refused');
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('checks the files at start: missing, not a certificate, a key of another certificate, one flag without the other', async () => {
    const a = cert();
    const b = makeSelfSignedCert(a.dir, 'other');
    const data = join(tmp(), 'data');
    const args = (certFile: string, keyFile: string) => ['--port', '0', '--data-dir', data, '--tls-cert', certFile, '--tls-key', keyFile];
    await expect(serveFromArgs(args(join(a.dir, 'none.crt'), a.keyFile), () => {})).rejects.toThrow(/--tls-cert .*none\.crt cannot be read: no such file/);
    await expect(serveFromArgs(args(a.keyFile, a.keyFile), () => {})).rejects.toThrow(/is not a certificate/);
    await expect(serveFromArgs(args(a.certFile, a.certFile), () => {})).rejects.toThrow(/is not a private key/);
    await expect(serveFromArgs(args(a.certFile, b.keyFile), () => {})).rejects.toThrow(/does not belong to the certificate/);
    const encrypted = join(a.dir, 'encrypted.key');
    execFileSync('openssl', ['pkey', '-in', a.keyFile, '-aes256', '-passout', 'pass:secret', '-out', encrypted], { stdio: 'pipe' });
    await expect(serveFromArgs(args(a.certFile, encrypted), () => {})).rejects.toThrow(/is encrypted: give the key without a passphrase/);
    await expect(serveFromArgs(['--port', '0', '--data-dir', data, '--tls-cert', a.certFile], () => {})).rejects.toThrow(/--tls-cert and --tls-key go together/);
    await expect(serveFromArgs(args(a.certFile, b.keyFile), () => {})).rejects.toBeInstanceOf(UsageError);
  });

  it('serves a renewed certificate after SIGHUP, and keeps the old one when the new files are wrong', async () => {
    const c = cert();
    running = await serveFromArgs(['--port', '0', '--data-dir', join(tmp(), 'data'), '--tls-cert', c.certFile, '--tls-key', c.keyFile], () => {});
    const first = await presentedFingerprint(running!.port);
    expect(first).toBe(loadTls(c.certFile, c.keyFile).fingerprint256);

    const renewed = makeSelfSignedCert(tmp(), 'renewed');
    writeFileSync(c.certFile, renewed.cert);
    writeFileSync(c.keyFile, renewed.key);
    const log: string[] = [];
    reloadOnHangup(running!, (l) => log.push(l));
    expect(log[0]).toMatch(/^SIGHUP: TLS certificate read again: CN=renewed\.argus\.test/);
    expect(await presentedFingerprint(running!.port)).toBe(loadTls(renewed.certFile, renewed.keyFile).fingerprint256);

    writeFileSync(c.keyFile, 'not a key');
    reloadOnHangup(running!, (l) => log.push(l));
    expect(log[1]).toMatch(/^SIGHUP: the certificate was not reloaded, the previous one is still served: --tls-key .* is not a private key/);
    expect(await presentedFingerprint(running!.port)).toBe(loadTls(renewed.certFile, renewed.keyFile).fingerprint256);
  });

  it('warns at start about an expired certificate', () => {
    const c = cert();
    const later = Date.now() + 10 * 86_400_000;
    expect(loadTls(c.certFile, c.keyFile, later).warnings.join('\n')).toMatch(/expired on/);
    expect(loadTls(c.certFile, c.keyFile).warnings.filter((w) => /expired/.test(w))).toEqual([]);
  });
});

describe('binding beyond loopback', () => {
  it('is refused without TLS, with the reason and the two ways out; loopback needs neither', async () => {
    const data = join(tmp(), 'data');
    const err = await serveFromArgs(['--host', '0.0.0.0', '--port', '0', '--data-dir', data], () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^refusing to listen on 0\.0\.0\.0 without TLS: the access token .* cross the network .*--tls-cert FILE --tls-key FILE, or --insecure-bind/);
    const { bindRefusal } = await import('./main.ts');
    expect(bindRefusal('192.0.2.10', false, false)).toMatch(/refusing to listen on 192\.0\.2\.10/);
    expect(bindRefusal('192.0.2.10', true, false)).toBeNull();
    expect(bindRefusal('192.0.2.10', false, true)).toBeNull();
    for (const loopback of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) expect(bindRefusal(loopback, false, false)).toBeNull();
  });

  it('refuses "localhost" without TLS when the resolver maps it beyond loopback (a changed /etc/hosts), and asks nothing of a literal', async () => {
    const { resolvedBindRefusal } = await import('./main.ts');
    const asked: string[] = [];
    const hosts = (map: Record<string, string[]>) => async (h: string) => {
      asked.push(h);
      return (map[h] ?? []).map((address) => ({ address }));
    };
    const moved = hosts({ localhost: ['192.0.2.7', '127.0.0.1'] });
    expect(await resolvedBindRefusal('localhost', false, false, moved)).toMatch(/^refusing to listen on localhost \(it resolves to 192\.0\.2\.7, beyond loopback\) without TLS: .*--insecure-bind/);
    expect(await resolvedBindRefusal('localhost', true, false, moved)).toBeNull();
    expect(await resolvedBindRefusal('localhost', false, true, moved)).toBeNull();
    expect(await resolvedBindRefusal('localhost', false, false, hosts({ localhost: ['::1', '127.0.0.1'] }))).toBeNull();
    asked.length = 0;
    for (const literal of ['127.0.0.1', '::1', '[::1]']) expect(await resolvedBindRefusal(literal, false, false, moved)).toBeNull();
    expect(await resolvedBindRefusal('0.0.0.0', false, false, moved)).toMatch(/^refusing to listen on 0\.0\.0\.0 without TLS/);
    expect(asked).toEqual([]);
  });
});
