/**
 * The Electron transport: `window.gateway`, exposed by electron/preload.ts. The
 * gateway's methods and the desktop app's own (core/contract/desktop.ts) ride the
 * same bridge. Attached to a headless gateway, the main process holds the
 * connection: its state arrives as `desktop.link` and becomes this client's state,
 * so the header shows a gateway that is unreachable or refuses the token.
 */
import type { DesktopEventName, DesktopEventPayload, DesktopInput, DesktopLink, DesktopMethodName, DesktopOutput, EventName, EventPayload, Input, MethodName, Output } from '../../../core/contract/index.ts';
import { isDesktopEventName, type GatewayBridge } from '../../../core/contract/index.ts';
import { EventFanout, StateHolder } from './listeners.ts';
import { ContractCallError, type ConnectionState, type ConsoleClient, type DesktopClient } from './types.ts';

const linkState: Record<DesktopLink['state'], ConnectionState> = { local: 'open', open: 'open', connecting: 'connecting', reconnecting: 'reconnecting', refused: 'refused' };

export function createIpcClient(bridge: GatewayBridge): ConsoleClient {
  const fanout = new EventFanout();
  const desktopFanout = new EventFanout('desktop');
  const state = new StateHolder('open');
  const off = bridge.onEvent((event, payload) => (isDesktopEventName(event) ? desktopFanout.emit(event, payload) : fanout.emit(event, payload)));

  const desktop: DesktopClient = {
    async call<M extends DesktopMethodName>(method: M, input: DesktopInput<M>): Promise<DesktopOutput<M>> {
      const res = await bridge.call(method, input ?? {});
      if (!res.ok) throw new ContractCallError(method, res.error);
      return res.result as DesktopOutput<M>;
    },
    subscribe<E extends DesktopEventName>(event: E, fn: (payload: DesktopEventPayload<E>) => void) {
      return desktopFanout.add(event, fn);
    },
  };

  const follow = (l: DesktopLink) => {
    if (state.current !== 'closed') state.set(linkState[l.state]);
  };
  desktopFanout.add('desktop.link', follow as (p: never) => void);
  // The link as it is now; a main process without it (older builds) leaves the state open.
  desktop.call('desktop.link', {}).then(follow, () => undefined);

  return {
    transport: 'ipc',
    desktop,
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
