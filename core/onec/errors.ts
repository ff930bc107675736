/**
 * Failures of the 1C:ZUP client. Every message names the method, the HTTP status
 * when there was one, what was wrong, and the X-Request-ID so the 1C
 * administrator can find the call in their log:
 *   GET /agents failed: HTTP 500: "Нет доступа к базе" (request 3f2a…)
 * The kind drives the queue: retryable (network, timeouts, 5xx, 429), permanent
 * (4xx, not JSON, wrong shape, too large, 1C said result false), unknown_outcome
 * (a non-idempotent call failed after its body was sent).
 */
import { GatewayError, type ErrorKind } from '../errors.ts';

export type OnecErrorCode =
  /** The call was refused before anything was sent: bad dates, bad request fields. */
  | 'onec_invalid_request'
  /** DNS failure, connection refused, host unreachable. */
  | 'onec_unreachable'
  /** Connect, response headers or body did not arrive in time. */
  | 'onec_timeout'
  /** The server reset or closed the connection before answering. */
  | 'onec_connection_lost'
  /** The response body ended before its declared length or the connection dropped mid-body. */
  | 'onec_body_cut'
  /** The response exceeded maxResponseBytes. */
  | 'onec_too_large'
  /** 401/403: wrong user name or password, or no rights. */
  | 'onec_auth'
  /** Any other non-200 status. */
  | 'onec_http'
  /** The body is not JSON. */
  | 'onec_not_json'
  /** JSON, but not the documented shape. */
  | 'onec_bad_shape'
  /** 1C processed the call and answered result false with its message. */
  | 'onec_rejected'
  /** Cancelled by the caller. */
  | 'onec_cancelled'
  /** The server did not speak HTTP. */
  | 'onec_protocol'
  /** The client was closed. */
  | 'onec_closed';

export interface OnecErrorContext {
  /** "GET /agents", "POST /sendFactWorkTime". */
  method: string;
  status: number | null;
  requestId: string;
}

export class OnecError extends GatewayError {
  override readonly code: OnecErrorCode;
  readonly method: string;
  readonly status: number | null;
  readonly requestId: string;

  constructor(code: OnecErrorCode, message: string, kind: ErrorKind, ctx: OnecErrorContext, details?: Record<string, unknown>) {
    super(code, message, kind, { method: ctx.method, status: ctx.status, requestId: ctx.requestId, ...details });
    this.name = 'OnecError';
    this.code = code;
    this.method = ctx.method;
    this.status = ctx.status;
    this.requestId = ctx.requestId;
  }
}

export function isOnecError(e: unknown): e is OnecError {
  return e instanceof OnecError;
}

/** At most `max` characters, with an ellipsis when cut. */
export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Bytes for people: 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}
