/**
 * Non-secret settings. Credentials never cross this boundary: a key that looks
 * like a secret is refused here, before any handler sees it.
 */
import { z } from 'zod';

const SECRET_LIKE = /(password|passwd|secret|token|credential|apikey|api_key|privatekey)/i;

export const configKeySchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)*$/, 'a setting key looks like "onec.baseUrl"')
  .max(100)
  .refine((k) => !SECRET_LIKE.test(k), 'credentials are not read or written through the console contract');

export const configValueSchema = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

export const configGetInput = z.object({ keys: z.array(configKeySchema).max(200).optional() }).strict().default({});
export const configGetOutput = z.object({ values: z.record(z.string(), configValueSchema) });

export const configSetInput = z.object({ key: configKeySchema, value: configValueSchema }).strict();
export const configSetOutput = z.object({ key: z.string(), value: configValueSchema });

export function isSecretLikeKey(key: string): boolean {
  return SECRET_LIKE.test(key);
}

export type ConfigValue = z.infer<typeof configValueSchema>;
