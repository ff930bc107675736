/**
 * Refused connections (bad token, foreign origin, unknown host name) are worth
 * a log line, but a scanner or a stale browser tab retrying in a loop must not
 * flood the log. Per remote address: the first refusal is logged at once;
 * later ones within the same minute are only counted, and the count (with the
 * reasons) is logged when the minute ends. While refusals go on, that is one
 * line per address per minute. At most `maxAddresses` are tracked; refusals
 * from further addresses share one "other addresses" entry, so memory stays bounded.
 */
export interface RefusalLogOptions {
  log: (line: string) => void;
  now?: () => number;
  windowMs?: number;
  maxAddresses?: number;
  /** How often ended windows are reported; default every 10 s. 0: only on sweep() (tests). */
  sweepMs?: number;
}

interface Entry {
  windowStart: number;
  /** Refusals this window not yet logged. */
  unlogged: number;
  reasons: Map<string, number>;
  /** Names what was refused last ("a console connection", "GET /metrics"). */
  lastWhat: string;
}

export const OTHER_ADDRESSES = 'other addresses';

/** Control characters and overlong text from a request never reach the log as they came. */
export function cleanForLog(s: string, max = 120): string {
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

export class RefusalLog {
  private readonly opts: Required<Omit<RefusalLogOptions, 'sweepMs'>>;
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: RefusalLogOptions) {
    this.opts = { now: Date.now, windowMs: 60_000, maxAddresses: 256, ...opts };
    const every = opts.sweepMs ?? 10_000;
    if (every > 0) {
      this.timer = setInterval(() => this.sweep(), every);
      this.timer.unref();
    }
  }

  /** Addresses tracked now (never more than maxAddresses + 1). */
  get size(): number {
    return this.entries.size;
  }

  /** One refusal: `what` was refused from `address` because of `reason` (short, fixed words). */
  note(address: string | undefined, what: string, reason: string): void {
    const now = this.opts.now();
    let key = address ?? '?';
    let e = this.entries.get(key);
    if (e && now - e.windowStart >= this.opts.windowMs) {
      this.report(key, e);
      e = this.entries.get(key);
    }
    if (!e) {
      if (this.entries.size >= this.opts.maxAddresses && key !== OTHER_ADDRESSES) {
        key = OTHER_ADDRESSES;
        e = this.entries.get(key);
        if (e && now - e.windowStart >= this.opts.windowMs) {
          this.report(key, e);
          e = this.entries.get(key);
        }
      }
    }
    if (!e) {
      // A new burst: said at once, then counted for a minute.
      this.entries.set(key, { windowStart: now, unlogged: 0, reasons: new Map(), lastWhat: what });
      this.opts.log(`refused ${what} from ${key}: ${reason}`);
      return;
    }
    e.unlogged += 1;
    e.lastWhat = what;
    e.reasons.set(reason, (e.reasons.get(reason) ?? 0) + 1);
  }

  /** Reports every window that has ended; called by the timer. */
  sweep(): void {
    const now = this.opts.now();
    for (const [key, e] of [...this.entries]) {
      if (now - e.windowStart >= this.opts.windowMs) this.report(key, e);
    }
  }

  /** Stops the timer and reports what was counted so far: a shutdown loses no count. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const [key, e] of [...this.entries]) this.report(key, e);
    this.entries.clear();
  }

  /** Ends a window: logs what was counted and keeps watching for another minute, or forgets a quiet address. */
  private report(key: string, e: Entry): void {
    if (e.unlogged === 0) {
      this.entries.delete(key);
      return;
    }
    const reasons = [...e.reasons].map(([r, n]) => `${r} ×${n}`).join(', ');
    this.opts.log(`refused ${e.unlogged} more connection(s) from ${key} in the last minute (${reasons}; last: ${e.lastWhat})`);
    // Still busy: the next minute is counted and reported at its end, not logged per refusal again.
    this.entries.set(key, { windowStart: e.windowStart + this.opts.windowMs * Math.floor((this.opts.now() - e.windowStart) / this.opts.windowMs), unlogged: 0, reasons: new Map(), lastWhat: e.lastWhat });
  }
}
