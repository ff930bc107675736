/**
 * The names the headless host answers to, and the check of every request's
 * Host header against them. A page on an attacker's domain whose DNS name is
 * re-pointed at this machine (DNS rebinding) reaches us with its own name in
 * Host: refusing unknown names (421 Misdirected Request) keeps it from reading
 * /health, /metrics or the console. Ports are not compared: a reverse proxy
 * may forward the public port, or none.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'] as const;

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** An address only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const n = normaliseHostName(host);
  if (n === 'localhost' || n === '::1') return true;
  const v4 = n.startsWith('::ffff:') ? n.slice(7) : n;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Lower case, no brackets around IPv6, no trailing dot: the form names are compared in. */
export function normaliseHostName(name: string): string {
  let n = name.trim().toLowerCase();
  if (n.startsWith('[') && n.endsWith(']')) n = n.slice(1, -1);
  if (n.endsWith('.') && !isIP(n)) n = n.slice(0, -1);
  return n;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A name given with --public-name: a DNS name or an IP address, without scheme, port or path. */
export function parsePublicName(raw: string): string {
  const n = normaliseHostName(raw);
  if (n === '') throw new Error('--public-name needs a host name, e.g. --public-name gw.example.local');
  if (isIP(n)) return n;
  if (/[/:@?#\s]/.test(n)) {
    throw new Error(`--public-name takes a host name only (no scheme, port or path), e.g. gw.example.local; got "${raw}"`);
  }
  if (n.length > 253 || !n.split('.').every((l) => LABEL.test(l))) {
    throw new Error(`--public-name "${raw}" is not a valid host name (letters, digits, hyphens and dots)`);
  }
  return n;
}

/** The host name a request's Host header names, normalised; null when there is none or it does not parse. */
export function hostNameOf(req: IncomingMessage): string | null {
  const h = req.headers.host;
  if (typeof h !== 'string' || h === '') return null;
  try {
    return normaliseHostName(new URL(`http://${h}`).hostname);
  } catch {
    return null;
  }
}

export interface HostNames {
  /** True when the request's Host names this host. */
  allows(req: IncomingMessage): boolean;
  /** The names accepted now (for the start banner and tests). */
  list(): string[];
}

/**
 * Loopback names, the address the host listens on and the configured public
 * names. Listening on every interface (0.0.0.0, ::) also admits the machine's
 * own addresses: an IP literal cannot be rebound, and that is how people reach
 * such a host without a name. They are re-read once a minute (DHCP may change them).
 */
export function hostNames(bindHost: string, publicNames: readonly string[] = [], now: () => number = Date.now): HostNames {
  const fixed = new Set<string>([...LOOPBACK_NAMES, ...publicNames.map(normaliseHostName)]);
  const bind = normaliseHostName(bindHost);
  const wildcard = WILDCARDS.has(bind);
  if (!wildcard) fixed.add(bind);
  let own = new Set<string>();
  let ownReadAt = -Infinity;
  const interfaceAddresses = (): Set<string> => {
    if (now() - ownReadAt < 60_000) return own;
    own = new Set(
      Object.values(networkInterfaces())
        .flatMap((list) => list ?? [])
        .map((a) => normaliseHostName(a.address.split('%')[0]!)),
    );
    ownReadAt = now();
    return own;
  };
  return {
    allows(req) {
      const name = hostNameOf(req);
      if (name === null) return false;
      return fixed.has(name) || (wildcard && interfaceAddresses().has(name));
    },
    list() {
      return [...fixed, ...(wildcard ? interfaceAddresses() : [])];
    },
  };
}
