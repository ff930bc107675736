/**
 * The bearer token (PROTOCOLS.md §2.1): fetched with HTTP Basic, refreshed one
 * minute before `expires_in` runs out (half-way for tokens shorter than two
 * minutes, never more often than every 5 s), shared by every caller
 * (concurrent callers wait for one refresh). A token the server refused (REST
 * 401, close 4401) is dropped with `invalidate`, so the next caller gets a
 * fresh one. `reset` (another endpoint or other credentials) also drops a
 * refresh still on its way: a token of the old host is never handed out for
 * the new one. Refused credentials stop the background refresh: retrying them
 * every few seconds would lock the account where lockout is on.
 */
import { isGatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import type { TokenResponse } from './frames.ts';

export interface TokenManagerOptions {
  /** Asks MCE for a token (throws MceError on failure). */
  fetch(signal?: AbortSignal): Promise<TokenResponse>;
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

/** However short the token's life, at most one refresh in this long. */
const MIN_REFRESH_MS = 5_000;

export class TokenManager {
  private readonly opts: TokenManagerOptions;
  private held: Held | null = null;
  private inflight: Promise<string> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private obtained = 0;
  private running = false;
  /** Moves on every reset: a refresh begun before it does not count. */
  private generation = 0;
  private abort = new AbortController();

  constructor(opts: TokenManagerOptions) {
    this.opts = opts;
  }

  /** Refreshes ahead of expiry in the background until stop(). */
  start(): void {
    this.running = true;
    this.abort = new AbortController();
    this.schedule();
  }

  /** Stops the background refresh and cancels a request on its way. */
  stop(): void {
    this.running = false;
    this.abort.abort();
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

  /** Forget the token and any refresh on its way (the endpoint or credentials changed). */
  reset(): void {
    this.generation++;
    this.held = null;
    this.inflight = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get current(): { expiresAt: number } | null {
    return this.held ? { expiresAt: this.held.expiresAt } : null;
  }

  private refresh(): Promise<string> {
    if (this.inflight) return this.inflight;
    const gen = this.generation;
    // Set before the body below can end (it awaits first), so `finally` compares against this very promise.
    let p: Promise<string> | null = null;
    p = (async () => {
      // Nothing below runs before `p` is set (a fetch that throws at once still ends in `finally` after it).
      await null;
      try {
        const r = await this.opts.fetch(this.abort.signal);
        // Reset meanwhile: this token belongs to the old endpoint; the caller of that time may use it, nobody after.
        if (gen !== this.generation) return r.access_token;
        const now = this.opts.clock.now();
        const ttl = r.expires_in * 1000;
        const before = this.opts.refreshBeforeMs ?? 60_000;
        const lead = ttl > 2 * before ? before : ttl / 2;
        this.held = { token: r.access_token, refreshAt: Math.max(now + MIN_REFRESH_MS, now + ttl - lead), expiresAt: now + ttl };
        if (this.obtained++ > 0) this.opts.onRefresh?.();
        this.schedule();
        return r.access_token;
      } finally {
        if (this.inflight === p) this.inflight = null;
      }
    })();
    this.inflight = p;
    return p;
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
        if (this.held && this.opts.clock.now() >= this.held.expiresAt) this.held = null;
        // Refused credentials wait for someone to set new ones (the listener watches for that); others retry soon.
        if (isGatewayError(e) && e.kind === 'permanent') return;
        if (this.running) this.timer = setTimeout(() => this.schedule(), MIN_REFRESH_MS);
      });
    }, wait);
    this.timer.unref?.();
  }
}
