/**
 * The HTTP half of the 1C client: a keep-alive pool, Basic auth, an
 * X-Request-ID per call, and the translation of every way a call can fail into
 * an OnecError that names the method, the status and what was wrong.
 * Methods (client.ts) only build paths and bodies and validate what comes back.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { z } from 'zod';
import { GatewayError, type ErrorKind } from '../errors.ts';
import { describeIssues } from './agents-schema.ts';
import { OnecError, clip, formatBytes, type OnecErrorCode, type OnecErrorContext } from './errors.ts';
import { decodeText, failureMessage, notJsonShape, parseJson } from './response.ts';
import { cleanLine } from '../text/clean.ts';
import { isRefusal } from './shape.ts';
import { exchange, TransportError, type Failure, type RawResponse } from './transport.ts';

export const onecClientOptionsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  username: z.string({ error: 'required' }).min(1, 'must not be empty'),
  password: z.string({ error: 'required' }),
  connectTimeoutMs: z.number().int().positive().default(30_000),
  headersTimeoutMs: z.number().int().positive().default(30_000),
  bodyTimeoutMs: z.number().int().positive().default(30_000),
  maxResponseBytes: z.number().int().positive().default(512 * 1024 * 1024),
  connections: z.number().int().min(1).max(64).default(4),
});

/** One finished call, for the API-call monitor and logs (never carries credentials). */
export interface OnecCallRecord {
  method: string;
  requestId: string;
  /** Epoch ms when the call started. */
  startedAt: number;
  durationMs: number;
  status: number | null;
  /** Response body bytes received. */
  bytes: number;
  error: OnecError | null;
}

export interface OnecClientOptions {
  /** e.g. http://zup:8090/services/personnel or http://srv/zup/hs/wfm; no trailing slash needed. */
  baseUrl: string;
  username: string;
  password: string;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Default 512 MiB; enforced while the body streams in. */
  maxResponseBytes?: number;
  /** Keep-alive connections in the pool, default 4. */
  connections?: number;
  /** Called after every call, successful or not. */
  onCall?: (record: OnecCallRecord) => void;
  /** Awaited before each call is sent (the per-method rate limit, rate-limit.ts); its wait is not part of the call's duration. */
  beforeCall?: (method: string, signal?: AbortSignal) => Promise<void>;
}

export interface CallSpec {
  /** "GET /agents" — the name used in every message. */
  name: string;
  httpMethod: 'GET' | 'POST';
  /** Path below the base URL, starting with "/". */
  path: string;
  body?: unknown;
  /** False for calls that must not be repeated blindly (sendFactWorkTime). */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
}

export interface CallResponse {
  /** The body as JSON, parsed on first read; throws the "not JSON"/"empty" OnecError. */
  readonly value: unknown;
  raw: RawResponse;
  ctx: OnecErrorContext;
}

export interface Caller {
  readonly options: z.output<typeof onecClientOptionsSchema>;
  /** Runs fn around one call: times it, reports it to onCall, and lets fn validate the JSON. */
  run<T>(spec: CallSpec, validate: (res: CallResponse) => T): Promise<{ result: T; requestId: string; durationMs: number; bytes: number; status: number }>;
  close(): Promise<void>;
}

function hostOf(url: URL): string {
  return url.port ? `${url.hostname}:${url.port}` : url.host;
}

const FRIENDLY: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

