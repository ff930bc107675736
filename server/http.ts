/**
 * The headless host's HTTP (or, given a certificate, HTTPS) side: the console's static files, `/health` (states
 * for anyone, details with the token), `/metrics` (Prometheus, token unless
 * public), `GET /api/session` (token probe for the client) and the WebSocket
 * bridge. Every request and upgrade first has its Host name checked (421 for a
 * name this host does not answer to: DNS rebinding). Refusals are logged at most
 * once per address per minute. Transport only: it knows a dispatcher, a health
 * function, a metrics function and an event source, nothing of the engine.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { HealthSummary } from '../core/contract/index.ts';
import type { Dispatcher } from '../core/api/dispatcher.ts';
import { addressOf, newToken, tokenFromRequest, tokenMatches } from './auth.ts';
import { createHealthRoute, sendJson } from './health-route.ts';
import { hostNames } from './host-names.ts';
import type { Exposition } from '../core/metrics/gateway-metrics.ts';
import { createMetricsRoute } from './metrics-route.ts';
import { cleanForLog, RefusalLog } from './refusal-log.ts';
import { createStaticHandler, securityHeaders } from './static.ts';
import { attachWsBridge } from './ws-bridge.ts';

export interface ConsoleServerOptions {
  dispatcher: Dispatcher;
  health: () => Promise<HealthSummary>;
  /** The Prometheus exposition; absent: /metrics is a 404. */
  metrics?: () => Promise<Exposition>;
  /** /metrics without a token (serve --metrics-public). */
  metricsPublic?: boolean;
  /** Subscribes the bridge to contract events; returns an unsubscribe. */
  subscribe: (emit: (event: string, payload: unknown) => void) => () => void;
  staticDir: string;
  host?: string;
  port?: number;
  /** Names besides loopback and `host` that people use to reach this host (serve --public-name). */
  publicNames?: string[];
  /** Audit name of whoever acts through this console. */
  actor: string;
  log?: (line: string) => void;
  /** The access token: from serve --token-file, or a fixed one in tests. Absent: a fresh one per start. */
  token?: string;
  /** Serve HTTPS and WSS with this certificate (chain first) and key, PEM. */
  tls?: { cert: Buffer; key: Buffer };
  /** Tests only: the clock and sweep period of the refusal log. */
  refusalLog?: { now?: () => number; sweepMs?: number };
}

export interface ConsoleServer {
  host: string;
  port: number;
  /** http://host:port, or https:// with TLS */
  url: string;
  tls: boolean;
  /** The URL to open: carries the token. */
  consoleUrl: string;
  token: string;
  /** The host names requests may carry (loopback, the listen address, public names). */
  hostNames: string[];
  /** Reports the refusal log's minutes that have ended (its timer does this every 10 s). */
  sweepRefusals(): void;
  /** Serves a renewed certificate and key from the next connection on (TLS only). */
  reloadTls(material: { cert: Buffer; key: Buffer }): void;
  /** Stops accepting, lets in-flight calls finish up to the deadline, closes every connection. */
  close(deadlineMs?: number): Promise<void>;
}

export function formatHostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export async function listenConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const token = opts.token ?? newToken();
  const host = opts.host ?? '127.0.0.1';
  const names = hostNames(host, opts.publicNames ?? []);
  const refusals = new RefusalLog({ log, ...opts.refusalLog });
  const refused = (req: IncomingMessage, what: string, reason: string) => refusals.note(addressOf(req), what, reason);
  const serveStatic = createStaticHandler(opts.staticDir);
  const serveHealth = createHealthRoute({ health: opts.health, token, log, refused });
  const metrics = opts.metrics;
  const serveMetrics = metrics ? createMetricsRoute({ metrics, token, public: opts.metricsPublic ?? false, log, refused }) : null;

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    securityHeaders(res);
    if (!names.allows(req)) {
      refused(req, `${cleanForLog(req.method ?? '?', 16)} ${cleanForLog(path, 60)}`, `unknown host name "${cleanForLog(String(req.headers.host ?? ''))}"`);
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('misdirected request: this gateway does not answer to that host name (an administrator can add it with serve --public-name)\n');
      return;
    }
    if (path === '/health') return serveHealth(req, res);
    if (path === '/metrics' && serveMetrics) return serveMetrics(req, res);
    if (path === '/api/session') {
      if (!tokenMatches(token, tokenFromRequest(req))) {
        refused(req, 'GET /api/session', 'wrong or missing token');
        sendJson(req, res, 401, { error: 'wrong or missing token: open the URL printed by the server at start' });
        return;
      }
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    await serveStatic(req, res);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((e: unknown) => {
      log(`${req.method} ${req.url?.split('?')[0]} failed: ${String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  };
  const tlsServer: TlsServer | null = opts.tls ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' }, handle) : null;
  const server: Server = tlsServer ?? createServer(handle);
  // A browser speaking plain HTTP to the TLS port, a scanner, a failed handshake: one line each, never a crash.
  tlsServer?.on('tlsClientError', (e, socket) => refusals.note(socket.remoteAddress?.replace(/^::ffff:/, '') ?? '?', 'a TLS connection', cleanForLog(e.message, 120)));
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  const bridge = attachWsBridge({ server, dispatcher: opts.dispatcher, token, actor: opts.actor, log, hostAllowed: (req) => names.allows(req), refused });
  const unsubscribe = opts.subscribe((event, payload) => bridge.broadcast(event, payload));

  await new Promise<void>((resolve, reject) => {
    const failed = (e: Error) => {
      refusals.close();
      reject(e);
    };
    server.once('error', failed);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${tlsServer ? 'https' : 'http'}://${formatHostForUrl(host)}:${port}`;
  let closed: Promise<void> | null = null;

  return {
    host,
    port,
    url,
    tls: tlsServer !== null,
    consoleUrl: `${url}/?token=${token}`,
    token,
    hostNames: names.list(),
    sweepRefusals: () => refusals.sweep(),
    reloadTls(material) {
      if (!tlsServer) throw new Error('this host serves plain HTTP: there is no certificate to reload');
      tlsServer.setSecureContext({ cert: material.cert, key: material.key, minVersion: 'TLSv1.2' });
    },
    close(deadlineMs = 10_000) {
      closed ??= (async () => {
        unsubscribe();
        refusals.close();
        const until = Date.now() + deadlineMs;
        const stopped = new Promise<void>((r) => server.close(() => r()));
        await bridge.close(deadlineMs);
        // HTTP requests in flight (/health, /metrics, a file) get the rest of the deadline too, then every connection is cut.
        // A keep-alive connection whose request has been answered is idle again: closed then, not held to the deadline.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        let timer: ReturnType<typeof setTimeout> | undefined;
        server.closeIdleConnections();
        await Promise.race([stopped, new Promise((r) => (timer = setTimeout(r, Math.max(0, until - Date.now()))))]);
        clearTimeout(timer);
        clearInterval(idle);
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
