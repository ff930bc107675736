import { describe, expect, it, vi } from 'vitest';
import type { DispatchResult, GatewayBridge } from '../../../core/contract/index.ts';
import { createIpcClient } from './ipc.ts';

function fakeBridge(answer: (method: string, input: unknown) => DispatchResult) {
  let listener: ((event: string, payload: unknown) => void) | null = null;
  const bridge: GatewayBridge = {
    call: vi.fn(async (m: string, i: unknown) => answer(m, i)),
    onEvent: (fn) => {
      listener = fn;
      return () => (listener = null);
    },
  };
  return { bridge, push: (e: string, p: unknown) => listener?.(e, p) };
}

describe('IPC client', () => {
  it('returns results and turns error answers into ContractCallError', async () => {
    const { bridge } = fakeBridge((m) =>
      m === 'app.info'
        ? { ok: true, result: { version: '1' } }
        : { ok: false, error: { code: 'plan_not_found', message: 'sync plan #5 does not exist', kind: 'permanent' } },
    );
    const c = createIpcClient(bridge);
    expect(c.transport).toBe('ipc');
    expect(await c.call('app.info', {})).toEqual({ version: '1' });
    await expect(c.call('plans.get', { planId: 5 })).rejects.toMatchObject({ name: 'ContractCallError', code: 'plan_not_found', method: 'plans.get' });
    expect(bridge.call).toHaveBeenCalledWith('plans.get', { planId: 5 });
  });

  it('delivers valid events, drops malformed ones, and stops on close', async () => {
    const { bridge, push } = fakeBridge(() => ({ ok: true, result: null }));
    const c = createIpcClient(bridge);
    const seen: unknown[] = [];
    c.subscribe('plan.changed', (p) => seen.push(p));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    push('plan.changed', { planId: 1, status: 'approved' });
    push('plan.changed', { planId: 'x' });
    push('no.such', {});
    expect(seen).toEqual([{ planId: 1, status: 'approved' }]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    c.close();
    push('plan.changed', { planId: 2, status: 'approved' });
    expect(seen).toHaveLength(1);
    expect(c.state).toBe('closed');
    await expect(c.call('app.info', {})).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('reaches the desktop main process, and follows the link to an attached gateway as its connection state', async () => {
    const link = { state: 'reconnecting', url: 'https://gw:8787', reason: 'nothing listens there', since: null };
    const { bridge, push } = fakeBridge((m, i) => (m === 'desktop.link' ? { ok: true, result: link } : m === 'desktop.setLanguage' ? { ok: true, result: i } : { ok: false, error: { code: 'unknown_method', message: 'x', kind: 'permanent' } }));
    const c = createIpcClient(bridge);
    await vi.waitFor(() => expect(c.state).toBe('reconnecting'));
    const states: string[] = [];
    c.onStateChange((s) => states.push(s));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    push('desktop.link', { ...link, state: 'open', reason: null });
    push('desktop.link', { ...link, state: 'refused' });
    push('desktop.link', { state: 'bogus' });
    expect(states).toEqual(['open', 'refused']);
    expect(warn).toHaveBeenCalledOnce();
    expect(await c.desktop!.call('desktop.setLanguage', { language: 'ru' })).toEqual({ language: 'ru' });

    // Desktop events go to the desktop's listeners only.
    const navigations: unknown[] = [];
    const gatewayEvents: unknown[] = [];
    c.desktop!.subscribe('desktop.navigate', (p) => navigations.push(p));
    c.subscribe('plan.changed', (p) => gatewayEvents.push(p));
    push('desktop.navigate', { to: '#/plans/3' });
    push('desktop.navigate', { to: 'https://evil.example/' });
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
    expect(navigations).toEqual([{ to: '#/plans/3' }]);
    expect(gatewayEvents).toEqual([]);
  });

  it('stays open with the local engine, and when the main process knows no link', async () => {
    const local = createIpcClient(fakeBridge((m) => (m === 'desktop.link' ? { ok: true, result: { state: 'local', url: null, reason: null, since: null } } : { ok: true, result: null })).bridge);
    const older = createIpcClient(fakeBridge(() => ({ ok: false, error: { code: 'unknown_method', message: 'x', kind: 'permanent' } })).bridge);
    await new Promise((r) => setTimeout(r, 0));
    expect(local.state).toBe('open');
    expect(older.state).toBe('open');
  });
});
