/**
 * GET /health: what a load balancer or a monitoring probe needs without a
 * token (the overall state and each link's state), and the details (reasons,
 * latencies, where credentials are bound, the data directory, breakers) only
 * with the host's token. HEAD answers the same status without a body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthSummary } from '../core/contract/index.ts';
import { tokenFromRequest, tokenMatches } from './auth.ts';

export interface HealthRouteOptions {
  health: () => Promise<HealthSummary>;
  token: string;
  log: (line: string) => void;
  /** Told of a request that carried a wrong token. */
  refused: (req: IncomingMessage, what: string, reason: string) => void;
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(req.method === 'HEAD' ? undefined : text);
}

export function methodNotAllowed(res: ServerResponse): void {
  res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed: GET or HEAD\n');
}

/** The unauthenticated view: no reasons, latencies or paths (they may name hosts, users or directories). */
export function publicHealth(h: HealthSummary): { status: HealthSummary['status']; checks: Array<{ name: string; status: HealthSummary['status'] }> } {
  return { status: h.status, checks: h.checks.map((c) => ({ name: c.name, status: c.status })) };
}

export function createHealthRoute(opts: HealthRouteOptions) {
  return async function serveHealth(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res);
    const token = tokenFromRequest(req);
    const detailed = token !== null && tokenMatches(opts.token, token);
    if (token !== null && !detailed) {
      // A wrong token is a mistake or a guess: say so rather than quietly answering less.
      opts.refused(req, 'GET /health', 'wrong token');
      return sendJson(req, res, 401, { error: 'wrong token: /health without a token gives the states; with the token printed at start, the details' });
    }
    let h: HealthSummary;
    try {
      h = await opts.health();
    } catch (e) {
      opts.log(`GET /health failed: ${String(e)}`);
      return sendJson(req, res, 503, { status: 'unhealthy', checks: [], error: 'the health check itself failed; see the gateway log' });
    }
    const status = h.status === 'unhealthy' ? 503 : 200;
    sendJson(req, res, status, detailed ? h : publicHealth(h));
  };
}
