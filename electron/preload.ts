/**
 * The preload (sandboxed, context-isolated): exposes `window.gateway` (a call
 * function and an event subscription, generic over the contract and the desktop
 * app's own methods, core/contract/desktop.ts) and nothing else.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { desktopMethods, IPC_EVENT_CHANNEL, ipcChannel, methods, type DispatchResult, type GatewayBridge } from '../core/contract/index.ts';

const known = new Set([...Object.keys(methods), ...Object.keys(desktopMethods)]);

const bridge: GatewayBridge = {
  call(method: string, input: unknown): Promise<DispatchResult> {
    if (typeof method !== 'string' || !known.has(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `unknown method "${String(method).slice(0, 100)}"`, kind: 'permanent' } });
    }
    return ipcRenderer.invoke(ipcChannel(method), input) as Promise<DispatchResult>;
  },
  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    // The renderer never sees the IpcRendererEvent (it would expose ipcRenderer.sender).
    const wrapped = (_e: IpcRendererEvent, event: string, payload: unknown) => listener(event, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('gateway', bridge);
