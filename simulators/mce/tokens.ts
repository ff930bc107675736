/** Bearer tokens issued by `POST /auth/mce/token`: opaque, random, each with its own expiry. */
import { randomBytes } from 'node:crypto';

export class TokenStore {
  private readonly tokens = new Map<string, number>();
  issued = 0;

  issue(ttlSec: number, nowMs: number): { token: string; expiresAtMs: number } {
    if (this.tokens.size > 10_000) this.prune(nowMs);
    const token = randomBytes(24).toString('base64url');
    const expiresAtMs = nowMs + ttlSec * 1000;
    this.tokens.set(token, expiresAtMs);
    this.issued++;
    return { token, expiresAtMs };
  }

  /** When the token expires, or null when it is unknown or already expired. */
  expiresAt(token: string | null, nowMs: number): number | null {
    if (!token) return null;
    const at = this.tokens.get(token);
    return at !== undefined && at > nowMs ? at : null;
  }

  /** Every token issued so far expires now. */
  expireAll(): void {
    this.tokens.clear();
  }

  private prune(nowMs: number): void {
    for (const [t, at] of this.tokens) if (at <= nowMs) this.tokens.delete(t);
  }
}
