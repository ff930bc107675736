/**
 * Failures of the MCE link, each with an operator sentence. Retryable ones
 * (network, 5xx, a token the server stopped accepting) are retried with
 * backoff by the listener; permanent ones (credentials refused or missing)
 * wait for someone to act and are shown in Health until then.
 */
import { GatewayError, type ErrorKind } from '../errors.ts';

export type MceErrorCode =
  | 'mce_not_configured'
  | 'mce_no_credentials'
  /** The token endpoint refused the user name or password. */
  | 'mce_auth'
  /** A REST call or the socket upgrade refused the token (expired or revoked): refresh and retry. */
  | 'mce_token_rejected'
  | 'mce_unreachable'
  | 'mce_timeout'
  | 'mce_http'
  | 'mce_bad_response'
  | 'mce_closed';

export class MceError extends GatewayError {
  override readonly code: MceErrorCode;
  readonly status: number | null;
  constructor(code: MceErrorCode, message: string, kind: ErrorKind, status: number | null = null) {
    super(code, message, kind, { status });
    this.name = 'MceError';
    this.code = code;
    this.status = status;
  }
}

export function isMceError(e: unknown): e is MceError {
  return e instanceof MceError;
}
