/**
 * MCE's two HTTP calls (PROTOCOLS.md §2.1, §2.3): the token and the REST agent
 * list, over one keep-alive undici Agent with bounded timeouts and body size.
 * Every failure becomes an MceError with a sentence for the operator.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { frameSample, parseAgents, restAgentsSchema, tokenResponseSchema, type AgentList, type TokenResponse } from './frames.ts';
import { agentsUrl, tokenUrl, type MceEndpoint } from './endpoint.ts';
import { MceError } from './errors.ts';
import { cleanLine } from '../text/clean.ts';

export interface MceHttpOptions {
  connectTimeoutMs?: number;
  /** Headers and body timeouts of each call. */
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface RestSnapshot extends AgentList {
  seq: number;
}

export class MceHttp {
  private readonly agent: Dispatcher;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(opts: MceHttpOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    // 20 000 agents are about 5 MB; parsing a hostile body of tiny values costs several times its size in heap.
    this.maxBytes = opts.maxResponseBytes ?? 32 * 1024 * 1024;
    this.agent = new Agent({ connect: { timeout: opts.connectTimeoutMs ?? 10_000 }, keepAliveTimeout: 30_000, connections: 4 });
  }

  /** POST /auth/mce/token with HTTP Basic. */
  async token(ep: MceEndpoint, signal?: AbortSignal): Promise<TokenResponse> {
    const basic = Buffer.from(`${ep.username}:${ep.password}`, 'utf8').toString('base64');
    const { status, text } = await this.call('POST /auth/mce/token', tokenUrl(ep.url), { authorization: `Basic ${basic}`, 'content-length': '0' }, 'POST', signal);
    if (status === 401 || status === 403) {
      throw new MceError('mce_auth', `MCE refused the credentials of user "${ep.username}" (HTTP ${status}): set them again with "gatewayctl credentials set mce --user U --password-stdin" or in Settings`, 'permanent', status);
    }
    this.expectOk('POST /auth/mce/token', status, text);
    const parsed = tokenResponseSchema.safeParse(parseJson('POST /auth/mce/token', text));
    if (!parsed.success) throw badShape('POST /auth/mce/token', text, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; '));
    return parsed.data;
  }

  /** GET /api/v1/agents with the bearer token. */
  async agents(ep: MceEndpoint, token: string, signal?: AbortSignal): Promise<RestSnapshot> {
    const { status, text } = await this.call('GET /api/v1/agents', agentsUrl(ep.url), { authorization: `Bearer ${token}` }, 'GET', signal);
    if (status === 401) throw new MceError('mce_token_rejected', 'MCE refused the access token (HTTP 401) for GET /api/v1/agents', 'retryable', status);
    this.expectOk('GET /api/v1/agents', status, text);
    const parsed = restAgentsSchema.safeParse(parseJson('GET /api/v1/agents', text));
    if (!parsed.success) throw badShape('GET /api/v1/agents', text, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; '));
    return { seq: parsed.data.seq, ...parseAgents(parsed.data.agents) };
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private expectOk(what: string, status: number, text: string): void {
    if (status === 200) return;
    const kind = status >= 500 || status === 429 || status === 408 ? 'retryable' : 'permanent';
    throw new MceError('mce_http', `${what} failed: HTTP ${status}${text ? ` (${frameSample(text, 200)})` : ''}`, kind, status);
  }

  private async call(what: string, url: string, headers: Record<string, string>, method: 'GET' | 'POST', signal?: AbortSignal): Promise<{ status: number; text: string }> {
    // A whole-call deadline: undici's body timeout is per chunk, and a body trickling a byte at a time never trips it.
    const deadline = AbortSignal.timeout(this.timeoutMs * 2);
    const both = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const failed = (e: unknown) => (deadline.aborted && !signal?.aborted ? new MceError('mce_timeout', `${what}: MCE did not answer in full within ${Math.round((this.timeoutMs * 2) / 1000)} s`, 'retryable') : transportError(what, url, e));
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, { method, headers: { accept: 'application/json', ...headers }, dispatcher: this.agent, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, signal: both });
    } catch (e) {
      throw failed(e);
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      res.body.destroy();
      throw new MceError('mce_bad_response', `${what} answered ${declared} bytes, more than the ${this.maxBytes} allowed`, 'retryable', res.statusCode);
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    try {
      for await (const chunk of res.body) {
        bytes += (chunk as Buffer).length;
        if (bytes > this.maxBytes) {
          res.body.destroy();
          throw new MceError('mce_bad_response', `${what} answered more than the ${this.maxBytes} bytes allowed`, 'retryable', res.statusCode);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (e) {
      if (e instanceof MceError) throw e;
      throw failed(e);
    }
    return { status: res.statusCode, text: Buffer.concat(chunks, bytes).toString('utf8') };
  }
}

function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Its length and how it starts, not its content: a body that is not JSON may still carry personnel data.
    const first = text.trimStart().charAt(0);
    throw new MceError('mce_bad_response', `${what} did not answer JSON (${text.length} characters${first ? `, starting with "${cleanLine(first)}"` : ', empty'})`, 'retryable');
  }
}

function badShape(what: string, text: string, issues: string): MceError {
  // Length and shape, never the personnel data in it.
  return new MceError('mce_bad_response', `${what} answered JSON of another shape (${text.length} bytes): ${issues.slice(0, 300)}`, 'retryable');
}

function codeOf(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 3 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return '';
}

function transportError(what: string, url: string, e: unknown): MceError {
  const code = codeOf(e);
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') {
    return new MceError('mce_timeout', `${what}: MCE at ${host} did not answer in time (${code})`, 'retryable');
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new MceError('mce_unreachable', `${what}: MCE at ${host} is unreachable (${code}): check mce.url and that MCE is running`, 'retryable');
  }
  if (code === 'UND_ERR_ABORTED' || (e as Error)?.name === 'AbortError' || (e as Error)?.name === 'TimeoutError') return new MceError('mce_closed', `${what} was cancelled`, 'retryable');
  return new MceError('mce_unreachable', `${what}: the connection to MCE at ${host} failed (${code || (e as Error)?.message || String(e)})`, 'retryable');
}
