/** Console handlers of the config.* contract methods, over the configuration store. */
import type { AuditInput } from '../audit/index.ts';
import { isSecretLikeKey, type ConfigValue, type HandlersFor } from '../contract/index.ts';
import type { ConfigStore } from './store.ts';

/** `audit` writes one entry of the audit log. */
export function configHandlers(config: ConfigStore, audit: (entry: AuditInput) => void): HandlersFor<'config'> {
  return {
    'config.get': (input) => {
      const all: Record<string, unknown> = config.all();
      const keys = input.keys ?? Object.keys(all);
      const values: Record<string, ConfigValue> = {};
      for (const key of keys) {
        // Belt and braces: the contract already refuses such keys in input.
        if (isSecretLikeKey(key) || !Object.hasOwn(all, key)) continue;
        values[key] = toConfigValue(all[key]);
      }
      return { values };
    },
    // Audited like `gatewayctl config set`: onec.url decides where the 1C credentials are sent.
    'config.set': ({ key, value }, ctx) => {
      const stored = config.set(key, value);
      audit({ action: 'config.set', entityType: 'config', entityId: key, after: { value: stored }, actor: ctx.actor });
      return { key, value: toConfigValue(stored) };
    },
  };
}

/** Settings that are not a string, number, boolean or null cross as JSON text. */
function toConfigValue(v: unknown): ConfigValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}
