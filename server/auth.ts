/** The per-start access token of the headless host: random, compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WS_TOKEN_PROTOCOL_PREFIX } from '../core/contract/index.ts';

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function tokenMatches(expected: string, candidate: string | null | undefined): boolean {
  if (!candidate) return false;
  // Hashing first makes the comparison length-independent and constant-time.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(candidate).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: `?token=`, a `argus-token.<t>` subprotocol, or `Authorization: Bearer <t>`. */
export function tokenFromRequest(req: IncomingMessage): string | null {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const q = url.searchParams.get('token');
  if (q) return q;
  const protocols = req.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    for (const p of protocols.split(',').map((s) => s.trim())) {
      if (p.startsWith(WS_TOKEN_PROTOCOL_PREFIX)) return p.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
    }
  }
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return null;
}

/** The scheme the browser used to reach us: TLS on the socket, or what a reverse proxy on this machine says it terminated. */
export function requestScheme(req: IncomingMessage): 'http' | 'https' {
  if ((req.socket as { encrypted?: boolean }).encrypted) return 'https';
  // Trusted only from loopback: a proxy elsewhere could be anyone, and a browser cannot set it on a WebSocket.
  const fwd = req.headers['x-forwarded-proto'];
  if (typeof fwd === 'string' && isLoopback(req.socket.remoteAddress) && fwd.split(',')[0]!.trim().toLowerCase() === 'https') return 'https';
  return 'http';
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || a.startsWith('127.');
}

/**
 * A browser's Origin must be this server itself: same scheme, host and port as
 * the request it sent (a cross-site page cannot use a leaked token, nor a page
 * served over plain http from the same name use an https console's socket).
 */
/** Only `Authorization: Bearer <t>`: for scrapers, whose URLs end up in logs and configs. */
export function bearerToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  return typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : null;
}

export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser (CLI, tests, Electron's own fetch)
  const host = req.headers.host;
  if (typeof host !== 'string') return false;
  try {
    const o = new URL(origin);
    const self = new URL(`${requestScheme(req)}://${host}`);
    // URL normalises default ports and letter case on both sides.
    return o.protocol === self.protocol && o.hostname === self.hostname && o.port === self.port;
  } catch {
    return false; // "null" (a sandboxed frame, a file://) and garbage
  }
}

/** The remote address alone: refusals are counted per address, not per connection. */
export function addressOf(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '?';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

export function remoteOf(req: IncomingMessage): string {
  return `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
}
