/**
 * An in-memory ConsoleClient for component tests: answer methods with plain
 * functions, push events and connection states by hand. Inputs are validated
 * against the contract, as the gateway would, so a component sending a wrong
 * shape fails its test.
 */
import { methods, type ContractError, type EventName, type EventPayload, type Input, type MethodName, type Output, type ParsedInput } from '../../../core/contract/index.ts';
import { EventFanout, StateHolder } from './listeners.ts';
import { ContractCallError, type ConnectionState, type ConsoleClient } from './types.ts';

export type FakeHandlers = { [M in MethodName]?: (input: ParsedInput<M>) => Output<M> | Promise<Output<M>> };

export interface FakeClient extends ConsoleClient {
  /** Every call made, in order. */
  readonly calls: Array<{ method: MethodName; input: unknown }>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  setState(state: ConnectionState): void;
  /** Replace or add handlers. */
  handle(handlers: FakeHandlers): void;
}

/** Throw this from a fake handler to make the call fail as the gateway would. */
export function gatewayError(code: string, message: string, kind: ContractError['kind'] = 'permanent'): ContractError & { __gatewayError: true } {
  return { code, message, kind, __gatewayError: true };
}

export function createFakeClient(initial: FakeHandlers = {}, transport: ConsoleClient['transport'] = 'websocket'): FakeClient {
  const handlers: FakeHandlers = { ...initial };
  const fanout = new EventFanout();
  const state = new StateHolder('open');
  const calls: FakeClient['calls'] = [];
  return {
    transport,
    calls,
    async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      calls.push({ method, input });
      const parsed = methods[method].input.safeParse(input ?? {});
      if (!parsed.success) throw new ContractCallError(method, { code: 'invalid_input', message: `invalid input for ${method}: ${parsed.error.message}`, kind: 'permanent' });
      const h = handlers[method] as ((i: unknown) => Output<M> | Promise<Output<M>>) | undefined;
      if (!h) throw new ContractCallError(method, { code: 'not_faked', message: `the fake client has no handler for ${method}`, kind: 'permanent' });
      try {
        return await h(parsed.data);
      } catch (e) {
        if (e && typeof e === 'object' && '__gatewayError' in e) {
          const { code, message, kind } = e as unknown as ContractError;
          throw new ContractCallError(method, { code, message, kind });
        }
        throw e;
      }
    },
    subscribe: (event, fn) => fanout.add(event, fn),
    get state() {
      return state.current;
    },
    onStateChange: (fn) => state.on(fn),
    close: () => state.set('closed'),
    emit: (event, payload) => fanout.emit(event, payload),
    setState: (s) => state.set(s),
    handle: (more) => Object.assign(handlers, more),
  };
}
