/** The Electron transport: `window.gateway`, exposed by electron/preload.ts. */
import type { EventName, EventPayload, Input, MethodName, Output } from '../../../core/contract/index.ts';
import type { GatewayBridge } from '../../../core/contract/index.ts';
import { EventFanout, StateHolder } from './listeners.ts';
import { ContractCallError, type ConnectionState, type ConsoleClient } from './types.ts';

export function createIpcClient(bridge: GatewayBridge): ConsoleClient {
  const fanout = new EventFanout();
  const state = new StateHolder('open');
  const off = bridge.onEvent((event, payload) => fanout.emit(event, payload));

  return {
    transport: 'ipc',
    async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      if (state.current === 'closed') throw new ContractCallError(method, { code: 'disconnected', message: 'the console client is closed', kind: 'permanent' });
      const res = await bridge.call(method, input ?? {});
      if (!res.ok) throw new ContractCallError(method, res.error);
      return res.result as Output<M>;
    },
    subscribe<E extends EventName>(event: E, fn: (payload: EventPayload<E>) => void) {
      return fanout.add(event, fn);
    },
    get state(): ConnectionState {
      return state.current;
    },
    onStateChange: (fn) => state.on(fn),
    close() {
      off();
      state.set('closed');
    },
  };
}
