import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenConsoleServer, type ConsoleServer } from './http.ts';
import { openTestConsole, type TestConsole } from './testing/console.ts';

let dir: string;
let server: ConsoleServer | undefined;
let api: TestConsole | undefined;
const sockets: Socket[] = [];
let health: () => Promise<{ status: 'healthy'; checkedAt: string; checks: [] }>;

afterEach(async () => {
  for (const s of sockets) s.destroy();
  await server?.close(0);
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A WebSocket peer that completes the upgrade and then never reads or answers anything (a frozen tab, a dead link). */
function frozenPeer(port: number, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = tcpConnect(port, '127.0.0.1', () => {
      s.write(
        `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    sockets.push(s);
    s.once('data', (d) => (d.toString().startsWith('HTTP/1.1 101') ? resolve(s) : reject(new Error(d.toString()))));
    s.once('error', reject);
  });
}

describe('headless host: draining', () => {
  it('closes within its deadline even when a session never answers the close handshake', async () => {
    dir = mkdtempSync(join(tmpdir(), 'argus-drain-'));
    api = await openTestConsole();
    server = await listenConsoleServer({ dispatcher: api.dispatcher, health: async () => ({ status: 'healthy', checkedAt: '', checks: [] }), subscribe: api.subscribe, staticDir: dir, actor: 't', log: () => {} });
    const peer = await frozenPeer(server.port, server.token);
    peer.pause();
    const t0 = Date.now();
    await server.close(200);
    // ws waits 30 s for the peer's close frame on its own; a drain must not (systemd's stop timeout is 30 s).
    expect(Date.now() - t0).toBeLessThan(5000);
  }, 40_000);

  it('lets an HTTP request in flight (a slow /health) finish before the connections are cut', async () => {
    dir = mkdtempSync(join(tmpdir(), 'argus-drain-'));
    api = await openTestConsole();
    let release!: () => void;
    const entered = new Promise<void>((enter) => {
      const held = new Promise<void>((r) => (release = r));
      health = async () => {
        enter();
        await held;
        return { status: 'healthy', checkedAt: '', checks: [] };
      };
    });
    server = await listenConsoleServer({ dispatcher: api.dispatcher, health: () => health(), subscribe: api.subscribe, staticDir: dir, actor: 't', log: () => {} });
    const answer = fetch(`${server.url}/health`).then((r) => r.status);
    await entered;
    const closing = server.close(5000);
    setTimeout(() => release(), 100);
    expect(await answer).toBe(200);
    const t0 = Date.now();
    await closing;
    // The answered keep-alive connection is closed at once, not held to the deadline.
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
