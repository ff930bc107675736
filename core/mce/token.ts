/**
 * The bearer token (PROTOCOLS.md §2.1): fetched with HTTP Basic, refreshed one
 * minute before `expires_in` runs out (half-way for tokens shorter than two
 * minutes), shared by every caller (concurrent callers wait for one refresh).
 * A token the server refused (REST 401, close 4401) is dropped with
 * `invalidate`, so the next caller gets a fresh one.
 */
import type { Clock } from '../time/clock.ts';
import type { TokenResponse } from './frames.ts';

export interface TokenManagerOptions {
  /** Asks MCE for a token (throws MceError on failure). */
  fetch(): Promise<TokenResponse>;
  clock: Clock;
  /** Default one minute. */
  refreshBeforeMs?: number;
  /** Each token obtained after the first. */
  onRefresh?(): void;
  /** A background refresh failed (the next caller tries again). */
  onError?(e: unknown): void;
}

interface Held {
  token: string;
  /** When to stop handing it out and fetch another. */
  refreshAt: number;
  expiresAt: number;
}

export class TokenManager {
  private readonly opts: TokenManagerOptions;
  private held: Held | null = null;
  private inflight: Promise<string> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private obtained = 0;
  private running = false;

  constructor(opts: TokenManagerOptions) {
    this.opts = opts;
  }

  /** Refreshes ahead of expiry in the background until stop(). */
  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * A valid token: the one held, or a fresh one (one request however many
   * callers wait). When the refresh fails while the held token has not
   * expired yet, the held one still serves.
   */
  token(): Promise<string> {
    const h = this.held;
    if (h && this.opts.clock.now() < h.refreshAt) return Promise.resolve(h.token);
    return this.refresh().catch((e: unknown) => {
      const still = this.held;
      if (still && this.opts.clock.now() < still.expiresAt - 5_000) return still.token;
      throw e;
    });
  }

  /** The server refused `token`: stop using it (a newer one is kept). */
  invalidate(token: string): void {
    if (this.held?.token === token) this.held = null;
  }

  /** Forget the token (the endpoint or credentials changed). */
  reset(): void {
    this.held = null;
  }

  get current(): { expiresAt: number } | null {
    return this.held ? { expiresAt: this.held.expiresAt } : null;
  }

  private refresh(): Promise<string> {
    this.inflight ??= (async () => {
      try {
        const r = await this.opts.fetch();
        const now = this.opts.clock.now();
        const ttl = r.expires_in * 1000;
        const before = this.opts.refreshBeforeMs ?? 60_000;
        const lead = ttl > 2 * before ? before : ttl / 2;
        this.held = { token: r.access_token, refreshAt: now + ttl - lead, expiresAt: now + ttl };
        if (this.obtained++ > 0) this.opts.onRefresh?.();
        this.schedule();
        return r.access_token;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running || !this.held) return;
    const wait = Math.max(0, this.held.refreshAt - this.opts.clock.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().catch((e: unknown) => {
        this.opts.onError?.(e);
        // Retry in a while; a caller meanwhile fetches for itself.
        if (this.running) this.timer = setTimeout(() => this.schedule(), 5_000);
        if (this.held && this.opts.clock.now() >= this.held.expiresAt) this.held = null;
      });
    }, wait);
    this.timer.unref?.();
  }
}
