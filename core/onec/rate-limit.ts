/**
 * Requests per minute to a 1C method (onec.rateLimit.<method>): 1C opens a
 * session per HTTP call and sites often limit them. Calls are spaced evenly,
 * 60 000 / rate ms apart, in the order they ask (a burst of uploads queues up
 * rather than opening sessions all at once). The rate is read at each call, so
 * a change applies at once; 0 means unlimited. Per process: several processes
 * on one database each keep their own pace.
 */
import { GatewayError } from '../errors.ts';

export class RateLimiter {
  private next = 0;
  private readonly rate: () => number;
  private readonly now: () => number;

  constructor(rate: () => number, now: () => number = Date.now) {
    this.rate = rate;
    this.now = now;
  }

  /** Waits for this call's turn (at once when unlimited); rejects when `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<void> {
    const rpm = this.rate();
    if (!(rpm > 0)) return Promise.resolve();
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + 60_000 / rpm;
    const wait = at - now;
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(new GatewayError('onec_cancelled', 'cancelled while waiting for its turn under onec.rateLimit', 'retryable'));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, wait);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The method names of onec.rateLimit.<method>, by the client's call names. */
export const RATE_LIMITED_METHODS = { 'GET /agents': 'agents', 'POST /getNormHours': 'getNormHours', 'POST /sendSchedule': 'sendSchedule', 'POST /getTimetypeInfo': 'getTimetypeInfo', 'POST /sendFactWorkTime': 'sendFactWorkTime' } as const;
export type RateLimitedMethod = (typeof RATE_LIMITED_METHODS)[keyof typeof RATE_LIMITED_METHODS];

/** One limiter per method, each reading its rate when called. */
export function methodLimiters(rateOf: (method: RateLimitedMethod) => number): (callName: string, signal?: AbortSignal) => Promise<void> {
  const limiters = new Map<string, RateLimiter>();
  return (callName, signal) => {
    const m = (RATE_LIMITED_METHODS as Record<string, RateLimitedMethod | undefined>)[callName];
    if (!m) return Promise.resolve();
    let l = limiters.get(m);
    if (!l) limiters.set(m, (l = new RateLimiter(() => rateOf(m))));
    return l.acquire(signal);
  };
}
