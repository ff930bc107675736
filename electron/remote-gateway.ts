/**
 * Attach mode's engine: none. The main process holds the console's own WebSocket
 * client (renderer/src/client/ws.ts, the one the browser console uses) over the
 * `ws` package, TLS through the pinning agent, and serves the renderer over IPC
 * as if the engine were local: the renderer code does not change and the token
 * never reaches it. app.info is answered as the desktop host attached to that gateway.
 */
import type { Agent } from 'node:http';
import WebSocket from 'ws';
import { isMethodName, methods, events, type AppInfo, type ContractError, type DesktopLink, type DispatchResult, type GatewayTest } from '../core/contract/index.ts';
import { describeZodIssues, type Dispatcher } from '../core/api/dispatcher.ts';
import { cleanLine } from '../core/text/clean.ts';
import { createWsClient, type TokenCheck } from '../renderer/src/client/ws.ts';
import { isContractCallError, type ConnectionState, type ConsoleClient } from '../renderer/src/client/types.ts';
import type { AttachTarget } from './attach.ts';
import { GatewayTlsError, PinningAgent } from './pinning.ts';

/** Why the last connection attempt failed, as the link shows it. */
export interface LinkFailure {
  code: 'refused' | 'pin_mismatch' | 'untrusted_certificate' | 'unreachable';
  message: string;
  presented: string | null;
}

export function classifyFailure(e: Error, where: string): LinkFailure {
  if (e instanceof GatewayTlsError) return { code: e.code, message: e.message, presented: e.presented };
  const status = /Unexpected server response: (\d+)/.exec(e.message)?.[1];
  if (status === '401' || status === '403') {
    return { code: 'refused', message: `the gateway at ${where} refused the token (HTTP ${status}): it is wrong, or the gateway was restarted with a new one; give the current token in Settings, Desktop`, presented: null };
  }
  if (status) return { code: 'unreachable', message: `${where} answered HTTP ${status} instead of opening the console's connection: is it an Argus gateway (serve)?`, presented: null };
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ECONNREFUSED' ? 'nothing listens there (is the gateway running?)'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'the host name does not resolve'
    : code === 'ETIMEDOUT' || /timed? ?out/i.test(e.message) ? 'it did not answer in time'
    : code === 'EPROTO' || /wrong version number|packet length too long/i.test(e.message) ? 'it does not speak TLS there (an http:// address?)'
    : e.message;
  return { code: 'unreachable', message: `cannot reach the gateway at ${where}: ${why}`, presented: null };
}

export interface NodeSocketOptions {
  agent?: Agent;
  handshakeTimeoutMs?: number;
  /** Told of each failed attempt. */
  onFailure(f: LinkFailure): void;
  where: string;
}

/** A WebSocket class for ws.ts built on `ws`: the pinning agent and failures as sentences. */
export function nodeWebSocket(opts: NodeSocketOptions): typeof globalThis.WebSocket {
  class NodeWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { agent: opts.agent, handshakeTimeout: opts.handshakeTimeoutMs ?? 15_000, perMessageDeflate: false });
      this.on('error', (e: Error) => opts.onFailure(classifyFailure(e, opts.where)));
    }
  }
  return NodeWebSocket as unknown as typeof globalThis.WebSocket;
}

const linkState: Record<ConnectionState, DesktopLink['state'] | null> = { connecting: 'connecting', open: 'open', reconnecting: 'reconnecting', refused: 'refused', closed: null };

export interface RemoteGateway {
  /** The contract, answered by the attached gateway (for the IPC bridge). */
  dispatcher: Dispatcher;
  /** Every contract event the gateway sends; returns an unsubscribe. */
  subscribe(emit: (event: string, payload: unknown) => void): () => void;
  link(): DesktopLink;
  onLink(fn: (l: DesktopLink) => void): () => void;
  close(): void;
}

export interface RemoteOptions {
  target: Pick<AttachTarget, 'url' | 'wsUrl' | 'fingerprint'> & { token: string | null };
  /** Why there is no token (the keychain cannot open it): the link is refused with this. */
  tokenProblem?: string | null;
  now?: () => number;
  backoff?: { initialMs: number; maxMs: number };
  callTimeoutMs?: number;
}

