/**
 * What only the desktop app's main process answers: its own settings
 * (notifications, start at login, which gateway it is attached to), the link
 * to an attached gateway, and where a clicked notification leads. Not part of
 * the gateway's contract (`methods`): a headless gateway has no tray and no
 * notifications, and an attached desktop app asks these of its own main process,
 * never of the gateway. Carried over the same IPC bridge, on their own channels.
 */
import { z } from 'zod';
import { instantSchema } from './common.ts';
import { command, event, query } from './define.ts';

/** The OS notifications the desktop app shows, each switchable in Settings. */
export const notificationKindSchema = z.enum(['planAwaiting', 'operationFailed', 'linkDown', 'auditBroken']);
export type NotificationKind = z.infer<typeof notificationKindSchema>;
export const NOTIFICATION_KINDS = notificationKindSchema.options;

export const notificationSwitchesSchema = z.object({
  planAwaiting: z.boolean(),
  operationFailed: z.boolean(),
  linkDown: z.boolean(),
  auditBroken: z.boolean(),
});
export type NotificationSwitches = z.infer<typeof notificationSwitchesSchema>;

/** The gateway this desktop app is attached to (the token is never sent back). */
export const attachedGatewaySchema = z.object({
  /** As the operator gave it, normalised: https://gw.example:8787 */
  url: z.string(),
  /** SHA-256 fingerprint of the pinned certificate (AA:BB:…), or null. */
  fingerprint: z.string().nullable(),
  /** Where the token is kept: sealed by the OS keychain, or (no keychain) an owner-only file. */
  tokenProtection: z.enum(['keychain', 'file']),
});
export type AttachedGateway = z.infer<typeof attachedGatewaySchema>;

export const desktopSettingsSchema = z.object({
  notifications: notificationSwitchesSchema,
  startAtLogin: z.boolean(),
  /** False where the desktop cannot register itself to start at login. */
  startAtLoginSupported: z.boolean(),
  /** Null: the desktop app runs its own engine. */
  attach: attachedGatewaySchema.nullable(),
  /** Whether the OS keychain can seal a token here. */
  keychain: z.boolean(),
});
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>;

export const setNotificationsInput = notificationSwitchesSchema.partial().strict();
export const setStartAtLoginInput = z.object({ enabled: z.boolean() }).strict();
export const setLanguageInput = z.object({ language: z.enum(['ru', 'en']) }).strict();

/**
 * A gateway to attach to. The main process checks the URL (http/https), the token
 * and the fingerprint and answers with one of the codes `attach_url_invalid`,
 * `attach_token_invalid`, `attach_fingerprint_invalid` and a sentence.
 */
export const attachInput = z
  .object({
    url: z.string().max(2048),
    /** Empty or absent: the token stored for this same gateway. */
    token: z.string().max(4096).optional(),
    /** Empty or absent: no pin (the certificate must be trusted by this computer). */
    fingerprint: z.string().max(200).optional(),
  })
  .strict();
export type AttachInput = z.input<typeof attachInput>;

export const gatewayTestSchema = z.object({
  ok: z.boolean(),
  /** What happened, in one sentence (English, as the gateway's own errors). */
  message: z.string(),
  /** Why it failed, for the console to word: refused token, certificate, unreachable. */
  code: z.enum(['ok', 'refused', 'pin_mismatch', 'untrusted_certificate', 'unreachable', 'invalid']),
  latencyMs: z.number().min(0).nullable(),
  /** SHA-256 fingerprint the server presented over TLS (to compare with one known to be the gateway's). */
  presentedFingerprint: z.string().nullable(),
  gateway: z.object({ version: z.string(), host: z.string(), demo: z.boolean(), dataDir: z.string() }).nullable(),
});
export type GatewayTest = z.infer<typeof gatewayTestSchema>;

export const restartOutput = z.object({ restarting: z.boolean() });

/** The link to an attached gateway; `local` when the desktop runs its own engine. */
export const desktopLinkSchema = z.object({
  state: z.enum(['local', 'connecting', 'open', 'reconnecting', 'refused']),
  url: z.string().nullable(),
  /** Why it is not open, in one sentence. */
  reason: z.string().nullable(),
  since: instantSchema.nullable(),
});
export type DesktopLink = z.infer<typeof desktopLinkSchema>;

/** A screen of the console: a hash route such as #/plans/12 or #/queue?status=failed. */
export const consoleRouteSchema = z.string().regex(/^#\/[A-Za-z0-9/_?=&.-]{0,200}$/, 'a console route such as #/plans/12');
export const navigateEvent = z.object({ to: consoleRouteSchema });

export const desktopMethods = {
  'desktop.settings': query(z.object({}).strict().default({}), desktopSettingsSchema, "The desktop app's own settings"),
  'desktop.setNotifications': command(setNotificationsInput, desktopSettingsSchema, 'Turn kinds of OS notifications on or off', ['desktop.']),
  'desktop.setStartAtLogin': command(setStartAtLoginInput, desktopSettingsSchema, 'Start the desktop app (in the tray) when the user logs in', ['desktop.']),
  'desktop.setLanguage': command(setLanguageInput, setLanguageInput, 'The language of the tray menu and notifications (the console tells it its own)'),
  'desktop.testGateway': command(attachInput, gatewayTestSchema, 'Connect once to a headless gateway with a token (and a pinned certificate): reachable, token accepted, which gateway'),
  'desktop.attach': command(attachInput, restartOutput, 'Attach to a headless gateway (tested first); the app restarts without an engine of its own', ['desktop.']),
  'desktop.detach': command(z.object({}).strict().default({}), restartOutput, 'Run the engine here again; the app restarts', ['desktop.']),
  'desktop.link': query(z.object({}).strict().default({}), desktopLinkSchema, 'The link to the attached gateway, or local'),
} as const;

export const desktopEvents = {
  'desktop.link': event(desktopLinkSchema, 'The link to the attached gateway changed state'),
  'desktop.navigate': event(navigateEvent, 'A notification or the tray asks the console to show a screen'),
} as const;

export const desktopContract = { methods: desktopMethods, events: desktopEvents } as const;

export type DesktopMethods = typeof desktopMethods;
export type DesktopMethodName = keyof DesktopMethods;
export type DesktopEventName = keyof typeof desktopEvents;
export type DesktopInput<M extends DesktopMethodName> = z.input<DesktopMethods[M]['input']>;
export type DesktopOutput<M extends DesktopMethodName> = z.output<DesktopMethods[M]['output']>;
export type DesktopEventPayload<E extends DesktopEventName> = z.output<(typeof desktopEvents)[E]['payload']>;

export function isDesktopMethodName(name: unknown): name is DesktopMethodName {
  return typeof name === 'string' && Object.hasOwn(desktopMethods, name);
}
export function isDesktopEventName(name: unknown): name is DesktopEventName {
  return typeof name === 'string' && Object.hasOwn(desktopEvents, name);
}
