/**
 * A headless gateway to attach to in tests: the real console of a real gateway
 * (server/testing/console.ts: SQLite, the 1C simulator, plan 1 awaiting approval)
 * behind the headless host's own WebSocket bridge, over plain HTTP or over HTTPS
 * with a certificate made at test time. Counts the upgrades that reached it, so a
 * test can prove a refused certificate never saw the token.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { attachWsBridge, type WsBridge } from '../../server/ws-bridge.ts';
import { openTestConsole, type TestConsole } from '../../server/testing/console.ts';
import type { TestCertificate } from './self-signed.ts';

export interface TestGatewayServer {
  url: string;
  wsUrl: string;
  token: string;
  port: number;
  api: TestConsole;
  /** WebSocket upgrade requests that reached the server (whatever their token). */
  readonly upgrades: number;
  /** Tokens the upgrades carried. */
  readonly tokensSeen: string[];
  /** Stops listening and drops every session; the gateway stays (for a restart on the same port). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestGatewayServer(opts: { tls?: TestCertificate; token?: string; api?: TestConsole } = {}): Promise<TestGatewayServer> {
  const api = opts.api ?? (await openTestConsole());
  const token = opts.token ?? randomBytes(32).toString('hex');
  let upgrades = 0;
  const tokensSeen: string[] = [];
  let server: Server;
  let bridge: WsBridge;
  let unsubscribe: () => void = () => {};
  let port = 0;

  const listen = async () => {
    server = (opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }) : createHttpServer()) as Server;
    server.on('upgrade', (req) => {
      upgrades++;
      const p = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).find((s) => s.startsWith('argus-token.'));
      if (p) tokensSeen.push(p.slice('argus-token.'.length));
    });
    bridge = attachWsBridge({ server, dispatcher: api.dispatcher, token, actor: 'tester (web console)', log: () => {} });
    unsubscribe = api.subscribe((event, payload) => bridge.broadcast(event, payload));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  const stop = async () => {
    unsubscribe();
    await bridge.close(1000);
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  await listen();
  const scheme = opts.tls ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    wsUrl: `${opts.tls ? 'wss' : 'ws'}://127.0.0.1:${port}/ws`,
    token,
    port,
    api,
    get upgrades() {
      return upgrades;
    },
    tokensSeen,
    stop,
    restart: listen,
    async close() {
      await stop().catch(() => undefined);
      if (!opts.api) await api.close();
    },
  };
}
