/** One socket over a real loopback server: the token on the upgrade, bad frames skipped, the watchdog, refusals. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock } from '../time/clock.ts';
import type { Frame } from './frames.ts';
import { MceSocket } from './socket.ts';

let server: Server | null = null;
let wss: WebSocketServer | null = null;

afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  wss?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
  wss = null;
});

/** A server that checks the bearer token and hands each socket to `onSocket`. */
async function serve(onSocket: (ws: WebSocket) => void, refuse?: number): Promise<string> {
  server = createServer();
  wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, sock, head) => {
    if (refuse || req.headers.authorization !== 'Bearer good') {
      sock.end(`HTTP/1.1 ${refuse ?? 401} Unauthorized\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss!.handleUpgrade(req, sock, head, (ws) => onSocket(ws));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws/agent-status`;
}

function open(url: string, token: string, heartbeatTimeoutMs = 60_000) {
  const frames: Frame[] = [];
  const bad: Array<[string, string]> = [];
  const s = new MceSocket({ url, token, heartbeatTimeoutMs, clock: systemClock }, { open: () => undefined, frame: (f) => frames.push(f), badFrame: (sample, why) => bad.push([sample, why]) });
  return { s, frames, bad };
}

describe('MceSocket', () => {
  it('sends the bearer token, passes valid frames and skips the rest without closing', async () => {
    const url = await serve((ws) => {
      ws.send('{"type":"snapshot","seq":3,"agents":[]}');
      ws.send('not json at all');
      ws.send('{"type":"party","seq":4}');
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      ws.send('{"type":"status","seq":4,"agentId":"a1","state":"talking","reason":null,"since":"2026-12-06T10:00:00Z"}');
      ws.close(1000, 'bye');
    });
    const { s, frames, bad } = open(url, 'good');
    expect(await s.ended).toEqual({ cause: 'closed', code: 1000, reason: 'bye' });
    expect(frames.map((f) => f.type)).toEqual(['snapshot', 'status']);
    expect(bad.map(([, why]) => why)).toEqual(['not JSON', expect.stringMatching(/^type: /), 'a binary frame (the protocol sends JSON text)']);
    expect(bad[0]![0]).toBe('15 bytes: not json at all');
  });

  it('reports an upgrade answered with 401 as refused (the token is the problem)', async () => {
    const url = await serve(() => undefined);
    const { s } = open(url, 'expired');
    expect(await s.ended).toEqual({ cause: 'refused', status: 401 });
  });

  it('terminates a socket that stays silent for the heartbeat timeout', async () => {
    const url = await serve(() => undefined);
    const t0 = Date.now();
    const { s } = open(url, 'good', 300);
    const end = await s.ended;
    expect(end.cause).toBe('heartbeat');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('keeps a socket alive while heartbeats come', async () => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const url = await serve((ws) => {
      timer = setInterval(() => ws.send('{"type":"heartbeat","seq":0,"ts":"2026-12-06T10:00:00Z"}'), 50);
      setTimeout(() => ws.close(1000), 900);
    });
    const { s, frames } = open(url, 'good', 300);
    const end = await s.ended;
    clearInterval(timer);
    expect(end).toMatchObject({ cause: 'closed', code: 1000 });
    expect(frames.length).toBeGreaterThan(5);
  });

  it('cleans the close reason MCE sends before anyone sees it', async () => {
    const url = await serve((ws) => ws.close(4000, 'bye\u001b]0;pwned\u0007\u001b[2J\r!'));
    const { s } = open(url, 'good');
    expect(await s.ended).toEqual({ cause: 'closed', code: 4000, reason: 'bye!' });
  });

  it('ends once, with the first reason, when terminated by the listener', async () => {
    const url = await serve((ws) => ws.send('{"type":"heartbeat","seq":0}'));
    const { s, frames } = open(url, 'good');
    while (frames.length === 0) await new Promise((r) => setTimeout(r, 10));
    s.terminate('the gateway is stopping');
    expect(await s.ended).toEqual({ cause: 'terminated', why: 'the gateway is stopping' });
  });
});
