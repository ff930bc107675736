/**
 * Every configuration key the gateway understands, with its type and default.
 * Values are validated on `set` and on read, so a hand-edited bad value is
 * reported by name instead of surfacing later as a strange failure.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';

const ms = (def: number) => z.coerce.number().int().min(100).max(3_600_000).default(def);
/** Requests per minute; 0 means unlimited. */
const rate = () => z.coerce.number().int().min(0).max(100_000).default(0);
const zone = z.string().refine((z) => DateTime.now().setZone(z).isValid, { message: 'not a known IANA time zone (e.g. Europe/Moscow)' });

export const configSchema = z.object({
  /** Base URL of the 1C:ZUP HTTP service; empty means not configured (the hosts then run the built-in simulator). */
  'onec.url': z
    .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })])
    // Settings are shown to the console and logs; credentials belong in the vault.
    .refine((u) => u === '' || !/^[a-z]+:\/\/[^/?#]*@/i.test(u), 'must not carry a user name or password: store them with "gatewayctl credentials set onec --user U --password-stdin"')
    .default(''),
  'onec.connectTimeoutMs': ms(30_000),
  'onec.headersTimeoutMs': ms(30_000),
  'onec.bodyTimeoutMs': ms(30_000),
  'onec.maxResponseBytes': z.coerce.number().int().min(1024).default(512 * 1024 * 1024),
  /**
   * Requests per minute to each 1C method, 0 = unlimited (the default). 1C opens
   * a session per HTTP call and sites often limit them: calls beyond the rate wait their turn.
   */
  'onec.rateLimit.agents': rate(),
  'onec.rateLimit.getNormHours': rate(),
  'onec.rateLimit.sendSchedule': rate(),
  'onec.rateLimit.getTimetypeInfo': rate(),
  'onec.rateLimit.sendFactWorkTime': rate(),
  /** Agents per getTimetypeInfo (and getNormHours) request. */
  'onec.timesheetBatch': z.coerce.number().int().min(1).max(5000).default(100),
  /** A shift longer than this (start to end, break included) is refused on import. */
  // At most 24: 1C takes at most 24 h of paid time per shift (PROTOCOLS §1.3), so a longer one would import and then fail its upload.
  'schedules.maxShiftHours': z.coerce.number().min(1).max(24).default(12),
  /** Base URL of MCE/Oktell (http://host:8090); the socket URL is derived from it. Empty: not configured (the hosts then run the built-in simulator). */
  'mce.url': z
    .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })])
    .refine((u) => u === '' || !/^[a-z]+:\/\/[^/?#]*@/i.test(u), 'must not carry a user name or password: store them with "gatewayctl credentials set mce --user U --password-stdin"')
    .default(''),
  /** How often the agent list is polled over REST while the socket is down. */
  'mce.pollIntervalMs': z.coerce.number().int().min(1000).max(600_000).default(5000),
  /** No frame (status or heartbeat) for this long: the socket is dead (PROTOCOLS.md: 2 × the 30 s heartbeat). */
  'mce.heartbeatTimeoutMs': z.coerce.number().int().min(1000).max(600_000).default(60_000),
  'sync.maxDeactivationPct': z.coerce.number().min(0).max(100).default(10),
  'sync.planTtlHours': z.coerce.number().min(1).max(24 * 30).default(24),
  'sync.defaultZone': zone.default('Europe/Moscow'),
  'db.synchronous': z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  /** Days a final plan (applied, rejected, expired, failed with nothing left) keeps its items; its summary stays. */
  'retention.planDays': z.coerce.number().int().min(1).max(3650).default(90),
  /** Days a completed, cancelled or failed queue operation stays (on the Queue screen) before it is deleted with its attempts. */
  'retention.operationDays': z.coerce.number().int().min(1).max(3650).default(30),
  /** Days the history of agent state changes is kept. */
  'retention.agentStateDays': z.coerce.number().int().min(1).max(3650).default(30),
  /** Days the per-minute history of calls to 1C (Health charts: hour, day, week) is kept. */
  'health.callHistoryDays': z.coerce.number().int().min(1).max(3650).default(7),
});

export type GatewayConfig = z.output<typeof configSchema>;
export type ConfigKey = keyof GatewayConfig;
export const configKeys = Object.keys(configSchema.shape) as ConfigKey[];

export function isConfigKey(k: string): k is ConfigKey {
  return (configKeys as string[]).includes(k);
}
