/**
 * The headless host's HTTP side: the console's static files, `GET /health`
 * (no token, no details beyond states), `GET /api/session` (token probe for the
 * client) and the WebSocket bridge. Transport only: it knows a dispatcher, a
 * health function and an event source, nothing of the engine.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthSummary } from '../core/contract/index.ts';
import type { Dispatcher } from '../core/api/dispatcher.ts';
import { newToken, tokenFromRequest, tokenMatches } from './auth.ts';
import { createStaticHandler, securityHeaders } from './static.ts';
import { attachWsBridge } from './ws-bridge.ts';

export interface ConsoleServerOptions {
  dispatcher: Dispatcher;
  health: () => Promise<HealthSummary>;
  /** Subscribes the bridge to contract events; returns an unsubscribe. */
  subscribe: (emit: (event: string, payload: unknown) => void) => () => void;
  staticDir: string;
  host?: string;
  port?: number;
  /** Audit name of whoever acts through this console. */
  actor: string;
  log?: (line: string) => void;
  /** Tests only: a fixed token. A real start always draws a fresh one. */
  token?: string;
}

export interface ConsoleServer {
  host: string;
  port: number;
  /** http://host:port */
  url: string;
  /** The URL to open: carries the token. */
  consoleUrl: string;
  token: string;
  /** Stops accepting, lets in-flight calls finish up to the deadline, closes every connection. */
  close(deadlineMs?: number): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function formatHostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export async function listenConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const token = opts.token ?? newToken();
  const serveStatic = createStaticHandler(opts.staticDir);

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/health') {
      securityHeaders(res);
      try {
        const h = await opts.health();
        // Unauthenticated: states only, no reasons (they may name hosts or paths).
        json(res, h.status === 'unhealthy' ? 503 : 200, {
          status: h.status,
          checkedAt: h.checkedAt,
          checks: h.checks.map((c) => ({ name: c.name, status: c.status, checkedAt: c.checkedAt, latencyMs: c.latencyMs ?? null })),
        });
      } catch (e) {
        log(`GET /health failed: ${String(e)}`);
        json(res, 503, { status: 'unhealthy', checkedAt: new Date().toISOString(), checks: [], error: 'the health check itself failed; see the gateway log' });
      }
      return;
    }
    if (path === '/api/session') {
      securityHeaders(res);
      if (!tokenMatches(token, tokenFromRequest(req))) {
        json(res, 401, { error: 'wrong or missing token: open the URL printed by the server at start' });
        return;
      }
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    await serveStatic(req, res);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      log(`${req.method} ${req.url?.split('?')[0]} failed: ${String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  const bridge = attachWsBridge({ server, dispatcher: opts.dispatcher, token, actor: opts.actor, log });
  const unsubscribe = opts.subscribe((event, payload) => bridge.broadcast(event, payload));

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${formatHostForUrl(host)}:${port}`;
  let closed: Promise<void> | null = null;

  return {
    host,
    port,
    url,
    consoleUrl: `${url}/?token=${token}`,
    token,
    close(deadlineMs = 10_000) {
      closed ??= (async () => {
        unsubscribe();
        const stopped = new Promise<void>((r) => server.close(() => r()));
        await bridge.close(deadlineMs);
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
