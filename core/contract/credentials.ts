/**
 * Credentials through the console: write-only. The console may set or rotate
 * them and read their status ("configured for «wfm», rotated …, sent only to
 * …"); no schema here has a field that could carry a password back.
 */
import { z } from 'zod';
import { instantSchema } from './common.ts';

/** Systems whose credentials the console manages: 1C:ZUP and MCE/Oktell. */
export const consoleCredentialSystems = ['onec', 'mce'] as const;
export const consoleCredentialSystemSchema = z.enum(consoleCredentialSystems, { error: 'must be "onec" or "mce"' });

export const credentialStatusSchema = z.object({
  system: consoleCredentialSystemSchema,
  configured: z.boolean(),
  username: z.string().nullable(),
  rotatedAt: instantSchema.nullable(),
  /** The host (URL origin) they are sent to; null until first used. */
  boundTo: z.string().nullable(),
});
export type CredentialStatusView = z.infer<typeof credentialStatusSchema>;

export const credentialsStatusInput = z.object({ system: consoleCredentialSystemSchema.default('onec') }).strict().default({ system: 'onec' });

// Messages are fixed text: a refused value (a password) never appears in an error.
export const credentialsSetInput = z
  .object({
    system: consoleCredentialSystemSchema,
    username: z.string().trim().min(1, 'the user name must not be empty').max(200, 'the user name must be at most 200 characters'),
    password: z.string().min(1, 'the password must not be empty').max(1000, 'the password must be at most 1000 characters'),
  })
  .strict();

/** A connection test of a link (1C:ZUP, MCE): what the console shows after "Test connection". */
export const connectionTestSchema = z.object({
  ok: z.boolean(),
  /** Time of the test calls; null when nothing was sent (not configured, other host). */
  latencyMs: z.number().min(0).nullable(),
  /** HTTP status of the call that decided the result, if the system answered. */
  status: z.number().int().nullable(),
  /** One sentence for the operator: what worked, or what is wrong and where to look. */
  message: z.string(),
  /** The gateway's error code when it failed ("onec_auth", "mce_unreachable", …). */
  code: z.string().nullable(),
  /** The endpoint tested (no credentials in it). */
  endpoint: z.string().nullable(),
  /** True when a built-in simulator was tested (demo mode). */
  demo: z.boolean(),
  testedAt: instantSchema,
});

export const onecTestResultSchema = connectionTestSchema;
export type OnecTestResult = z.infer<typeof onecTestResultSchema>;
