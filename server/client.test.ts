/**
 * The renderer's WebSocket transport against the real headless host over
 * real sockets (Node's global WebSocket and fetch stand in for the browser's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { contract, type EventPayload } from '../core/contract/index.ts';
import { createDispatcher } from '../core/api/dispatcher.ts';
import { forwardEvents, type EventSource } from '../core/api/events.ts';
import { createHandlers } from '../core/api/handlers.ts';
import { createWsClient } from '../renderer/src/client/ws.ts';
import { isContractCallError, type ConnectionState, type ConsoleClient } from '../renderer/src/client/types.ts';
import { listenConsoleServer, type ConsoleServer } from './http.ts';
import { createMemoryBackend } from '../core/api/testing/memory-backend.ts';

const dir = mkdtempSync(join(tmpdir(), 'argus-client-'));
let servers: ConsoleServer[] = [];
let clients: ConsoleClient[] = [];

async function start(opts: { port?: number; token?: string; slowApplyMs?: number } = {}) {
  const mem = createMemoryBackend({ slowApplyMs: opts.slowApplyMs });
  const server = await listenConsoleServer({
    dispatcher: createDispatcher(contract, createHandlers(mem.backend)),
    health: async () => mem.backend.health(),
    subscribe: (emit) => forwardEvents(contract.events, mem.events as unknown as EventSource, emit),
    staticDir: dir,
    actor: 'tester (web)',
    log: () => {},
    port: opts.port,
    token: opts.token,
  });
  servers.push(server);
  return { server, mem };
}

function client(server: ConsoleServer, token = server.token) {
  const c = createWsClient({ url: `ws://127.0.0.1:${server.port}/ws`, token, backoff: { initialMs: 20, maxMs: 100 } });
  clients.push(c);
  return c;
}

function waitForState(c: ConsoleClient, want: ConnectionState): Promise<void> {
  if (c.state === want) return Promise.resolve();
  return new Promise((resolve) => {
    const off = c.onStateChange((s) => {
      if (s === want) {
        off();
        resolve();
      }
    });
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  clients.forEach((c) => c.close());
  await Promise.all(servers.map((s) => s.close(1000)));
  clients = [];
  servers = [];
});

describe('WebSocket client against the headless host', () => {
  it('calls a method and gets the typed result', async () => {
    const { server } = await start();
    const c = client(server);
    const res = await c.call('plans.list', {});
    expect(res.total).toBe(1);
    expect(res.plans[0]!.status).toBe('awaiting_approval');
    expect(c.state).toBe('open');
  });

  it('rejects with the gateway error, code and kind intact', async () => {
    const { server } = await start();
    const c = client(server);
    const err = await c.call('plans.get', { planId: 42 }).catch((e: unknown) => e);
    expect(isContractCallError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'plan_not_found', kind: 'permanent', method: 'plans.get', message: 'sync plan #42 does not exist' });
  });

  it('delivers subscribed events and stops after unsubscribe', async () => {
    const { server } = await start();
    const c = client(server);
    const progress: EventPayload<'plan.applyProgress'>[] = [];
    const off = c.subscribe('plan.applyProgress', (p) => progress.push(p));
    const changed = new Promise<EventPayload<'plan.changed'>>((r) => c.subscribe('plan.changed', r));
    await c.call('plans.apply', { planId: 1 });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3]);
    expect(await changed).toEqual({ planId: 1, status: 'applied' });
    off();
    await c.call('plans.apply', { planId: 1 });
    expect(progress).toHaveLength(3);
  });

  it('goes to "refused" on a wrong token and fails calls with a message saying what to do', async () => {
    const { server } = await start();
    const c = client(server, 'not-the-token');
    await waitForState(c, 'refused');
    const err = await c.call('app.info', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'forbidden', kind: 'permanent' });
    expect((err as Error).message).toContain('Open the URL printed by the server');
  });

  it('reports "reconnecting" while the gateway is not reachable yet, and opens once it is', async () => {
    const { server } = await start();
    const { port, token } = server;
    await server.close(0);
    const c = client(server);
    await waitForState(c, 'reconnecting');
    const pending = c.call('app.info', {});
    await start({ port, token });
    await waitForState(c, 'open');
    expect((await pending).version).toBe('0.0.0-test');
  });

  it('is refused at once without a token', async () => {
    const { server } = await start();
    const c = client(server, '');
    expect(c.state).toBe('refused');
  });

  it('reconnects after the server restarts, sending calls made while it was down', async () => {
    const first = await start();
    const { port, token } = first.server;
    const c = client(first.server);
    await c.call('app.info', {});
    await first.server.close(1000);
    await waitForState(c, 'reconnecting');
    const pending = c.call('plans.list', {});
    await start({ port, token });
    await waitForState(c, 'open');
    expect((await pending).total).toBe(1);
  });

  it('fails an in-flight command as "unknown outcome" when the connection drops', async () => {
    const { server } = await start({ slowApplyMs: 200 });
    const c = client(server);
    await c.call('app.info', {});
    const applying = c.call('plans.apply', { planId: 1 }).catch((e: unknown) => e);
    await new Promise<void>((r) => c.subscribe('plan.applyProgress', () => r()));
    // Drop every connection without waiting for the call.
    await server.close(0);
    const err = await applying;
    expect(err).toMatchObject({ code: 'disconnected', kind: 'unknown_outcome' });
    expect((err as Error).message).toContain('may or may not have done "plans.apply"');
  });
});
