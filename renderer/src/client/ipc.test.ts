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
});
