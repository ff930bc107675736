/**
 * Attach mode's link against the headless host's real WebSocket bridge on
 * 127.0.0.1, over plain WebSocket and over TLS with a certificate made here:
 * the pin accepted, a wrong pin and an untrusted certificate refused before the
 * token is sent, a wrong token refused, the contract and its events carried.
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestConsole, type TestConsole } from '../server/testing/console.ts';
import { attachTarget } from './attach.ts';
import { classifyFailure, connectRemoteGateway, testGateway, type RemoteGateway } from './remote-gateway.ts';
import { startTestGatewayServer, type TestGatewayServer } from './testing/gateway-server.ts';
import { selfSignedCertificate, type TestCertificate } from './testing/self-signed.ts';

let api: TestConsole;
let cert: TestCertificate;
let other: TestCertificate;
let tlsServer: TestGatewayServer;
let plainServer: TestGatewayServer;
const remotes: RemoteGateway[] = [];

beforeAll(async () => {
  api = await openTestConsole();
  cert = selfSignedCertificate();
  other = selfSignedCertificate('someone-else');
  tlsServer = await startTestGatewayServer({ tls: cert, api });
  plainServer = await startTestGatewayServer({ api });
});

afterEach(() => {
  for (const r of remotes.splice(0)) r.close();
});

afterAll(async () => {
  await tlsServer?.close();
  await plainServer?.close();
  await api?.close();
});

const until = async (pred: () => boolean, what: string, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

function remote(target: ReturnType<typeof attachTarget>) {
  const r = connectRemoteGateway({ target, backoff: { initialMs: 50, maxMs: 200 }, callTimeoutMs: 5000 });
  remotes.push(r);
  return r;
}

describe('testing a gateway before attaching', () => {
  it('accepts the pinned self-signed certificate and says which gateway answered', async () => {
    const t = await testGateway(attachTarget({ url: tlsServer.url, token: tlsServer.token, fingerprint: cert.fingerprint256.toLowerCase() }, null));
    expect(t).toMatchObject({ ok: true, code: 'ok', presentedFingerprint: cert.fingerprint256, gateway: { version: '0.0.0-test', host: 'web', demo: true } });
    expect(t.message).toMatch(/^127\.0\.0\.1:\d+ answered: Argus gateway 0\.0\.0-test \(headless, demo with built-in simulators\), data directory .+, certificate as pinned$/);
    expect(t.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses a certificate that is not the pinned one before sending anything, naming the one presented', async () => {
    const before = tlsServer.upgrades;
    const t = await testGateway(attachTarget({ url: tlsServer.url, token: tlsServer.token, fingerprint: other.fingerprint256 }, null));
    expect(t).toMatchObject({ ok: false, code: 'pin_mismatch', presentedFingerprint: cert.fingerprint256 });
    expect(t.message).toContain(`presented a certificate with SHA-256 fingerprint ${cert.fingerprint256}, not the pinned ${other.fingerprint256}: refusing to connect`);
    // Only a TLS handshake happened: no HTTP request, so the token never left.
    expect(tlsServer.upgrades).toBe(before);
  });

  it('refuses a self-signed certificate without a pin, and gives its fingerprint to compare and pin', async () => {
    const before = tlsServer.upgrades;
    const t = await testGateway(attachTarget({ url: tlsServer.url, token: tlsServer.token }, null));
    expect(t).toMatchObject({ ok: false, code: 'untrusted_certificate', presentedFingerprint: cert.fingerprint256 });
    expect(t.message).toMatch(/is not trusted by this computer \(DEPTH_ZERO_SELF_SIGNED_CERT\); its SHA-256 fingerprint is [0-9A-F:]{95}: if that is your gateway's, pin it/);
    expect(tlsServer.upgrades).toBe(before);
  });

  it('says a wrong token was refused, and that nothing listens on a closed port', async () => {
    const refused = await testGateway(attachTarget({ url: plainServer.url, token: 'not-the-token' }, null));
    expect(refused).toMatchObject({ ok: false, code: 'refused' });
    expect(refused.message).toMatch(/refused the token \(HTTP 401\)/);
    const stopped = await startTestGatewayServer({ api });
    const url = stopped.url;
    await stopped.close();
    const down = await testGateway(attachTarget({ url, token: 'x' }, null), { timeoutMs: 5000 });
    expect(down).toMatchObject({ ok: false, code: 'unreachable', presentedFingerprint: null });
    expect(down.message).toMatch(/cannot reach the gateway at 127\.0\.0\.1:\d+: nothing listens there/);
  });

  it('words a TLS client talking to a plain server, and a non-gateway HTTP answer', () => {
    expect(classifyFailure(Object.assign(new Error('write EPROTO ... wrong version number'), { code: 'EPROTO' }), 'gw:1').message).toBe('cannot reach the gateway at gw:1: it does not speak TLS there (an http:// address?)');
    expect(classifyFailure(new Error('Unexpected server response: 404'), 'gw:1')).toMatchObject({ code: 'unreachable', message: 'gw:1 answered HTTP 404 instead of opening the console\'s connection: is it an Argus gateway (serve)?' });
  });
});

describe('the attached gateway as the desktop engine', () => {
  it('carries the contract and its events over TLS, and answers app.info as the desktop attached to it', async () => {
    const r = remote(attachTarget({ url: tlsServer.url, token: tlsServer.token, fingerprint: cert.fingerprint256 }, null));
    const info = await r.dispatcher.dispatch('app.info', {}, { actor: 'ignored' });
    expect(info).toMatchObject({ ok: true, result: { host: 'desktop', version: '0.0.0-test', attachedTo: { url: tlsServer.url, pinned: true } } });
    expect(r.link()).toMatchObject({ state: 'open', url: tlsServer.url, reason: null });
    expect(await r.dispatcher.dispatch('plans.get', { planId: 'x' }, { actor: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await r.dispatcher.dispatch('no.such', {}, { actor: 'x' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });

    const seen: Array<[string, unknown]> = [];
    const off = r.subscribe((e, p) => seen.push([e, p]));
    const created = await r.dispatcher.dispatch('plans.create', { from: '2026-02-01', to: '2026-02-28' }, { actor: 'x' });
    expect(created.ok).toBe(true);
    const planId = (created as { result: { id: number } }).result.id;
    await until(() => seen.some(([e, p]) => e === 'plan.changed' && (p as { planId: number }).planId === planId), 'plan.changed over the socket');
    off();
    expect(tlsServer.tokensSeen.every((t) => t === tlsServer.token)).toBe(true);
  });

  it('takes the pin in any case or spacing, and never sends the token over plain ws:// when a pin is given', async () => {
    const fp = cert.fingerprint256.toLowerCase().replace(/:/g, ' ');
    const r = connectRemoteGateway({ target: { url: tlsServer.url, wsUrl: tlsServer.wsUrl, fingerprint: fp, token: tlsServer.token }, backoff: { initialMs: 50, maxMs: 200 } });
    remotes.push(r);
    await until(() => r.link().state === 'open', 'the pinned link to open');
    const before = plainServer.upgrades;
    expect(() => connectRemoteGateway({ target: { url: plainServer.url, wsUrl: plainServer.wsUrl, fingerprint: cert.fingerprint256, token: plainServer.token } })).toThrow(/not TLS \(wss:\/\/\): refusing to send the token/);
    await new Promise((res) => setTimeout(res, 100));
    expect(plainServer.upgrades).toBe(before);
  });

  it('is refused with a wrong token: the link says why and calls fail with the desktop wording', async () => {
    const r = remote(attachTarget({ url: plainServer.url, token: 'wrong-token' }, null));
    await until(() => r.link().state === 'refused', 'the refusal');
    expect(r.link().reason).toMatch(/refused the token \(HTTP 401\).*Settings, Desktop/);
    const call = await r.dispatcher.dispatch('plans.list', {}, { actor: 'x' });
    expect(call).toMatchObject({ ok: false, error: { code: 'forbidden', kind: 'permanent' } });
    expect((call as { error: { message: string } }).error.message).toMatch(/refused the token \(HTTP 401\)/);
  });

  it('reports a token the keychain cannot open as refused, with that reason, without connecting', async () => {
    const before = plainServer.upgrades;
    const r = connectRemoteGateway({ target: { url: plainServer.url, wsUrl: plainServer.wsUrl, fingerprint: null, token: null }, tokenProblem: 'the gateway token cannot be unlocked by the system keychain (locked)' });
    remotes.push(r);
    expect(r.link()).toMatchObject({ state: 'refused', reason: 'the gateway token cannot be unlocked by the system keychain (locked)' });
    expect(plainServer.upgrades).toBe(before);
  });

  it('goes to reconnecting with the reason when the gateway stops, and back to open when it returns', async () => {
    const server = await startTestGatewayServer({ api });
    try {
      const r = remote(attachTarget({ url: server.url, token: server.token }, null));
      const states: string[] = [];
      r.onLink((l) => states.push(l.state));
      await until(() => r.link().state === 'open', 'the link to open');
      await server.stop();
      await until(() => r.link().state === 'reconnecting' && /nothing listens there/.test(r.link().reason ?? ''), 'the link to drop');
      await server.restart();
      await until(() => r.link().state === 'open', 'the link to come back', 15_000);
      expect(states).toContain('reconnecting');
      expect(r.link().reason).toBeNull();
      expect(await r.dispatcher.dispatch('plans.get', { planId: 1 }, { actor: 'x' })).toMatchObject({ ok: true });
    } finally {
      await server.close();
    }
  });
});

describe('the pin on every reconnection', () => {
  it('a server with another certificate on the same address after an outage never sees the token', async () => {
    const server = await startTestGatewayServer({ api, tls: cert });
    let impostor: HttpsServer | null = null;
    try {
      const r = remote(attachTarget({ url: server.url, token: server.token, fingerprint: cert.fingerprint256 }, null));
      await until(() => r.link().state === 'open', 'the pinned link to open');
      await server.stop();
      const tokens: string[] = [];
      impostor = createHttpsServer({ key: other.key, cert: other.cert });
      impostor.on('upgrade', (req, socket) => {
        tokens.push(String(req.headers['sec-websocket-protocol'] ?? ''));
        socket.destroy();
      });
      await new Promise<void>((res) => impostor!.listen(server.port, '127.0.0.1', res));
      await until(() => r.link().state === 'reconnecting' && /not the pinned/.test(r.link().reason ?? ''), 'the impostor refused by its certificate');
      expect(r.link().reason).toContain(other.fingerprint256);
      expect(tokens).toEqual([]);
    } finally {
      if (impostor) {
        impostor.closeAllConnections();
        await new Promise<void>((res) => impostor!.close(() => res()));
      }
      await server.close();
    }
  });
});

describe('a gateway that answers outside the contract', () => {
  it('checks the input before sending it, and reads its answers and events through the contract, its text cleaned', async () => {
    const received: string[] = [];
    let emitEvent: ((event: string, payload: unknown) => void) | null = null;
    const hostile: TestConsole = {
      ...api,
      dispatcher: {
        methodNames: api.dispatcher.methodNames,
        async dispatch(method, input, ctx) {
          received.push(method);
          if (method === 'queue.health') return { ok: true, result: { nonsense: true } };
          if (method === 'plans.list') return { ok: false, error: { code: 'boom', message: 'bad\u001b]0;title\u0007 thing\u202e', kind: 'permanent' } };
          const r = await api.dispatcher.dispatch(method, input, ctx);
          if (method === 'app.info' && r.ok) return { ok: true, result: { ...(r.result as object), version: '1.0\u001b[2J\r\n\u202eevil', dataDir: '/data\u0007' } };
          return r;
        },
      },
      subscribe(emit) {
        emitEvent = emit;
        return () => {
          emitEvent = null;
        };
      },
    };
    const server = await startTestGatewayServer({ api: hostile });
    try {
      const t = await testGateway(attachTarget({ url: server.url, token: server.token }, null));
      expect(t).toMatchObject({ ok: true, gateway: { version: '1.0 evil', dataDir: '/data' } });
      expect(t.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);

      const r = remote(attachTarget({ url: server.url, token: server.token }, null));
      received.length = 0;
      expect(await r.dispatcher.dispatch('plans.get', { planId: 'x' }, { actor: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(received).toEqual([]);
      expect(await r.dispatcher.dispatch('queue.health', {}, { actor: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_output', kind: 'permanent' } });
      expect(await r.dispatcher.dispatch('plans.list', {}, { actor: 'x' })).toEqual({ ok: false, error: { code: 'boom', message: 'bad thing', kind: 'permanent' } });
      expect(received).toEqual(['queue.health', 'plans.list']);

      const seen: Array<[string, unknown]> = [];
      const off = r.subscribe((e, p) => seen.push([e, p]));
      emitEvent!('plan.changed', { planId: 'not a number' });
      emitEvent!('plan.changed', { planId: 9, status: 'awaiting_approval' });
      await until(() => seen.length > 0, 'the event that fits the contract');
      off();
      expect(seen).toEqual([['plan.changed', { planId: 9, status: 'awaiting_approval' }]]);
    } finally {
      await server.close();
    }
  });
});
