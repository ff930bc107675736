/**
 * The one client interface the console uses, whatever carries it (Electron IPC
 * or WebSocket). Typed entirely from core/contract.
 *
 * How the UI uses it (see also query.tsx):
 *   const client = await createConsoleClient();        // choose.ts: IPC when window.gateway exists, else WebSocket
 *   <ContractProvider client={client} queryClient={qc}> <App/> </ContractProvider>
 *   const plans = useContractQuery('plans.list', { status: 'awaiting_approval' });
 *   const approve = useContractMutation('plans.approve');  approve.mutate({ planId, by, comment });
 *   useContractEvent('plan.applyProgress', (p) => ...);
 *   const state = useConnectionState();                  // 'connecting' | 'open' | 'reconnecting' | 'refused' | 'closed'
 * Errors are ContractCallError {code, kind, message}: show `message` to the operator.
 */
import type { ContractError, ContractErrorKind, DesktopEventName, DesktopEventPayload, DesktopInput, DesktopMethodName, DesktopOutput, EventName, EventPayload, Input, MethodName, Output } from '../../../core/contract/index.ts';

export type ConnectionState =
  /** First connection in progress. */
  | 'connecting'
  | 'open'
  /** Lost; retrying with backoff. Calls wait for the connection to come back. */
  | 'reconnecting'
  /** The server refused us (wrong or outdated token): retrying will not help. */
  | 'refused'
  /** Closed by us. */
  | 'closed';

/**
 * The desktop app's own main process (core/contract/desktop.ts): its settings, the link
 * to an attached gateway, navigation asked by the tray and notifications. Present only
 * in the desktop app, also while an attached gateway is unreachable or refuses the token.
 */
export interface DesktopClient {
  call<M extends DesktopMethodName>(method: M, input: DesktopInput<M>): Promise<DesktopOutput<M>>;
  subscribe<E extends DesktopEventName>(event: E, fn: (payload: DesktopEventPayload<E>) => void): () => void;
}

export interface ConsoleClient {
  readonly transport: 'ipc' | 'websocket';
  /** The desktop app's main process; absent in a browser. */
  readonly desktop?: DesktopClient;
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  subscribe<E extends EventName>(event: E, fn: (payload: EventPayload<E>) => void): () => void;
  readonly state: ConnectionState;
  onStateChange(fn: (state: ConnectionState) => void): () => void;
  close(): void;
}

/** A failed call as the UI sees it: the gateway's error, verbatim. */
export class ContractCallError extends Error {
  readonly code: string;
  readonly kind: ContractErrorKind;
  readonly method: string;

  constructor(method: string, error: ContractError) {
    super(error.message);
    this.name = 'ContractCallError';
    this.code = error.code;
    this.kind = error.kind;
    this.method = method;
  }
}

export function isContractCallError(e: unknown): e is ContractCallError {
  return e instanceof ContractCallError;
}
