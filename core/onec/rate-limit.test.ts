import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { methodLimiters, RateLimiter } from './rate-limit.ts';

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

/** When each acquire resolved, in fake ms after the start. */
async function times(limiter: RateLimiter, n: number): Promise<number[]> {
  const start = Date.now();
  const out: number[] = [];
  const all = Array.from({ length: n }, () => limiter.acquire().then(() => out.push(Date.now() - start)));
  await vi.runAllTimersAsync();
  await Promise.all(all);
  return out;
}

describe('per-method rate limit of 1C calls', () => {
  it('spaces calls 60 000 / rate ms apart, in the order they ask', async () => {
    expect(await times(new RateLimiter(() => 120), 4)).toEqual([0, 500, 1000, 1500]);
  });

  it('lets every call through at once when the rate is 0 (unlimited)', async () => {
    expect(await times(new RateLimiter(() => 0), 3)).toEqual([0, 0, 0]);
  });

  it('reads the rate at each call: a change applies to the next one', async () => {
    let rate = 60;
    const l = new RateLimiter(() => rate);
    await l.acquire();
    rate = 0;
    const t0 = Date.now();
    await l.acquire();
    expect(Date.now() - t0).toBe(0);
  });

  it('a call aborted while it waits gives up its turn with a retryable error', async () => {
    const l = new RateLimiter(() => 60);
    await l.acquire();
    const ac = new AbortController();
    const waiting = l.acquire(ac.signal);
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'onec_cancelled', kind: 'retryable' });
  });

  it('keeps one pace per method and none for unknown calls', async () => {
    const rates: Record<string, number> = { sendSchedule: 60, getTimetypeInfo: 0 };
    const before = methodLimiters((m) => rates[m] ?? 0);
    const start = Date.now();
    const done: string[] = [];
    const calls = [
      before('POST /sendSchedule').then(() => done.push(`s1@${Date.now() - start}`)),
      before('POST /sendSchedule').then(() => done.push(`s2@${Date.now() - start}`)),
      before('POST /getTimetypeInfo').then(() => done.push(`t@${Date.now() - start}`)),
      before('GET /somethingElse').then(() => done.push(`x@${Date.now() - start}`)),
    ];
    await vi.runAllTimersAsync();
    await Promise.all(calls);
    expect(done.sort()).toEqual(['s1@0', 's2@1000', 't@0', 'x@0']);
  });
});
