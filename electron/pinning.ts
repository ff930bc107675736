/**
 * TLS to an attached gateway. The socket is handed to the HTTP request (and so the
 * token, which travels in the WebSocket upgrade) only after the server's certificate
 * was accepted: with a pin, its SHA-256 fingerprint must equal the pin (a self-signed
 * certificate is fine then: the pin is the trust); without one, the certificate must
 * be trusted by this computer and name the host. A refusal is a sentence that gives
 * the fingerprint the server presented.
 */
import type { ClientRequestArgs } from 'node:http';
import { Agent, type AgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { normalizeFingerprint } from './attach.ts';

export class GatewayTlsError extends Error {
  readonly code: 'pin_mismatch' | 'untrusted_certificate';
  /** The SHA-256 fingerprint the server presented (AA:BB:…). */
  readonly presented: string | null;
  constructor(code: GatewayTlsError['code'], message: string, presented: string | null) {
    super(message);
    this.name = 'GatewayTlsError';
    this.code = code;
    this.presented = presented;
  }
}

/** Certificate authorities to trust without a pin: Node's bundle and, where Node can read it, the system's store. */
function trustedCas(): string[] | undefined {
  const get = (tls as { getCACertificates?: (type?: 'default' | 'system') => string[] }).getCACertificates;
  if (typeof get !== 'function') return undefined;
  try {
    return [...new Set([...get('default'), ...get('system')])];
  } catch {
    return undefined;
  }
}

type Callback = (err: Error | null, stream: Duplex) => void;

export class PinningAgent extends Agent {
  private readonly pin: string | null;
  private readonly ca: string[] | undefined;
  /** The fingerprint the last server presented (shown to the operator after a test). */
  lastPresented: string | null = null;

  constructor(pin: string | null, opts: AgentOptions = {}) {
    // One connection per WebSocket; nothing is kept alive between attempts.
    super({ ...opts, keepAlive: false });
    // Compared with Node's upper-case, colon-separated form whatever form the pin came in.
    this.pin = pin === null ? null : normalizeFingerprint(pin);
    this.ca = pin ? undefined : trustedCas();
  }

  // Async form of Agent#createConnection: the request waits for the callback.
  override createConnection(args: ClientRequestArgs, callback?: Callback): Duplex | null | undefined {
    const options = args as tls.ConnectionOptions & { host?: string; servername?: string; port?: number };
    const where = `${options.host ?? '?'}:${options.port ?? 443}`;
    const socket = tls.connect({
      ...options,
      // The verdict is ours, below, before anything is written; the chain and the name are still checked for `authorized`.
      rejectUnauthorized: false,
      ...(this.ca ? { ca: this.ca } : {}),
      servername: options.servername ?? (options.host && !isIp(options.host) ? options.host : undefined),
    });
    let settled = false;
    const done = (err: Error | null) => {
      if (settled) return;
      settled = true;
      socket.removeListener('error', onError);
      if (err) {
        socket.destroy();
        // No stream on failure: the agent only looks at the error then.
        callback?.(err, undefined as unknown as Duplex);
      } else {
        callback?.(null, socket);
      }
    };
    const onError = (e: Error) => done(e);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const presented = cert && cert.fingerprint256 ? cert.fingerprint256.toUpperCase() : null;
      this.lastPresented = presented;
      if (this.pin) {
        if (presented === this.pin) return done(null);
        return done(
          new GatewayTlsError(
            'pin_mismatch',
            `the gateway at ${where} presented a certificate with SHA-256 fingerprint ${presented ?? 'none'}, not the pinned ${this.pin}: refusing to connect (the gateway's certificate was replaced, or someone is in between; check the gateway's fingerprint and pin it again)`,
            presented,
          ),
        );
      }
      if (socket.authorized) return done(null);
      done(
        new GatewayTlsError(
          'untrusted_certificate',
          `the certificate of ${where} is not trusted by this computer (${String(socket.authorizationError ?? 'unknown reason')}); its SHA-256 fingerprint is ${presented ?? 'unknown'}: if that is your gateway's, pin it in Settings, or give the gateway a certificate this computer trusts`,
          presented,
        ),
      );
    });
    return undefined;
  }
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
