/** Configuration lives in the database's `settings` table (the database is the truth). */
import { GatewayError } from '../errors.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import { configKeys, configSchema, isConfigKey, type ConfigKey, type GatewayConfig } from './schema.ts';
import { describeIssues } from '../validation.ts';

const PREFIX = 'config.';

export class ConfigStore {
  private readonly db: Db;
  private readonly clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The whole configuration with defaults filled in; a stored bad value is an error naming the key. */
  all(): GatewayConfig {
    const rows = this.db.prepare("SELECT key, value FROM settings WHERE key LIKE 'config.%'").all() as { key: string; value: string }[];
    const raw: Record<string, unknown> = {};
    for (const r of rows) {
      const key = r.key.slice(PREFIX.length);
      if (isConfigKey(key)) raw[key] = JSON.parse(r.value);
    }
    const parsed = configSchema.safeParse(raw);
    if (!parsed.success) {
      throw new GatewayError('config_invalid', `stored configuration is invalid: ${describeIssues(parsed.error).join('; ')}. Fix it with "gatewayctl config set".`);
    }
    return parsed.data;
  }

  get<K extends ConfigKey>(key: K): GatewayConfig[K] {
    return this.all()[key];
  }

  /** Validates one key; strings from a command line are coerced to the key's type. */
  set(key: string, value: unknown): GatewayConfig[ConfigKey] {
    if (!isConfigKey(key)) {
      throw new GatewayError('config_unknown_key', `unknown configuration key "${key}"; known keys: ${configKeys.join(', ')}`);
    }
    const field = configSchema.shape[key];
    const parsed = field.safeParse(value);
    if (!parsed.success) {
      throw new GatewayError('config_invalid', `invalid value for ${key}: ${describeIssues(parsed.error).join('; ')}`);
    }
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(PREFIX + key, JSON.stringify(parsed.data), new Date(this.clock.now()).toISOString());
    return parsed.data;
  }

  /** Back to the default. */
  unset(key: string): void {
    if (!isConfigKey(key)) throw new GatewayError('config_unknown_key', `unknown configuration key "${key}"`);
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(PREFIX + key);
  }
}
