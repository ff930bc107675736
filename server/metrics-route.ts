/**
 * GET /metrics: the Prometheus text exposition of the gateway's metrics
 * (core/metrics). It needs the host's token as `Authorization: Bearer` (a
 * scraper's `authorization` setting), unless the host was started with
 * --metrics-public. Never in a query string: scrape URLs end up in logs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, tokenMatches } from './auth.ts';
import { methodNotAllowed } from './health-route.ts';
import type { Exposition } from '../core/metrics/gateway-metrics.ts';

export interface MetricsRouteOptions {
  metrics: () => Promise<Exposition>;
  token: string;
  /** No token needed (serve --metrics-public). */
  public: boolean;
  log: (line: string) => void;
  refused: (req: IncomingMessage, what: string, reason: string) => void;
}

export function createMetricsRoute(opts: MetricsRouteOptions) {
  return async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res);
    if (!opts.public) {
      const token = bearerToken(req);
      if (!tokenMatches(opts.token, token)) {
        opts.refused(req, 'GET /metrics', `${token ? 'wrong' : 'missing'} token`);
        res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer realm="argus-gateway"', 'Cache-Control': 'no-store' });
        res.end('the metrics need the host token: send "Authorization: Bearer <token>" (or start serve with --metrics-public)\n');
        return;
      }
    }
    let m: Exposition;
    try {
      m = await opts.metrics();
    } catch (e) {
      opts.log(`GET /metrics failed: ${String(e)}`);
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('the metrics could not be collected; see the gateway log\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': m.contentType, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(m.body) });
    res.end(req.method === 'HEAD' ? undefined : m.body);
  };
}
