/**
 * The audit chain's key: HMAC-SHA-256 under a key derived from the gateway's
 * data key with HKDF and a fixed label, so the data key itself (which also
 * encrypts credentials) is never used for a second purpose. Someone who can
 * write the database but not read the key cannot compute a keyed row's hash,
 * so cannot forge or re-chain keyed rows.
 *
 * The HMAC key is the derived 32 bytes as 64 hex characters: exactly one
 * SHA-256 block, which HMAC uses as it is (RFC 2104), and plain ASCII, so the
 * inner pad can be a string prefix. That lets each MAC be two one-shot
 * `crypto.hash` calls instead of a `createHmac` object per row: verify walks a
 * million rows, and this is about half the cost of createHmac (bench/audit).
 * The result is the standard HMAC: `createHmac('sha256', hexKey)` gives the same.
 */
import { hash, hkdfSync } from 'node:crypto';

/** HKDF's info: changing it (or the data key) changes every keyed hash. */
export const AUDIT_KEY_LABEL = 'argus-gateway/audit-chain/v1';

/** What a keyed row's hash is, for people reading the log or the docs. */
export const KEYED_HASH_NAME = 'HMAC-SHA-256';

export class AuditKey {
  /** The HMAC key itself (verification workers, parallel.ts, take it in this form). */
  readonly hex: string;
  /** K ⊕ ipad as a string of 64 ASCII characters. */
  private readonly inner: string;
  /** K ⊕ opad followed by room for the inner digest. */
  private readonly outer: Buffer;

  constructor(hexKey: string) {
    if (!/^[0-9a-f]{64}$/.test(hexKey)) throw new Error('an audit key is 64 lower-case hex characters');
    this.hex = hexKey;
    let inner = '';
    this.outer = Buffer.alloc(96);
    for (let i = 0; i < 64; i++) {
      const c = hexKey.charCodeAt(i);
      inner += String.fromCharCode(c ^ 0x36);
      this.outer[i] = c ^ 0x5c;
    }
    this.inner = inner;
  }

  /** HMAC-SHA-256 of `text` (UTF-8) as lower-case hex. */
  mac(text: string): string {
    const innerDigest = hash('sha256', this.inner + text, 'buffer') as unknown as Buffer;
    innerDigest.copy(this.outer, 64);
    return hash('sha256', this.outer, 'hex');
  }
}

/** The audit key derived from the gateway's 32-byte data key. */
export function deriveAuditKey(dataKey: Buffer): AuditKey {
  const derived = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), AUDIT_KEY_LABEL, 32));
  return new AuditKey(derived.toString('hex'));
}

