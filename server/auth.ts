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

/** A browser's Origin must be this server itself: refuses cross-site WebSocket use of a leaked token. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser (CLI, tests, Electron's own fetch)
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function remoteOf(req: IncomingMessage): string {
  return `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
}
