/**
 * One WebSocket connection to `/ws/agent-status` (ws): the bearer token on the
 * upgrade, every text frame parsed and validated, a frame that does not parse
 * reported (never fatal), and a watchdog that terminates the socket when no
 * frame at all (status or heartbeat) came for `heartbeatTimeoutMs`. It ends
 * exactly once, with why; reconnecting is the listener's business.
 */
import WebSocket from 'ws';
import type { Clock } from '../time/clock.ts';
import { cleanLine } from '../text/clean.ts';
import { frameSample, parseFrame, type Frame } from './frames.ts';

export type SocketEnd =
  | { cause: 'closed'; code: number; reason: string }
  /** The upgrade got an HTTP answer instead of a socket (401: token refused). */
  | { cause: 'refused'; status: number }
  | { cause: 'heartbeat'; silentMs: number }
  | { cause: 'error'; message: string }
  /** Terminated by the listener: stopping, the endpoint changed, a resync that never came. */
  | { cause: 'terminated'; why: string };

export interface SocketEvents {
  open(): void;
  frame(f: Frame): void;
  badFrame(sample: string, why: string): void;
}

export interface SocketOptions {
  url: string;
  token: string;
  heartbeatTimeoutMs: number;
  clock: Clock;
  handshakeTimeoutMs?: number;
  maxPayloadBytes?: number;
}

export class MceSocket {
  /** Resolves once, when the connection is over. */
  readonly ended: Promise<SocketEnd>;
  lastFrameAt: number;
  private readonly ws: WebSocket;
  private readonly opts: SocketOptions;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private end!: (e: SocketEnd) => void;
  private done = false;
  private pendingEnd: SocketEnd | null = null;

  constructor(opts: SocketOptions, events: SocketEvents) {
    this.opts = opts;
    this.lastFrameAt = opts.clock.now();
    this.ended = new Promise((resolve) => {
      this.end = resolve;
    });
    this.ws = new WebSocket(opts.url, {
      headers: { Authorization: `Bearer ${opts.token}` },
      perMessageDeflate: false,
      handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000,
      // 20 000 agents are about 5 MB; a hostile frame of tiny JSON values costs several times its size in heap.
      maxPayload: opts.maxPayloadBytes ?? 32 * 1024 * 1024,
    });
    this.ws.on('unexpected-response', (_req, res) => {
      res.resume();
      this.finish({ cause: 'refused', status: res.statusCode ?? 0 });
      this.ws.terminate();
    });
    this.ws.on('open', () => {
      this.lastFrameAt = opts.clock.now();
      // Checked a few times per timeout: cheaper than re-arming a timer on every frame.
      const every = Math.max(50, Math.min(5_000, Math.floor(opts.heartbeatTimeoutMs / 4)));
      this.watchdog = setInterval(() => this.checkAlive(), every);
      this.watchdog.unref?.();
      events.open();
    });
    this.ws.on('message', (data, isBinary) => {
      this.lastFrameAt = opts.clock.now();
      if (this.done) return;
      const text = isBinary ? null : data.toString();
      if (text === null) {
        events.badFrame(`${(data as Buffer).length} bytes of binary`, 'a binary frame (the protocol sends JSON text)');
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        events.badFrame(frameSample(text), 'not JSON');
        return;
      }
      const r = parseFrame(json);
      if (!r.ok) {
        events.badFrame(frameSample(text), r.why);
        return;
      }
      events.frame(r.frame);
    });
    this.ws.on('error', (e) => {
      // 'close' follows; keep the first reason.
      this.pendingEnd ??= { cause: 'error', message: cleanLine(e.message) };
    });
    this.ws.on('close', (code, reason) => {
      // The reason is MCE's text: it reaches the log, Health and the terminal, so it is cleaned like every frame.
      this.finish(this.pendingEnd && code === 1006 ? this.pendingEnd : { cause: 'closed', code, reason: cleanLine(reason.toString().slice(0, 200)) });
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** Drops the connection now (no close handshake to wait for). */
  terminate(why: string): void {
    this.finish({ cause: 'terminated', why });
    this.ws.terminate();
  }

  private checkAlive(): void {
    const silent = this.opts.clock.now() - this.lastFrameAt;
    if (silent <= this.opts.heartbeatTimeoutMs) return;
    this.finish({ cause: 'heartbeat', silentMs: silent });
    this.ws.terminate();
  }

  private finish(e: SocketEnd): void {
    if (this.done) return;
    this.done = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    this.end(e);
  }
}