export function createCaller(input: OnecClientOptions): Caller {
  const parsed = onecClientOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new GatewayError('onec_bad_config', `1C:ZUP client settings are invalid: ${describeIssues(parsed.error).join('; ')}`, 'permanent');
  }
  const options = parsed.data;
  const onCall = input.onCall;
  const beforeCall = input.beforeCall;
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const host = hostOf(base);
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
  const pool = new Pool(base.origin, {
    connections: options.connections,
    pipelining: 1,
    connect: { timeout: options.connectTimeoutMs },
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    keepAliveTimeout: 10_000,
  });
  let closed = false;

  const fail = (code: OnecErrorCode, message: string, kind: ErrorKind, ctx: OnecErrorContext, details?: Record<string, unknown>) =>
    new OnecError(code, `${message} (request ${ctx.requestId})`, kind, ctx, details);

  function fromTransport(failure: Failure, ctx: OnecErrorContext, idempotent: boolean): OnecError {
    // The detail may carry what the peer sent (a parser error quoting it): clean, like every text from outside.
    const f: Failure = { ...failure, detail: cleanLine(failure.detail) };
    const m = ctx.method;
    ctx.status = f.status;
    const details = { cause: f.detail, bytes: f.bytes, requestSent: f.requestSent };
    // After the body was sent, a non-idempotent call may have been applied: never retry on our own.
    const lost: ErrorKind = !idempotent && f.requestSent ? 'unknown_outcome' : 'retryable';
    const unknownNote = lost === 'unknown_outcome' ? '; 1C may have applied it: check in 1C before sending it again' : '';
    const statusPart = f.status !== null ? `HTTP ${f.status}, ` : '';
    switch (f.cause) {
      case 'unreachable': {
        const code = Object.keys(FRIENDLY).find((k) => f.detail.includes(k));
        return fail('onec_unreachable', `${m}: cannot reach 1C at ${host}: ${code ? FRIENDLY[code] : f.detail}`, 'retryable', ctx, details);
      }
      case 'connect_timeout':
        return fail('onec_timeout', `${m}: could not connect to ${host} within ${options.connectTimeoutMs} ms`, 'retryable', ctx, details);
      case 'headers_timeout':
        return fail('onec_timeout', `${m}: no response headers within ${options.headersTimeoutMs} ms${unknownNote}`, lost, ctx, details);
      case 'body_timeout':
        return fail('onec_timeout', `${m}: the response stalled: no body data for ${options.bodyTimeoutMs} ms after ${f.bytes} bytes (${statusPart.slice(0, -2)})${unknownNote}`, lost, ctx, details);
      case 'reset':
        return fail('onec_connection_lost', `${m}: connection reset by the server${unknownNote}`, lost, ctx, details);
      case 'closed':
        return fail('onec_connection_lost', `${m}: the server closed the connection without answering${unknownNote}`, lost, ctx, details);
      case 'cut': {
        const declared = f.expectedBytes !== null ? `, ${f.expectedBytes} declared` : '';
        return fail('onec_body_cut', `${m}: body cut short after ${f.bytes} bytes (${statusPart}${declared ? declared.slice(2) : 'connection dropped'})${unknownNote}`, lost, ctx, details);
      }
      case 'too_large': {
        const what = f.expectedBytes !== null && f.expectedBytes > options.maxResponseBytes ? `declares ${formatBytes(f.expectedBytes)}` : `passed ${formatBytes(f.bytes)}`;
        return fail('onec_too_large', `${m}: response ${what}, over the limit of ${formatBytes(options.maxResponseBytes)} (onec.maxResponseBytes)`, 'permanent', ctx, details);
      }
      case 'cancelled':
        return fail('onec_cancelled', `${m}: cancelled${unknownNote}`, lost, ctx, details);
      case 'protocol':
        return fail('onec_protocol', `${m}: the server at ${host} did not answer in HTTP (${clip(f.detail, 200)})`, 'permanent', ctx, details);
      case 'client_closed':
        return fail('onec_closed', `${m}: the 1C client is closed`, 'permanent', ctx, details);
      default:
        return fail('onec_connection_lost', `${m}: ${f.detail}${unknownNote}`, lost, ctx, details);
    }
  }

  function fromStatus(raw: RawResponse, ctx: OnecErrorContext, idempotent: boolean): OnecError {
    const m = `${ctx.method} failed: HTTP ${raw.status}`;
    const said = failureMessage(raw.body);
    const quoted = said !== null ? `: "${said}"` : ' with an empty body';
    const details = { body: said };
    const s = raw.status;
    if (s === 401) {
      return fail('onec_auth', `${m}: 1C rejected the user name or password (user "${options.username}"); check the 1C credentials${said ? ` ("${said}")` : ''}`, 'permanent', ctx, details);
    }
    if (s === 403) {
      return fail('onec_auth', `${m}: the 1C user "${options.username}" has no rights for this method${said ? ` ("${said}")` : ''}`, 'permanent', ctx, details);
    }
    if (s === 404) {
      return fail('onec_http', `${m}: no such method at ${base.origin}${basePath}; check onec.url${said ? ` ("${said}")` : ''}`, 'permanent', ctx, details);
    }
    if (s >= 300 && s < 400) {
      const loc = raw.headers.location;
      return fail('onec_http', `${m}: redirected${loc ? ` to ${clip(cleanLine(String(loc)), 300)}` : ''}; set onec.url to the final address`, 'permanent', ctx, details);
    }
    if (s === 408 || s === 429) {
      const after = raw.headers['retry-after'] === undefined ? undefined : clip(cleanLine(String(raw.headers['retry-after'])), 40);
      return fail('onec_http', `${m}${quoted}${after ? ` (retry after ${after} s)` : ''}`, 'retryable', ctx, { ...details, retryAfter: after ?? null });
    }
    if (s >= 500 && said !== null) {
      // "Business failures come back as result false (or 500) with a message meant for the operator":
      // a 500 whose JSON says result false is 1C refusing, not 1C failing; retrying will not help.
      const j = parseJson(decodeText(raw.body).trim());
      if (j.ok && isRefusal(j.value)) return fail('onec_rejected', `${m}: 1C refused: "${said}"`, 'permanent', ctx, details);
    }
    if (s >= 500) {
      // A proxy's 502/504 may come after 1C received the call: for a non-idempotent call the outcome is unknown.
      const kind: ErrorKind = !idempotent && (s === 502 || s === 504) ? 'unknown_outcome' : 'retryable';
      const note = kind === 'unknown_outcome' ? '; 1C may have applied it: check in 1C before sending it again' : '';
      return fail('onec_http', `${m}${quoted}${note}`, kind, ctx, details);
    }
    return fail('onec_http', `${m}${quoted}`, 'permanent', ctx, details);
  }

  async function call(spec: CallSpec, ctx: OnecErrorContext): Promise<CallResponse> {
    if (closed) throw fail('onec_closed', `${spec.name}: the 1C client is closed`, 'permanent', ctx);
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization,
      'x-request-id': ctx.requestId,
      'user-agent': 'argus-integration-gateway',
    };
    let body: Buffer | undefined;
    if (spec.body !== undefined) {
      body = Buffer.from(JSON.stringify(spec.body), 'utf8');
      headers['content-type'] = 'application/json; charset=utf-8';
    }
    let raw: RawResponse;
    try {
      raw = await exchange(pool, {
        method: spec.httpMethod,
        path: basePath + spec.path,
        headers,
        body,
        idempotent: spec.idempotent,
        headersTimeoutMs: options.headersTimeoutMs,
        bodyTimeoutMs: options.bodyTimeoutMs,
        maxResponseBytes: options.maxResponseBytes,
        signal: spec.signal,
      });
    } catch (e) {
      if (e instanceof TransportError) throw fromTransport(e.failure, ctx, spec.idempotent);
      throw e;
    }
    ctx.status = raw.status;
    if (raw.status < 200 || raw.status >= 300) throw fromStatus(raw, ctx, spec.idempotent);
    // Parsed on first use: a method that reads the bytes itself (GET /agents) never builds the whole text.
    let parsed: { value: unknown } | null = null;
    const value = (): unknown => {
      if (parsed) return parsed.value;
      const text = decodeText(raw.body);
      if (text.trim() === '') {
        throw fail('onec_not_json', `${spec.name}: response is empty (HTTP ${raw.status})`, 'permanent', ctx);
      }
      const json = parseJson(text);
      if (!json.ok) {
        // Its size and first character only: the body may be personnel data, and this message reaches logs and Health.
        throw fail('onec_not_json', `${spec.name}: response is not JSON (HTTP ${raw.status}): ${notJsonShape(text, raw.body.length, json.error)}`, 'permanent', ctx, {
          contentType: raw.headers['content-type'] ?? null,
        });
      }
      parsed = { value: json.value };
      return json.value;
    };
    return {
      get value() {
        return value();
      },
      raw,
      ctx,
    };
  }

  return {
    options,
    async run(spec, validate) {
      if (beforeCall) await beforeCall(spec.name, spec.signal);
      const ctx: OnecErrorContext = { method: spec.name, status: null, requestId: randomUUID() };
      const startedAt = Date.now();
      const t0 = performance.now();
      let bytes = 0;
      try {
        const res = await call(spec, ctx);
        bytes = res.raw.body.length;
        const result = validate(res);
        const durationMs = Math.round(performance.now() - t0);
        onCall?.({ method: spec.name, requestId: ctx.requestId, startedAt, durationMs, status: res.raw.status, bytes, error: null });
        return { result, requestId: ctx.requestId, durationMs, bytes, status: res.raw.status };
      } catch (e) {
        const err =
          e instanceof OnecError
            ? e
            : fail('onec_bad_shape', `${spec.name}: ${cleanLine(e instanceof Error ? e.message : String(e))}`, 'permanent', ctx);
        if (e instanceof OnecError && typeof e.details?.bytes === 'number') bytes = e.details.bytes;
        onCall?.({ method: spec.name, requestId: ctx.requestId, startedAt, durationMs: Math.round(performance.now() - t0), status: err.status, bytes, error: err });
        throw err;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Let calls in flight finish briefly, then cut them: close() must not wait out a 30 s timeout.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 2_000)));
      const done = await Promise.race([pool.close().then(() => 'closed' as const), grace]);
      clearTimeout(timer);
      if (done === 'late') await pool.destroy();
    },
  };
}

/** Builds the "response shape is wrong" error the methods throw from `validate`. */
export function shapeError(res: CallResponse, what: string): OnecError {
  return new OnecError('onec_bad_shape', `${res.ctx.method}: response shape is wrong: ${what} (request ${res.ctx.requestId})`, 'permanent', res.ctx);
}

/** A request refused before sending (bad dates, bad fields): permanent, nothing reached 1C. */
export function invalidRequest(method: string, what: string): OnecError {
  return new OnecError('onec_invalid_request', `${method}: invalid request: ${what}`, 'permanent', { method, status: null, requestId: randomUUID() });
}
