/**
 * Frames on the wire. WebSocket: `{id, method, input}` → `{id, ok, result|error}`,
 * events `{event, payload}`. Electron IPC: one channel per method, one for events.
 */
import { z } from 'zod';
import { contractErrorSchema } from './common.ts';

/** Incoming frames above this size are refused (WebSocket maxPayload, IPC check). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export const requestIdSchema = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(64)]);

export const requestFrameSchema = z
  .object({
    id: requestIdSchema,
    method: z.string().min(1).max(100),
    input: z.unknown().optional(),
  })
  .strict();
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export const responseFrameSchema = z.union([
  z.object({ id: requestIdSchema.nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: requestIdSchema.nullable(), ok: z.literal(false), error: contractErrorSchema }),
]);
export type ResponseFrame = z.infer<typeof responseFrameSchema>;

export const eventFrameSchema = z.object({ event: z.string().min(1), payload: z.unknown() });
export type EventFrame = z.infer<typeof eventFrameSchema>;

/** Anything the server sends. */
export const serverFrameSchema = z.union([responseFrameSchema, eventFrameSchema]);

/** The result of a dispatch, as every transport carries it. */
export type DispatchResult<T = unknown> = { ok: true; result: T } | { ok: false; error: z.infer<typeof contractErrorSchema> };

/** Electron IPC channel of a method, and the one channel events arrive on. */
export const ipcChannel = (method: string): string => `gateway:call:${method}`;
export const IPC_EVENT_CHANNEL = 'gateway:event';

/** WebSocket path and the subprotocol prefix that may carry the token instead of the query string. */
export const WS_PATH = '/ws';
export const WS_TOKEN_PROTOCOL_PREFIX = 'argus-token.';
export const WS_PROTOCOL = 'argus-console.v1';

/**
 * What the Electron preload exposes as `window.gateway`, and nothing else.
 * Generic over the contract: the renderer client adds the types.
 */
export interface GatewayBridge {
  call(method: string, input: unknown): Promise<DispatchResult>;
  /** Every contract event; returns an unsubscribe function. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}
