/**
 * The contract over WebSocket at /ws. Generic: every frame goes to the
 * dispatcher, every contract event to every session. On upgrade the Host name
 * (421), the token (401) and the Origin (403) are checked, refusals reported to
 * the host's rate-limited log; frames are validated; oversize frames close the socket.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_REQUEST_BYTES, requestFrameSchema, WS_PATH, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, type ContractError } from '../core/contract/index.ts';
import type { Dispatcher } from '../core/api/dispatcher.ts';
import { originAllowed, remoteOf, tokenFromRequest, tokenMatches } from './auth.ts';
import { cleanForLog } from './refusal-log.ts';

export interface WsBridgeOptions {
  server: Server;
  dispatcher: Dispatcher;
  token: string;
  actor: string;
  log: (line: string) => void;
  /** True when the request's Host names this host; absent: every name is accepted. */
  hostAllowed?: (req: IncomingMessage) => boolean;
  /** Told of each refused upgrade (default: a log line each). */
  refused?: (req: IncomingMessage, what: string, reason: string) => void;
  maxPayloadBytes?: number;
  /** Requests one session may have in flight; more are answered "busy". */
  maxInFlight?: number;
  /** A session this far behind on reading events is dropped (it reconnects and refetches). */
  maxBufferedBytes?: number;
  heartbeatMs?: number;
}

export interface WsBridge {
  broadcast(event: string, payload: unknown): void;
  readonly sessions: number;
  /** Stops accepting, waits for in-flight calls up to the deadline, closes every session. */
  close(deadlineMs?: number): Promise<void>;
}

/** How long a session gets to answer the close frame at shutdown before it is cut. */
const CLOSE_HANDSHAKE_MS = 1000;

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length + 1}\r\n\r\n${reason}\n`);
  socket.destroy();
}

export function attachWsBridge(opts: WsBridgeOptions): WsBridge {
  const maxInFlight = opts.maxInFlight ?? 64;
  const maxBuffered = opts.maxBufferedBytes ?? 16 * 1024 * 1024;
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxPayloadBytes ?? MAX_REQUEST_BYTES,
    // A browser that offered subprotocols needs one chosen back; never echo the token one if avoidable.
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : ([...protocols].find((p) => !p.startsWith(WS_TOKEN_PROTOCOL_PREFIX)) ?? false)),
  });

  const refused = opts.refused ?? ((req: IncomingMessage, what: string, reason: string) => opts.log(`refused ${what} from ${remoteOf(req)}: ${reason}`));
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Before anything else: a rebound DNS name learns nothing, not even which paths exist.
    if (opts.hostAllowed && !opts.hostAllowed(req)) {
      refused(req, 'a console connection', `unknown host name "${cleanForLog(String(req.headers.host ?? ''))}"`);
      return refuse(socket, 421, 'Misdirected Request');
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== WS_PATH) return refuse(socket, 404, 'Not Found');
    if (closing) return refuse(socket, 503, 'Service Unavailable');
    const token = tokenFromRequest(req);
    if (!tokenMatches(opts.token, token)) {
      refused(req, 'a console connection', `${token ? 'wrong' : 'missing'} token`);
      return refuse(socket, 401, 'Unauthorized');
    }
    if (!originAllowed(req)) {
      refused(req, 'a console connection', `foreign origin ${cleanForLog(String(req.headers.origin))}`);
      return refuse(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  opts.server.on('upgrade', onUpgrade);

  const send = (ws: WebSocket, frame: unknown) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(frame));
  };
  const sendError = (ws: WebSocket, id: string | number | null, error: ContractError) => send(ws, { id, ok: false, error });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const who = remoteOf(req);
    let busy = 0;
    let alive = true;
    ws.on('pong', () => (alive = true));
    const beat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, opts.heartbeatMs ?? 30_000);
    ws.on('close', () => clearInterval(beat));
    ws.on('error', (e) => opts.log(`console session ${who}: ${e.message}`));

    ws.on('message', (data, isBinary) => {
      if (isBinary) return sendError(ws, null, { code: 'bad_frame', message: 'binary frames are not accepted: send JSON text', kind: 'permanent' });
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        return sendError(ws, null, { code: 'bad_frame', message: 'a frame is not JSON', kind: 'permanent' });
      }
      const frame = requestFrameSchema.safeParse(json);
      if (!frame.success) {
        const id = typeof (json as { id?: unknown })?.id === 'number' || typeof (json as { id?: unknown })?.id === 'string' ? ((json as { id: string | number }).id) : null;
        return sendError(ws, typeof id === 'string' && id.length > 64 ? null : id, {
          code: 'bad_frame',
          message: 'a request frame is {id, method, input}: ' + frame.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; '),
          kind: 'permanent',
        });
      }
      const { id, method, input } = frame.data;
      if (closing) return sendError(ws, id, { code: 'shutting_down', message: 'the gateway is shutting down', kind: 'retryable' });
      if (busy >= maxInFlight) return sendError(ws, id, { code: 'busy', message: `more than ${maxInFlight} requests in flight on one connection`, kind: 'retryable' });
      busy++;
      const p = opts.dispatcher
        .dispatch(method, input, { actor: opts.actor })
        .then((res) => send(ws, { id, ...res }))
        .catch((e: unknown) => opts.log(`console session ${who}: could not answer ${method}: ${String(e)}`))
        .finally(() => {
          busy--;
          inFlight.delete(p);
        });
      inFlight.add(p);
    });
  });

  return {
    broadcast(event, payload) {
      const text = JSON.stringify({ event, payload });
      for (const ws of wss.clients) {
        if (ws.readyState !== ws.OPEN) continue;
        if (ws.bufferedAmount > maxBuffered) {
          opts.log('dropped a console session that stopped reading events; it will reconnect and refresh');
          ws.terminate();
          continue;
        }
        ws.send(text);
      }
    },
    get sessions() {
      return wss.clients.size;
    },
    async close(deadlineMs = 10_000) {
      closing = true;
      opts.server.off('upgrade', onUpgrade);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (timer = setTimeout(r, deadlineMs)))]);
      clearTimeout(timer);
      for (const ws of wss.clients) ws.close(1001, 'gateway shutting down');
      // ws waits 30 s for each peer's close frame; a frozen peer must not hold the stop past systemd's timeout.
      const closed = new Promise<void>((r) => wss.close(() => r()));
      await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, CLOSE_HANDSHAKE_MS)))]);
      clearTimeout(timer);
      for (const ws of wss.clients) ws.terminate();
      await closed;
    },
  };
}
