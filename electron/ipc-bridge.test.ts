import type { IpcMainInvokeEvent } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcChannel, IPC_EVENT_CHANNEL, methods } from '../core/contract/index.ts';
import { openTestConsole, type TestConsole } from '../server/testing/console.ts';
import { pushEventsTo, registerIpcBridge, type IpcMainLike } from './ipc-bridge.ts';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

let api: TestConsole | null = null;

afterEach(async () => {
  await api?.close();
  api = null;
});

/** The bridge over the console of a real gateway (plan 1 awaits approval). */
async function setup() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, fn) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  const trusted = { senderFrame: { url: 'app://console/index.html' } } as unknown as IpcMainInvokeEvent;
  const stranger = { senderFrame: { url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;
  const logs: string[] = [];
  api = await openTestConsole();
  const bridge = registerIpcBridge({
    ipcMain,
    dispatcher: api.dispatcher,
    isTrustedSender: (e) => e === trusted,
    actor: 'tester (desktop)',
    log: (l) => logs.push(l),
  });
  const invoke = (method: string, input: unknown, event = trusted) => {
    const h = handlers.get(ipcChannel(method));
    if (!h) throw new Error(`no handler for ${method}`);
    return h(event, input) as Promise<unknown>;
  };
  return { handlers, bridge, invoke, logs, stranger, gateway: api.gateway };
}

describe('IPC bridge', () => {
  it('registers exactly one handler per contract method, generated from the contract', async () => {
    const { handlers } = await setup();
    expect([...handlers.keys()].sort()).toEqual(Object.keys(methods).map(ipcChannel).sort());
  });

  it('round-trips a call through the dispatcher', async () => {
    const { invoke } = await setup();
    expect(await invoke('plans.get', { planId: 1 })).toMatchObject({ ok: true, result: { id: 1, status: 'awaiting_approval' } });
    expect(await invoke('plans.get', { planId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a frame that is not the console window, and logs it', async () => {
    const { invoke, stranger, logs, gateway } = await setup();
    expect(await invoke('plans.approve', { planId: 1, by: 'x' }, stranger)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(gateway.sync.getPlan(1).status).toBe('awaiting_approval');
    expect(logs[0]).toContain('https://evil.example/');
  });

  it('refuses oversize and non-JSON payloads before the dispatcher sees them', async () => {
    const { invoke } = await setup();
    const big = await invoke('plans.exclude', { planId: 1, excluded: true, externalIds: ['x'.repeat(1_100_000)] });
    expect(big).toMatchObject({ ok: false, error: { code: 'bad_frame' } });
    expect((big as { error: { message: string } }).error.message).toMatch(/limit is 1048576/);
    expect(await invoke('plans.get', { planId: 10n })).toMatchObject({ ok: false, error: { code: 'bad_frame' } });
  });

  it('after stop answers "shutting down", drains what runs, and disposes its handlers', async () => {
    const { invoke, bridge, handlers, gateway } = await setup();
    gateway.sync.approve(1, { by: 'Анна Петрова' });
    // Applied through the queue: in flight while the bridge stops.
    const running = invoke('plans.apply', { planId: 1 });
    bridge.stop();
    expect(await invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'shutting_down', kind: 'retryable' } });
    expect(await bridge.drain(5000)).toBe(true);
    expect(await running).toMatchObject({ ok: true, result: { planId: 1 } });
    bridge.dispose();
    expect(handlers.size).toBe(0);
  });

  it('pushes events to the current window and skips a destroyed one', () => {
    const sent: unknown[][] = [];
    let destroyed = false;
    const target = { isDestroyed: () => destroyed, send: (...a: unknown[]) => sent.push(a) };
    const push = pushEventsTo(() => target);
    push('plan.changed', { planId: 1, status: 'applied' });
    destroyed = true;
    push('plan.changed', { planId: 2, status: 'applied' });
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, 'plan.changed', { planId: 1, status: 'applied' }]]);
    expect(() => pushEventsTo(() => null)('plan.changed', {})).not.toThrow();
  });
});
