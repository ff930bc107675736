/**
 * A small `ws` client for the simulator's tests and benchmarks: records every
 * frame, waits for the next one that matches, and mirrors agent state the way
 * a client of PROTOCOLS.md §2 would (snapshot, then statuses in seq order).
 */
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';

export interface Frame {
  type: string;
  seq?: number;
  [k: string]: unknown;
}

export const basic = (user = 'mce', password = 'mce') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export async function getToken(baseUrl: string, user = 'mce', password = 'mce'): Promise<string> {
  const r = await fetch(`${baseUrl}/auth/mce/token`, { method: 'POST', headers: { authorization: basic(user, password) } });
  if (r.status !== 200) throw new Error(`token endpoint answered ${r.status}`);
  return ((await r.json()) as { access_token: string }).access_token;
}

/** The status of a refused upgrade, or 101 when it was accepted (the socket is closed again). */
export function upgradeStatus(wsUrl: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers, perMessageDeflate: false });
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        ws.terminate();
      });
    });
    ws.on('open', () => {
      resolve({ status: 101, body: '' });
      ws.terminate();
    });
    ws.on('error', (e) => reject(e));
  });
}

export class TestSocket {
  readonly frames: Frame[] = [];
  /** Raw text of every frame, parsed or not. */
  readonly raw: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private waiters: Array<() => void> = [];

  readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        this.frames.push({ type: '(not json)', text });
      }
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      }),
    );
    ws.on('error', () => undefined);
  }

  static open(wsUrl: string, token?: string, via: 'header' | 'query' = 'header'): Promise<TestSocket> {
    const url = token && via === 'query' ? `${wsUrl}?token=${encodeURIComponent(token)}` : wsUrl;
    const headers: Record<string, string> = token && via === 'header' ? { authorization: `Bearer ${token}` } : {};
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    const s = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(s));
      ws.once('unexpected-response', (_req, res: IncomingMessage) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The next frame after the last one returned that matches, waiting up to timeoutMs. */
  async next(match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const f = this.frames[this.cursor++]!;
        if (match(f)) return f;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('socket closed while waiting for a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms (${this.frames.length} frames so far)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits until `n` frames have arrived in all. */
  async waitFrames(n: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length < n) {
      if (Date.now() > deadline) throw new Error(`only ${this.frames.length} of ${n} frames within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  send(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  close(): void {
    this.ws.terminate();
  }
}

export interface MirroredAgent {
  agentId: string;
  state: string;
  reason: string | null;
  since: string;
}

/** What a client holds after a snapshot and the statuses that follow it, in seq order. */
export class Mirror {
  seq = -1;
  readonly agents = new Map<string, MirroredAgent>();
  gaps = 0;

  apply(f: Frame): void {
    if (f.type === 'snapshot') {
      this.agents.clear();
      for (const a of f.agents as MirroredAgent[]) this.agents.set(a.agentId, { agentId: a.agentId, state: a.state, reason: a.reason, since: a.since });
      this.seq = f.seq!;
    } else if (f.type === 'status' && typeof f.agentId === 'string' && typeof f.seq === 'number' && f.seq > this.seq) {
      if (f.seq !== this.seq + 1) this.gaps++;
      this.seq = f.seq;
      this.agents.set(f.agentId, { agentId: f.agentId, state: f.state as string, reason: f.reason as string | null, since: f.since as string });
    }
  }
}
