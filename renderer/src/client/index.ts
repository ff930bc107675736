/** The renderer's door to the gateway. See types.ts for how the UI uses it. */
export * from './types.ts';
export { createConsoleClient, takeToken, wsUrlFor } from './choose.ts';
export { createIpcClient } from './ipc.ts';
export { createWsClient, type WsClientOptions } from './ws.ts';
export * from './query.tsx';