function agentFor(target: { wsUrl: string; fingerprint: string | null }): PinningAgent | undefined {
  const secure = target.wsUrl.startsWith('wss:');
  // A pin means TLS: never let a plain ws:// socket carry the token past it.
  if (target.fingerprint !== null && !secure) throw new GatewayTlsError('pin_mismatch', `a certificate is pinned for ${target.wsUrl}, which is not TLS (wss://): refusing to send the token in the clear`, null);
  return secure ? new PinningAgent(target.fingerprint) : undefined;
}

const where = (url: string) => new URL(url).host;

export function connectRemoteGateway(opts: RemoteOptions): RemoteGateway {
  const now = opts.now ?? Date.now;
  const { target } = opts;
  let lastFailure: LinkFailure | null = opts.tokenProblem ? { code: 'refused', message: opts.tokenProblem, presented: null } : null;
  const agent = agentFor(target);
  const listeners = new Set<(l: DesktopLink) => void>();
  let link: DesktopLink;
  const setLink = (next: DesktopLink) => {
    link = next;
    for (const fn of [...listeners]) fn(link);
  };
  const onFailure = (f: LinkFailure) => {
    lastFailure = f;
    // Each failed attempt while down refreshes the reason (the state stays; since too).
    if (link && link.state !== 'open' && link.reason !== f.message) setLink({ ...link, reason: f.message });
  };
  const client: ConsoleClient = createWsClient({
    url: target.wsUrl,
    token: target.token ?? '',
    WebSocketImpl: nodeWebSocket({ agent, where: where(target.url), onFailure }),
    // The upgrade's own answer says whether the token was refused: no second request needed.
    checkToken: async (): Promise<TokenCheck> => (lastFailure?.code === 'refused' ? 'refused' : 'unreachable'),
    backoff: opts.backoff,
    callTimeoutMs: opts.callTimeoutMs,
  });

  link = { state: linkState[client.state] ?? 'connecting', url: target.url, reason: client.state === 'refused' ? (lastFailure?.message ?? 'no token') : null, since: new Date(now()).toISOString() };
  const offState = client.onStateChange((s) => {
    const state = linkState[s];
    if (!state) return;
    if (state === 'open') lastFailure = null;
    const reason = state === 'open' ? null : (lastFailure?.message ?? (state === 'reconnecting' ? `the connection to the gateway at ${where(target.url)} was lost; reconnecting` : null));
    setLink({ state, url: target.url, reason, since: new Date(now()).toISOString() });
  });

  const refusedMessage = () => lastFailure?.message ?? 'the attached gateway refused the token: give the current one in Settings, Desktop';
  const dispatcher: Dispatcher = {
    methodNames: Object.keys(methods),
    async dispatch(method, input): Promise<DispatchResult> {
      if (!isMethodName(method)) return { ok: false, error: { code: 'unknown_method', message: `unknown method "${String(method).slice(0, 100)}"`, kind: 'permanent' } };
      const def = methods[method];
      // The renderer's input is checked here as the local engine would, before anything goes out with the token.
      const parsed = def.input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `invalid input for ${method}: ${describeZodIssues(parsed.error)}`, kind: 'permanent' } };
      try {
        const raw = await client.call(method, (input ?? {}) as never);
        // And the gateway's answer before the renderer sees it: an attached gateway is another program.
        const out = def.output.safeParse(raw);
        if (!out.success) {
          return {
            ok: false,
            error: { code: 'invalid_output', message: `the attached gateway answered ${method} with data this app cannot read (${cleanLine(describeZodIssues(out.error)).slice(0, 300)}): is it the same version?`, kind: def.kind === 'command' ? 'unknown_outcome' : 'permanent' },
          };
        }
        const result = out.data;
        if (method === 'app.info') {
          // The renderer sees the desktop host, attached to this gateway (the header says which).
          const info = result as AppInfo;
          return { ok: true, result: { ...info, host: 'desktop', attachedTo: { url: target.url, pinned: target.fingerprint !== null } } satisfies AppInfo };
        }
        return { ok: true, result };
      } catch (e) {
        if (!isContractCallError(e)) return { ok: false, error: { code: 'internal_error', message: `${method} failed in the desktop app: ${(e as Error).message}`, kind: 'retryable' } };
        const error: ContractError = { code: e.code, message: cleanLine(e.message), kind: e.kind };
        // ws.ts words a refusal for the browser ("open the URL printed by the server"); here the token is in Settings.
        if (e.code === 'forbidden' && client.state === 'refused') error.message = refusedMessage();
        return { ok: false, error };
      }
    },
  };

  return {
    dispatcher,
    subscribe(emit) {
      const offs = (Object.keys(events) as Array<keyof typeof events>).map((name) =>
        client.subscribe(name, (payload) => {
          // Only events the contract can read reach the renderer.
          const p = events[name].payload.safeParse(payload);
          if (p.success) emit(name, p.data);
        }),
      );
      return () => offs.forEach((off) => off());
    },
    link: () => link,
    onLink(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    close() {
      offState();
      client.close();
      agent?.destroy();
    },
  };
}

