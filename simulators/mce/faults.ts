/**
 * Faults of the MCE simulator that stay on until changed (`setFaults`,
 * `POST /_sim/faults`), and the inputs of the one-shot actions
 * (`POST /_sim/actions/<name>`). The admin endpoints are never faulted.
 */
import { z } from 'zod';
import { hostileKinds } from './frames.ts';

/** The highest status rate the simulator promises to sustain. */
export const MAX_EVENTS_PER_SEC = 5000;

export const mceFaultsSchema = z
  .object({
    /** Skip every N-th status frame (seq still advances, so clients see a gap). */
    dropFrames: z.object({ every: z.number().int().min(1).max(1_000_000) }).strict().optional(),
    /** Send no heartbeats. */
    noHeartbeat: z.boolean().optional(),
    /** `POST /auth/mce/token` answers 401 even to good credentials. */
    refuseTokens: z.boolean().optional(),
    /** `GET /api/v1/agents` answers 503. */
    restDown: z.boolean().optional(),
    /** Lifetime of tokens issued from now on, overriding the option. */
    tokenTtlSec: z.number().int().min(1).max(86_400).optional(),
  })
  .strict();
export type MceFaults = z.infer<typeof mceFaultsSchema>;

const count = (name: string, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be at least 0`)
    .max(max, `${name} must be at most ${max}`);

/** Query parameters of each action (strings, as they come in a URL). */
export const actionSchemas = {
  dropNext: z.object({ frames: count('frames', 1_000_000).default(1) }).strict(),
  closeSockets: z
    .object({
      code: z.coerce
        .number({ error: 'code must be a number' })
        .int('code must be a whole number')
        .refine((c) => c === 1000 || c === 1001 || c === 1011 || (c >= 3000 && c <= 4999), 'code must be 1000, 1001, 1011 or 3000 to 4999')
        .default(4401),
    })
    .strict(),
  expireTokens: z.object({}).strict(),
  killSockets: z
    .object({
      refuseSeconds: z.coerce.number({ error: 'refuseSeconds must be a number' }).min(0, 'refuseSeconds must be at least 0').max(3600, 'refuseSeconds must be at most 3600').default(0),
    })
    .strict(),
  sendBadFrames: z
    .object({
      kinds: z
        .string()
        .transform((s) => s.split(',').map((k) => k.trim()).filter(Boolean))
        .pipe(z.array(z.enum(hostileKinds, { error: `kinds are a comma-separated list of ${hostileKinds.join(', ')}` })).min(1, 'kinds must name at least one kind'))
        .optional(),
    })
    .strict(),
  pause: z.object({}).strict(),
  resume: z.object({}).strict(),
  setRate: z
    .object({
      eventsPerSec: z.coerce.number({ error: 'eventsPerSec must be a number' }).min(0, 'eventsPerSec must be at least 0').max(MAX_EVENTS_PER_SEC, `eventsPerSec must be at most ${MAX_EVENTS_PER_SEC}`),
    })
    .strict(),
} as const;
export type ActionName = keyof typeof actionSchemas;

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(actionSchemas, name);
}

export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}
