/**
 * The WebSocket transport of the headless host: one socket, request ids,
 * events pushed; reconnects with backoff and jitter. The token travels as a
 * subprotocol so it never lands in access logs. When a connection fails before
 * opening, an HTTP probe tells a refused token (stop, say so) from a server
 * that is down (keep retrying).
 */
import {
  methods,
  serverFrameSchema,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
  type ContractError,
  type EventName,
  type EventPayload,
  type Input,
  type MethodName,
  type Output,
} from '../../../core/contract/index.ts';
import { EventFanout, StateHolder } from './listeners.ts';
import { ContractCallError, type ConnectionState, type ConsoleClient } from './types.ts';

export type TokenCheck = 'ok' | 'refused' | 'unreachable';

export interface WsClientOptions {
  /** ws://host:port/ws */
  url: string;
  token: string;
  /** Defaults to the global WebSocket (browsers, Node ≥ 22). */
  WebSocketImpl?: typeof WebSocket;
  /** Asks the server whether the token is good; defaults to GET /api/session over HTTP. */
  checkToken?: (token: string) => Promise<TokenCheck>;
  backoff?: { initialMs: number; maxMs: number };
  /** A call with no answer after this long fails (commands: unknown outcome). */
  callTimeoutMs?: number;
  /** Calls waiting for a connection; more are refused at once. */
  maxQueued?: number;
}

interface Pending {
  method: string;
  frame: string;
  sent: boolean;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export function httpSessionUrl(wsUrl: string): string {
  const u = new URL(wsUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  u.pathname = '/api/session';
  u.search = '';
  return u.toString();
}

export function defaultTokenCheck(wsUrl: string): (token: string) => Promise<TokenCheck> {
  return async (token) => {
    try {
      const res = await fetch(httpSessionUrl(wsUrl), { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
      if (res.status === 401 || res.status === 403) return 'refused';
      return res.ok ? 'ok' : 'unreachable';
    } catch {
      return 'unreachable';
    }
  };
}

export function createWsClient(opts: WsClientOptions): ConsoleClient {
  const WS = opts.WebSocketImpl ?? globalThis.WebSocket;
  const checkToken = opts.checkToken ?? defaultTokenCheck(opts.url);
  const backoff = opts.backoff ?? { initialMs: 500, maxMs: 15_000 };
  const callTimeoutMs = opts.callTimeoutMs ?? 5 * 60_000;
  const maxQueued = opts.maxQueued ?? 500;

  const fanout = new EventFanout();
  const state = new StateHolder(opts.token ? 'connecting' : 'refused');
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const fail = (id: number, error: ContractError) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.reject(new ContractCallError(p.method, error));
  };

  /** A call lost with the connection: a query can be repeated, a command's effect is unknown. */
  const lostError = (method: string, why: string): ContractError => {
    const isCommand = (methods as Record<string, { kind: string }>)[method]?.kind === 'command';
    return {
      code: 'disconnected',
      message: isCommand ? `${why}; the gateway may or may not have done "${method}": refresh and check before repeating it` : why,
      kind: isCommand ? 'unknown_outcome' : 'retryable',
    };
  };

  const refusedError: ContractError = {
    code: 'forbidden',
    message: 'the gateway refused this console: its access token is wrong or outdated. Open the URL printed by the server when it started.',
    kind: 'permanent',
  };

  const flush = () => {
    if (!socket || socket.readyState !== WS.OPEN) return;
    for (const p of pending.values()) {
      if (!p.sent) {
        socket.send(p.frame);
        p.sent = true;
      }
    }
  };

  const onFrame = (data: unknown) => {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      console.warn('dropped a frame that is not JSON');
      return;
    }
    const frame = serverFrameSchema.safeParse(json);
    if (!frame.success) {
      console.warn(`dropped a malformed frame: ${frame.error.message}`);
      return;
    }
    const f = frame.data;
    if ('event' in f) {
      fanout.emit(f.event, f.payload);
      return;
    }
    if (typeof f.id !== 'number') return;
    const p = pending.get(f.id);
    if (!p) return;
    pending.delete(f.id);
    clearTimeout(p.timer);
    if (f.ok) p.resolve(f.result);
    else p.reject(new ContractCallError(p.method, f.error));
  };

  const scheduleReconnect = () => {
    const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
    attempt++;
    // Full jitter keeps several consoles from reconnecting in lockstep after a restart.
    const delay = base / 2 + Math.random() * (base / 2);
    retryTimer = setTimeout(connect, delay);
  };

  const refuse = () => {
    state.set('refused');
    for (const id of [...pending.keys()]) fail(id, refusedError);
  };

  function connect(): void {
    retryTimer = null;
    if (state.current === 'closed' || state.current === 'refused') return;
    let opened = false;
    const ws = new WS(opts.url, [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${opts.token}`]);
    socket = ws;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      state.set('open');
      flush();
    };
    ws.onmessage = (ev) => onFrame(ev.data);
    ws.onerror = () => {
      /* onclose follows and decides */
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (state.current === 'closed') return;
      for (const [id, p] of [...pending]) if (p.sent) fail(id, lostError(p.method, 'the connection to the gateway was lost'));
      if (opened) {
        state.set('reconnecting');
        scheduleReconnect();
        return;
      }
      void checkToken(opts.token).then((verdict) => {
        if (state.current === 'closed') return;
        if (verdict === 'refused') return refuse();
        // Not reachable yet: say so (the console shows offline) and keep trying.
        state.set('reconnecting');
        scheduleReconnect();
      });
    };
  }

  if (state.current === 'connecting') connect();

  return {
    transport: 'websocket',
    call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      return new Promise<Output<M>>((resolve, reject) => {
        if (state.current === 'refused') return reject(new ContractCallError(method, refusedError));
        if (state.current === 'closed') return reject(new ContractCallError(method, { code: 'disconnected', message: 'the console client is closed', kind: 'permanent' }));
        const queued = [...pending.values()].filter((p) => !p.sent).length;
        if (queued >= maxQueued) {
          return reject(new ContractCallError(method, { code: 'disconnected', message: 'the gateway is unreachable and too many requests are waiting; try again when it is back', kind: 'retryable' }));
        }
        const id = nextId++;
        const timer = setTimeout(() => fail(id, { ...lostError(method, `the gateway did not answer "${method}" within ${Math.round(callTimeoutMs / 1000)} s`), code: 'timeout' }), callTimeoutMs);
        pending.set(id, {
          method,
          frame: JSON.stringify({ id, method, input: input ?? {} }),
          sent: false,
          resolve: resolve as (v: unknown) => void,
          reject,
          timer,
        });
        flush();
      });
    },
    subscribe<E extends EventName>(event: E, fn: (payload: EventPayload<E>) => void) {
      return fanout.add(event, fn);
    },
    get state(): ConnectionState {
      return state.current;
    },
    onStateChange: (fn) => state.on(fn),
    close() {
      state.set('closed');
      if (retryTimer) clearTimeout(retryTimer);
      for (const id of [...pending.keys()]) fail(id, { code: 'disconnected', message: 'the console client is closed', kind: 'permanent' });
      socket?.close(1000, 'client closed');
      socket = null;
    },
  };
}
