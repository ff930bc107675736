/**
 * The contract over Electron IPC, generated from it: one `ipcMain.handle` per
 * method, each checking its sender and the payload size before the dispatcher
 * validates the input. Events go to the window on one channel.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel, MAX_REQUEST_BYTES, type ContractError, type DispatchResult } from '../core/contract/index.ts';
import type { Dispatcher } from '../core/api/dispatcher.ts';

/** The slice of ipcMain the bridge uses (a stub in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike;
  dispatcher: Dispatcher;
  /** True only for the console window's own main frame. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  actor: string;
  log: (line: string) => void;
}

export interface IpcBridge {
  /** New calls are answered "shutting down"; calls already running continue. */
  stop(): void;
  /** Resolves when in-flight calls finished, or at the deadline (false then). */
  drain(deadlineMs: number): Promise<boolean>;
  /** Removes every handler. */
  dispose(): void;
}

const fail = (error: ContractError): DispatchResult => ({ ok: false, error });

/** Size of an IPC payload as JSON; null when it is not JSON at all. */
function jsonSize(input: unknown): number | null {
  try {
    return (JSON.stringify(input ?? {}) ?? '').length;
  } catch {
    return null;
  }
}

export function registerIpcBridge(opts: IpcBridgeOptions): IpcBridge {
  const inFlight = new Set<Promise<DispatchResult>>();
  let stopped = false;
  const channels = opts.dispatcher.methodNames.map((method) => {
    const channel = ipcChannel(method);
    opts.ipcMain.handle(channel, async (event, input) => {
      if (!opts.isTrustedSender(event)) {
        opts.log(`refused IPC ${method} from an untrusted frame (${event.senderFrame?.url ?? 'unknown'})`);
        return fail({ code: 'forbidden', message: 'this frame may not call the gateway', kind: 'permanent' });
      }
      if (stopped) return fail({ code: 'shutting_down', message: 'the gateway is shutting down', kind: 'retryable' });
      const size = jsonSize(input);
      if (size === null) return fail({ code: 'bad_frame', message: `the input of ${method} is not plain JSON data`, kind: 'permanent' });
      if (size > MAX_REQUEST_BYTES) return fail({ code: 'bad_frame', message: `the input of ${method} is ${size} bytes; the limit is ${MAX_REQUEST_BYTES}`, kind: 'permanent' });
      const p = opts.dispatcher.dispatch(method, input, { actor: opts.actor });
      inFlight.add(p);
      try {
        return await p;
      } finally {
        inFlight.delete(p);
      }
    });
    return channel;
  });

  return {
    stop() {
      stopped = true;
    },
    async drain(deadlineMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = Promise.allSettled([...inFlight]).then(() => true);
      const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), deadlineMs)));
      const finished = await Promise.race([done, late]);
      clearTimeout(timer);
      return finished;
    },
    dispose() {
      for (const c of channels) opts.ipcMain.removeHandler(c);
    },
  };
}

/** The slice of WebContents events need. */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** Pushes each contract event to the window that is current when it happens. */
export function pushEventsTo(getTarget: () => EventTarget | null): (event: string, payload: unknown) => void {
  return (event, payload) => {
    const t = getTarget();
    if (t && !t.isDestroyed()) t.send(IPC_EVENT_CHANNEL, event, payload);
  };
}
