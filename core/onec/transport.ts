/**
 * One HTTP exchange over an undici dispatcher, at the level where we can see
 * what happened: whether the request was fully written (a non-idempotent call
 * that fails after that has an unknown outcome), how many body bytes arrived
 * (the size limit is enforced while streaming, not after buffering), and which
 * phase failed. Errors come out as TransportError with a classified cause;
 * turning them into operator messages is the client's job.
 */
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';

export interface ExchangeRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  idempotent: boolean;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal | undefined;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type FailureCause =
  | 'unreachable' // DNS, refused, no route
  | 'connect_timeout'
  | 'headers_timeout'
  | 'body_timeout'
  | 'reset' // ECONNRESET before any response
  | 'closed' // the server closed the connection before any response
  | 'cut' // the body ended early
  | 'too_large'
  | 'cancelled'
  | 'protocol' // not HTTP
  | 'client_closed'
  | 'other';

export interface Failure {
  cause: FailureCause;
  /** The request (headers and body) was handed to the socket completely. */
  requestSent: boolean;
  /** Status of the response when its headers had arrived. */
  status: number | null;
  /** Body bytes received. */
  bytes: number;
  /** Content-Length of the response, when declared. */
  expectedBytes: number | null;
  /** The underlying error's code and message, for details and logs. */
  detail: string;
}

export class TransportError extends Error {
  readonly failure: Failure;
  constructor(failure: Failure, cause?: unknown) {
    super(`${failure.cause}: ${failure.detail}`, { cause });
    this.name = 'TransportError';
    this.failure = failure;
  }
}

class TooLarge extends Error {}
class Cancelled extends Error {}

function codeOf(e: unknown): string {
  let cur: unknown = e;
  // undici wraps socket errors; the system code is on the error or its cause.
  for (let i = 0; i < 3 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_SOCKET')) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const top = (e as { code?: unknown } | null)?.code;
  return typeof top === 'string' ? top : '';
}

function classify(err: unknown, gotHeaders: boolean): FailureCause {
  if (err instanceof TooLarge) return 'too_large';
  if (err instanceof Cancelled) return 'cancelled';
  const code = codeOf(err);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect_timeout';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'headers_timeout';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'body_timeout';
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'cut';
    case 'UND_ERR_DESTROYED':
    case 'UND_ERR_CLOSED':
      return 'client_closed';
    case 'UND_ERR_ABORTED':
    case 'UND_ERR_ABORT':
      return 'cancelled';
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 'unreachable';
    case 'ETIMEDOUT':
      return gotHeaders ? 'cut' : 'connect_timeout';
    case 'ECONNRESET':
    case 'EPIPE':
      return gotHeaders ? 'cut' : 'reset';
    default:
      if (code.startsWith('HPE_')) return gotHeaders ? 'cut' : 'protocol';
      if ((err as { code?: unknown } | null)?.code === 'UND_ERR_SOCKET') return gotHeaders ? 'cut' : 'closed';
      return gotHeaders ? 'cut' : 'other';
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = codeOf(err);
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

export function exchange(dispatcher: Dispatcher, req: ExchangeRequest): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let settled = false;
    let requestSent = false;
    let status: number | null = null;
    let headers: IncomingHttpHeaders = {};
    let expectedBytes: number | null = null;
    let bytes = 0;
    // With a declared length the body goes straight into one buffer of that size:
    // collecting chunks and concatenating them would hold the body twice at the end.
    let whole: Buffer | null = null;
    const chunks: Buffer[] = [];

    const onAbort = () => {
      const reason = new Cancelled('cancelled by the caller');
      if (controller) controller.abort(reason);
      // Not started yet (waiting for a free connection): fail now; onRequestStart aborts it later.
      else fail(reason);
    };
    const cleanup = () => req.signal?.removeEventListener('abort', onAbort);
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      cleanup();
      const gotHeaders = status !== null;
      reject(new TransportError({ cause: classify(err, gotHeaders), requestSent, status, bytes, expectedBytes, detail: describe(err) }, err));
    };

    if (req.signal?.aborted) {
      fail(new Cancelled('cancelled by the caller'));
      return;
    }
    req.signal?.addEventListener('abort', onAbort, { once: true });

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(new Cancelled('cancelled by the caller'));
      },
      onRequestSent() {
        requestSent = true;
      },
      onResponseStart(c, statusCode, h) {
        status = statusCode;
        headers = h;
        const cl = Number(h['content-length']);
        if (h['content-length'] !== undefined && Number.isSafeInteger(cl) && cl >= 0) {
          expectedBytes = cl;
          if (cl > req.maxResponseBytes) c.abort(new TooLarge(`declared Content-Length ${cl}`));
          else whole = Buffer.allocUnsafe(cl);
        }
      },
      onResponseData(c, chunk) {
        bytes += chunk.length;
        if (bytes > req.maxResponseBytes) {
          c.abort(new TooLarge(`${bytes} bytes received`));
          return;
        }
        if (whole !== null) {
          if (bytes <= whole.length) {
            chunk.copy(whole, bytes - chunk.length);
            return;
          }
          // More than declared (undici normally refuses this first): keep what came, as chunks.
          chunks.push(whole.subarray(0, bytes - chunk.length));
          whole = null;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        settled = true;
        cleanup();
        let body: Buffer;
        if (whole !== null) body = bytes === whole.length ? whole : whole.subarray(0, bytes);
        else body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bytes);
        resolve({ status: status ?? 0, headers, body });
      },
      onResponseError(_c, err) {
        fail(err);
      },
    };

    try {
      dispatcher.dispatch(
        {
          method: req.method,
          path: req.path,
          headers: req.headers,
          body: req.body ?? null,
          idempotent: req.idempotent,
          headersTimeout: req.headersTimeoutMs,
          bodyTimeout: req.bodyTimeoutMs,
        },
        handler,
      );
    } catch (err) {
      fail(err);
    }
  });
}