/**
 * One connection to a gateway and one app.info over it: reachable, token accepted,
 * certificate as pinned, and which gateway it is. Never retries; closes afterwards.
 */
export async function testGateway(target: Pick<AttachTarget, 'url' | 'wsUrl' | 'fingerprint' | 'token'>, opts: { timeoutMs?: number } = {}): Promise<GatewayTest> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let failure: LinkFailure | null = null;
  let settle!: (r: GatewayTest) => void;
  const result = new Promise<GatewayTest>((r) => (settle = r));
  const agent = agentFor(target);
  const fail = (f: LinkFailure) =>
    settle({ ok: false, code: f.code, message: f.message, latencyMs: null, presentedFingerprint: f.presented, gateway: null });
  const client = createWsClient({
    url: target.wsUrl,
    token: target.token,
    WebSocketImpl: nodeWebSocket({
      agent,
      where: where(target.url),
      handshakeTimeoutMs: timeoutMs,
      onFailure: (f) => {
        failure = f;
        fail(f);
      },
    }),
    checkToken: async () => (failure?.code === 'refused' ? 'refused' : 'unreachable'),
    // One attempt: the first failure answers.
    backoff: { initialMs: timeoutMs * 10, maxMs: timeoutMs * 10 },
    callTimeoutMs: timeoutMs,
  });
  const started = performance.now();
  let presented: string | null = null;
  const timer = setTimeout(() => fail({ code: 'unreachable', message: `the gateway at ${where(target.url)} did not answer within ${Math.round(timeoutMs / 1000)} s`, presented: null }), timeoutMs);
  client
    .call('app.info', {})
    .then((raw) => {
      // The fingerprint the server showed, also when all went well (for the operator to compare).
      presented = agent?.lastPresented ?? null;
      const read = methods['app.info'].output.safeParse(raw);
      if (!read.success) {
        return settle({ ok: false, code: 'invalid', message: `${where(target.url)} answered app.info with data this app cannot read: is it an Argus gateway of the same version?`, latencyMs: null, presentedFingerprint: presented, gateway: null });
      }
      const info = read.data;
      // What the gateway says of itself is shown in Settings: one line each, no control or bidi characters.
      const version = cleanLine(String(info.version)).slice(0, 100);
      const host = cleanLine(String(info.host)).slice(0, 100);
      const dataDir = cleanLine(String(info.dataDir)).slice(0, 1000);
      settle({
        ok: true,
        code: 'ok',
        message: `${where(target.url)} answered: Argus gateway ${version} (${host === 'web' ? 'headless' : host}${info.demo ? ', demo with built-in simulators' : ''}), data directory ${dataDir}${target.fingerprint ? ', certificate as pinned' : ''}`,
        latencyMs: Math.round(performance.now() - started),
        presentedFingerprint: presented,
        gateway: { version, host, demo: info.demo === true, dataDir },
      });
    })
    .catch((e: unknown) => {
      if (failure) return fail(failure);
      fail({ code: 'unreachable', message: (e as Error).message, presented: null });
    });
  try {
    return await result;
  } finally {
    clearTimeout(timer);
    client.close();
    agent?.destroy();
  }
}
