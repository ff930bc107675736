/** Token timing with an injected clock (fake timers move Date.now and setTimeout together). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../time/clock.ts';
import { MceError } from './errors.ts';
import { TokenManager } from './token.ts';

let issued: number;
let ttlSec: number;
let fetches: number;
let refreshes: number;

function manager(opts: { failNext?: number } = {}) {
  let fail = opts.failNext ?? 0;
  return new TokenManager({
    clock: systemClock,
    fetch: async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 10));
      if (fail > 0) {
        fail--;
        throw new Error('MCE down');
      }
      return { access_token: `t${++issued}`, token_type: 'Bearer', expires_in: ttlSec };
    },
    onRefresh: () => refreshes++,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-06T10:00:00Z') });
  issued = 0;
  fetches = 0;
  refreshes = 0;
  ttlSec = 3600;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TokenManager', () => {
  it('gives concurrent callers one token from one request', async () => {
    const m = manager();
    const all = Promise.all([m.token(), m.token(), m.token()]);
    await vi.advanceTimersByTimeAsync(10);
    expect(await all).toEqual(['t1', 't1', 't1']);
    expect(fetches).toBe(1);
  });

  it('refreshes one minute before expires_in runs out, in the background, and counts it', async () => {
    const m = manager();
    m.start();
    const first = m.token();
    await vi.advanceTimersByTimeAsync(10);
    expect(await first).toBe('t1');
    // 58 min 59 s later: still the first token, nothing fetched.
    await vi.advanceTimersByTimeAsync(3600_000 - 60_000 - 1_000 - 10);
    expect(fetches).toBe(1);
    expect(await m.token()).toBe('t1');
    // At 59 min the background refresh runs (and its request takes 10 ms).
    await vi.advanceTimersByTimeAsync(1_000 + 20);
    expect(fetches).toBe(2);
    expect(refreshes).toBe(1);
    expect(await m.token()).toBe('t2');
    m.stop();
  });

  it('refreshes a token shorter than two minutes half-way, never in a tight loop', async () => {
    ttlSec = 30;
    const m = manager();
    m.start();
    const t = m.token();
    await vi.advanceTimersByTimeAsync(10);
    await t;
    await vi.advanceTimersByTimeAsync(60_000);
    // 30 s tokens refreshed every 15 s: four in a minute, not thousands.
    expect(fetches).toBeGreaterThanOrEqual(4);
    expect(fetches).toBeLessThanOrEqual(5);
    m.stop();
  });

  it('drops a token the server refused, so the next caller gets a fresh one; a newer token is kept', async () => {
    const m = manager();
    const a = m.token();
    await vi.advanceTimersByTimeAsync(10);
    expect(await a).toBe('t1');
    m.invalidate('t1');
    const b = m.token();
    await vi.advanceTimersByTimeAsync(10);
    expect(await b).toBe('t2');
    m.invalidate('t1'); // a late 401 for the old token
    expect(await m.token()).toBe('t2');
    expect(fetches).toBe(2);
  });

  it('retries a failed background refresh a few seconds later while the held token is still valid', async () => {
    const errors: unknown[] = [];
    const m = new TokenManager({
      clock: systemClock,
      fetch: async () => {
        fetches++;
        // The background refresh and a caller's own attempt right after it fail.
        if (fetches === 2 || fetches === 3) throw new Error('MCE down');
        return { access_token: `x${fetches}`, expires_in: 3600 };
      },
      onError: (e) => errors.push(e),
    });
    m.start();
    expect(await m.token()).toBe('x1');
    await vi.advanceTimersByTimeAsync(3540_000);
    expect(errors).toHaveLength(1);
    // A caller tries a refresh of its own, which fails too: the held token is still valid for a minute and serves.
    expect(await m.token()).toBe('x1');
    expect(fetches).toBe(3);
    // The background retry comes 5 s later.
    await vi.advanceTimersByTimeAsync(5_010);
    expect(fetches).toBe(4);
    expect(await m.token()).toBe('x4');
    m.stop();
  });

  it('after reset, never hands out a token a refresh begun before it fetched (the old host\'s)', async () => {
    let host = 'a';
    const m = new TokenManager({
      clock: systemClock,
      fetch: async () => {
        const from = host;
        await new Promise((r) => setTimeout(r, 100));
        return { access_token: `token-from-${from}`, expires_in: 3600 };
      },
    });
    const first = m.token();
    await vi.advanceTimersByTimeAsync(50);
    // The URL moves while the refresh for the old host is on its way.
    host = 'b';
    m.reset();
    const second = m.token();
    await vi.advanceTimersByTimeAsync(200);
    expect(await first).toBe('token-from-a');
    expect(await second).toBe('token-from-b');
    expect(await m.token()).toBe('token-from-b');
  });

  it('stops refreshing in the background when MCE refuses the credentials (no account lockout by retries)', async () => {
    let refuse = false;
    const m = new TokenManager({
      clock: systemClock,
      fetch: async () => {
        fetches++;
        if (refuse) throw new MceError('mce_auth', 'refused', 'permanent', 401);
        return { access_token: `x${fetches}`, expires_in: 3600 };
      },
    });
    m.start();
    await m.token();
    refuse = true;
    await vi.advanceTimersByTimeAsync(3600_000);
    // One refused refresh at 59 min, none after it.
    expect(fetches).toBe(2);
    m.stop();
  });

  it('refreshes a token of a millisecond no more than every 5 s', async () => {
    const m = new TokenManager({
      clock: systemClock,
      fetch: async () => {
        fetches++;
        return { access_token: `x${fetches}`, expires_in: 0.001 };
      },
    });
    m.start();
    await m.token();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetches).toBeLessThanOrEqual(3);
    m.stop();
  });
});
