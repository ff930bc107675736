/**
 * The renderer's WebSocket transport against the real headless host over
 * real sockets (Node's global WebSocket and fetch stand in for the browser's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../core/contract/index.ts';
import { createWsClient } from '../renderer/src/client/ws.ts';
import { isContractCallError, type ConnectionState, type ConsoleClient } from '../renderer/src/client/types.ts';
import { listenConsoleServer, type ConsoleServer } from './http.ts';
import { holdCalls, openTestConsole, TEST_VERSION, type HeldCalls, type TestConsole } from './testing/console.ts';

const dir = mkdtempSync(join(tmpdir(), 'argus-client-'));
let servers: ConsoleServer[] = [];
let clients: ConsoleClient[] = [];
let consoles: TestConsole[] = [];
let holds: HeldCalls[] = [];

/**
 * The host over a real gateway; a restart passes the same `api` again. `hold`
 * keeps calls of one method in flight until released.
 */
async function start(opts: { port?: number; token?: string; api?: TestConsole; hold?: string } = {}) {
  const api = opts.api ?? (await openTestConsole());
  if (!opts.api) consoles.push(api);
  const held = opts.hold ? holdCalls(api.dispatcher, opts.hold) : null;
  if (held) holds.push(held);
  const server = await listenConsoleServer({
    dispatcher: held?.dispatcher ?? api.dispatcher,
    health: () => api.gateway.health(),
    subscribe: api.subscribe,
    staticDir: dir,
    actor: 'tester (web)',
    log: () => {},
    port: opts.port,
    token: opts.token,
  });
  servers.push(server);
  return { server, api, held };
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
  holds.forEach((h) => h.release());
  await Promise.all(servers.map((s) => s.close(1000)));
  await Promise.all(consoles.map((c) => c.close()));
  clients = [];
  servers = [];
  consoles = [];
  holds = [];
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
    expect(err).toMatchObject({ code: 'plan_not_found', kind: 'permanent', method: 'plans.get', message: 'plan 42 does not exist' });
  });

  it('delivers subscribed events and stops after unsubscribe', async () => {
    const { server, api } = await start();
    api.gateway.sync.approve(1, { by: 'Анна Петрова' });
    const c = client(server);
    const progress: EventPayload<'plan.applyProgress'>[] = [];
    const off = c.subscribe('plan.applyProgress', (p) => progress.push(p));
    const changed: EventPayload<'plan.changed'>[] = [];
    c.subscribe('plan.changed', (p) => changed.push(p));
    await c.call('plans.apply', { planId: 1 });
    // One batch holds every item of this small plan.
    const items = api.plan.counts.create + api.plan.counts.update + api.plan.counts.deactivate;
    expect(progress).toEqual([{ planId: 1, done: items, total: items }]);
    expect(changed).toEqual([
      { planId: 1, status: 'applying' },
      { planId: 1, status: 'applied' },
    ]);
    off();
    await c.call('plans.apply', { planId: 1 });
    expect(progress).toHaveLength(1);
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
    const { server, api } = await start();
    const { port, token } = server;
    await server.close(0);
    const c = client(server);
    await waitForState(c, 'reconnecting');
    const pending = c.call('app.info', {});
    await start({ port, token, api });
    await waitForState(c, 'open');
    expect((await pending).version).toBe(TEST_VERSION);
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
    await start({ port, token, api: first.api });
    await waitForState(c, 'open');
    expect((await pending).total).toBe(1);
  });

  it('fails an in-flight command as "unknown outcome" when the connection drops', async () => {
    const { server, held } = await start({ hold: 'plans.apply' });
    const c = client(server);
    await c.call('app.info', {});
    const applying = c.call('plans.apply', { planId: 1 }).catch((e: unknown) => e);
    await held!.entered;
    // Drop every connection without waiting for the call.
    await server.close(0);
    const err = await applying;
    expect(err).toMatchObject({ code: 'disconnected', kind: 'unknown_outcome' });
    expect((err as Error).message).toContain('may or may not have done "plans.apply"');
  });
});
