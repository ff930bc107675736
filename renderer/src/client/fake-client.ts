/**
 * An in-memory ConsoleClient for component tests: answer methods with plain
 * functions, push events and connection states by hand. Inputs are validated
 * against the contract, as the gateway would, so a component sending a wrong
 * shape fails its test.
 */
import type { z } from 'zod';
import {
  desktopMethods,
  methods,
  type ContractError,
  type DesktopEventName,
  type DesktopEventPayload,
  type DesktopMethodName,
  type DesktopMethods,
  type DesktopOutput,
  type EventName,
  type EventPayload,
  type Input,
  type MethodName,
  type Output,
  type ParsedInput,
} from '../../../core/contract/index.ts';
import { EventFanout, StateHolder } from './listeners.ts';
import { ContractCallError, type ConnectionState, type ConsoleClient, type DesktopClient } from './types.ts';

export type FakeHandlers = { [M in MethodName]?: (input: ParsedInput<M>) => Output<M> | Promise<Output<M>> };
/** The desktop main process's answers, for the desktop app's screens; none: a browser. */
export type FakeDesktopHandlers = { [M in DesktopMethodName]?: (input: z.output<DesktopMethods[M]['input']>) => DesktopOutput<M> | Promise<DesktopOutput<M>> };

export interface FakeClient extends ConsoleClient {
  /** Every call made, in order. */
  readonly calls: Array<{ method: MethodName; input: unknown }>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  setState(state: ConnectionState): void;
  /** Replace or add handlers. */
  handle(handlers: FakeHandlers): void;
  /** Desktop methods called, in order (with a desktop). */
  readonly desktopCalls: Array<{ method: DesktopMethodName; input: unknown }>;
  /** An event from the desktop's main process (with a desktop). */
  emitDesktop<E extends DesktopEventName>(event: E, payload: DesktopEventPayload<E>): void;
}

/** Throw this from a fake handler to make the call fail as the gateway would. */
export function gatewayError(code: string, message: string, kind: ContractError['kind'] = 'permanent'): ContractError & { __gatewayError: true } {
  return { code, message, kind, __gatewayError: true };
}

/** Runs a fake handler as the gateway would: input validated, a thrown gatewayError() as the call's error. */
async function answer(method: string, schema: z.ZodType, handler: ((i: unknown) => unknown) | undefined, input: unknown): Promise<unknown> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new ContractCallError(method, { code: 'invalid_input', message: `invalid input for ${method}: ${parsed.error.message}`, kind: 'permanent' });
  if (!handler) throw new ContractCallError(method, { code: 'not_faked', message: `the fake client has no handler for ${method}`, kind: 'permanent' });
  try {
    return await handler(parsed.data);
  } catch (e) {
    if (e && typeof e === 'object' && '__gatewayError' in e) {
      const { code, message, kind } = e as unknown as ContractError;
      throw new ContractCallError(method, { code, message, kind });
    }
    throw e;
  }
}

export function createFakeClient(initial: FakeHandlers = {}, transport: ConsoleClient['transport'] = 'websocket', desktopHandlers?: FakeDesktopHandlers): FakeClient {
  const handlers: FakeHandlers = { ...initial };
  const fanout = new EventFanout();
  const desktopFanout = new EventFanout('desktop');
  const state = new StateHolder('open');
  const calls: FakeClient['calls'] = [];
  const desktopCalls: FakeClient['desktopCalls'] = [];
  const desktop: DesktopClient | undefined = desktopHandlers && {
    async call(method, input) {
      desktopCalls.push({ method, input });
      return (await answer(method, desktopMethods[method].input, desktopHandlers[method] as ((i: unknown) => unknown) | undefined, input)) as never;
    },
    subscribe: (event, fn) => desktopFanout.add(event, fn),
  };
  return {
    transport,
    ...(desktop ? { desktop } : {}),
    calls,
    desktopCalls,
    emitDesktop: (event, payload) => desktopFanout.emit(event, payload),
    async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      calls.push({ method, input });
      return (await answer(method, methods[method].input, handlers[method] as ((i: unknown) => unknown) | undefined, input)) as Output<M>;
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
