/**
 * Canonical JSON for the audit chain: object keys sorted, `undefined` dropped,
 * and secrets redacted in the same pass (one walk per value keeps bulk appends fast).
 */

const SECRET_KEY = /password|secret|token|authorization|cookie/i;
export const REDACTED = '[redacted]';
const REDACTED_JSON = JSON.stringify(REDACTED);

/** True when a key names something that must never reach the audit log. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Canonical JSON of `value` with secret-named keys replaced by "[redacted]" at any depth. */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** Returns undefined for values JSON drops (undefined, functions, symbols). */
function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      return undefined;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return write(withJson.toJSON());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (write(value[i]) ?? 'null');
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const raw = obj[k];
    if (raw === undefined) continue;
    const v = isSecretKey(k) ? REDACTED_JSON : write(raw);
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + v;
    first = false;
  }
  return out + '}';
}

/** A deep copy with secret-named keys replaced; for callers that log or export values. */
export function redact<T>(value: T): T {
  return JSON.parse(canonicalJson(value)) as T;
}
