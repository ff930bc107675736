/**
 * The listener's decisions with an injected clock (fake timers) and a socket
 * and MCE API driven by hand: seq gaps and resync, 4401 and the one immediate
 * retry, backoff, REST fallback and its end, refused credentials without a
 * tight loop, configuration appearing and moving. Over real sockets against
 * the simulator: listener.int.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../time/clock.ts';
import type { MceEndpoint, MceEndpointSource } from './endpoint.ts';
import { MceError } from './errors.ts';
import { parseAgents } from './frames.ts';
import { MceListener, type MceApi } from './listener.ts';
import { LiveAgents } from './live-state.ts';
import { agent, FakeSocket } from './testing/fake-socket.ts';

let ep: MceEndpoint | null;
let sockets: FakeSocket[];
let tokens: number;
let restCalls: number;
let tokenFails: MceError | null;
let restFails: MceError[];
let logs: string[];
let live: LiveAgents;
let listener: MceListener;

const endpoint: MceEndpointSource = { simulated: false, url: () => ep?.url ?? null, current: () => ep };

const api: MceApi = {
  token: async () => {
    tokens++;
    if (tokenFails) throw tokenFails;
    return { access_token: `tok${tokens}`, expires_in: 3600 };
  },
  agents: async () => {
    restCalls++;
    const f = restFails.shift();
    if (f) throw f;
    return { seq: 500, ...parseAgents([agent('r1', 'talking'), agent('r2')]) };
  },
};

function make() {
  listener = new MceListener({
    endpoint,
    api,
    live,
    clock: systemClock,
    settings: () => ({ pollIntervalMs: 5_000, heartbeatTimeoutMs: 60_000 }),
    log: (l) => logs.push(l),
    random: () => 0.5,
    endpointCheckMs: 5_000,
    authRetryMs: 300_000,
    resyncTimeoutMs: 15_000,
    openSocket: (o, e) => {
      const s = new FakeSocket(o, e);
      sockets.push(s);
      return s;
    },
  });
  return listener;
}

const last = () => sockets[sockets.length - 1]!;
const settle = () => vi.advanceTimersByTimeAsync(1);

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-06T10:00:00Z') });
  ep = { url: 'http://mce.local:8090', username: 'wfm', password: 'p' };
  sockets = [];
  tokens = 0;
  restCalls = 0;
  tokenFails = null;
  restFails = [];
  logs = [];
  live = new LiveAgents();
});

afterEach(async () => {
  await listener?.stop();
  vi.useRealTimers();
});

describe('MceListener over a socket', () => {
  it('goes live on the first snapshot, applies statuses in seq order and ignores old ones', async () => {
    make().start();
    await settle();
    expect(last().opts).toMatchObject({ url: 'ws://mce.local:8090/ws/agent-status', token: 'tok1' });
    last().frame({ type: 'snapshot', seq: 10, agents: [agent('a1'), agent('a2')] });
    expect(listener.mode).toBe('live');
    last().frame({ type: 'status', seq: 11, agentId: 'a1', state: 'talking', reason: null, since: '2026-12-06T10:00:01Z' });
    last().frame({ type: 'status', seq: 11, agentId: 'a1', state: 'wrap_up', reason: null, since: '2026-12-06T10:00:02Z' });
    expect(live.get('a1')?.state).toBe('talking');
    expect(listener.counters).toMatchObject({ events: 1, snapshots: 1, seqGaps: 0, resyncs: 0 });
    expect(last().sent).toEqual([]);
  });

  it('answers a gap in seq with one resync, keeps applying, and counts it; the snapshot ends the wait', async () => {
    make().start();
    await settle();
    const s = last();
    s.frame({ type: 'snapshot', seq: 10, agents: [agent('a1'), agent('a2')] });
    s.frame({ type: 'status', seq: 13, agentId: 'a1', state: 'break', reason: 'lunch', since: '2026-12-06T10:00:01Z' });
    s.frame({ type: 'status', seq: 15, agentId: 'a2', state: 'talking', reason: null, since: '2026-12-06T10:00:02Z' });
    expect(s.sent).toEqual([{ type: 'resync' }]);
    expect(listener.counters).toMatchObject({ seqGaps: 1, resyncs: 1, events: 2 });
    expect(live.get('a1')).toMatchObject({ state: 'break', reason: 'lunch' });
    s.frame({ type: 'snapshot', seq: 20, agents: [agent('a1', 'available'), agent('a2', 'talking')] });
    s.frame({ type: 'status', seq: 22, agentId: 'a1', state: 'ringing', reason: null, since: '2026-12-06T10:00:03Z' });
    expect(s.sent).toEqual([{ type: 'resync' }, { type: 'resync' }]);
    expect(listener.counters).toMatchObject({ seqGaps: 2, resyncs: 2, snapshots: 2 });
  });

  it('hears frames lost at the end of a burst from the heartbeat, and resyncs', async () => {
    make().start();
    await settle();
    last().frame({ type: 'snapshot', seq: 10, agents: [agent('a1')] });
    last().frame({ type: 'heartbeat', seq: 10, ts: '2026-12-06T10:00:30Z' });
    expect(last().sent).toEqual([]);
    last().frame({ type: 'heartbeat', seq: 12, ts: '2026-12-06T10:01:00Z' });
    expect(last().sent).toEqual([{ type: 'resync' }]);
    expect(listener.counters.seqGaps).toBe(1);
  });

  it('asks for a snapshot when a status names an agent it does not know', async () => {
    make().start();
    await settle();
    last().frame({ type: 'snapshot', seq: 1, agents: [agent('a1')] });
    last().frame({ type: 'status', seq: 2, agentId: 'new', state: 'available', reason: null, since: '2026-12-06T10:00:01Z' });
    expect(last().sent).toEqual([{ type: 'resync' }]);
    expect(listener.counters).toMatchObject({ seqGaps: 0, resyncs: 1 });
  });

  it('drops a socket whose resync is never answered and connects again', async () => {
    make().start();
    await settle();
    const s = last();
    s.frame({ type: 'snapshot', seq: 1, agents: [agent('a1')] });
    s.frame({ type: 'status', seq: 5, agentId: 'a1', state: 'talking', reason: null, since: '2026-12-06T10:00:01Z' });
    await vi.advanceTimersByTimeAsync(15_001);
    expect(s.endedWith).toMatchObject({ cause: 'terminated', why: expect.stringMatching(/no snapshot came within 15 s/) });
    await vi.advanceTimersByTimeAsync(1_100);
    expect(sockets).toHaveLength(2);
    expect(listener.counters.reconnects).toBe(1);
  });

  it('on close 4401 reconnects at once with a fresh token, once; a second 4401 waits for the backoff', async () => {
    make().start();
    await settle();
    last().frame({ type: 'snapshot', seq: 1, agents: [agent('a1')] });
    last().close(4401, 'token expired');
    await settle();
    expect(sockets).toHaveLength(2);
    expect(last().opts.token).toBe('tok2');
    last().close(4401, 'token expired');
    await settle();
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(3);
    expect(last().opts.token).toBe('tok3');
  });

  it('backs off from 1 s doubling to a 30 s cap while the socket keeps failing, and starts over after a good session', async () => {
    make().start();
    await settle();
    const opened: number[] = [Date.now()];
    for (let i = 0; i < 8; i++) {
      last().close(1006);
      const before = sockets.length;
      while (sockets.length === before) await vi.advanceTimersByTimeAsync(100);
      opened.push(Date.now());
    }
    const gaps = opened.slice(1).map((t, i) => Math.round((t - opened[i]!) / 1000));
    expect(gaps).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
    // A session that delivered and lasted (10 s) resets the backoff.
    last().frame({ type: 'snapshot', seq: 1, agents: [] });
    await vi.advanceTimersByTimeAsync(10_000);
    last().close(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(10);
  });

  it('keeps backing off when every socket is closed with 4401 right after its snapshot (a token MCE refuses at once)', async () => {
    make().start();
    await settle();
    for (let i = 0; i < 6; i++) {
      last().frame({ type: 'snapshot', seq: 1, agents: [] });
      last().close(4401, 'token expired');
      await settle();
    }
    // Over 3 s: the one immediate retry, then 1 s and 2 s of backoff, not a socket per millisecond.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sockets.length).toBeLessThanOrEqual(5);
    expect(tokens).toBeLessThanOrEqual(6);
  });
});

describe('MceListener stopping', () => {
  it('opens no socket when stopped while its token is on the way, and stops at once', async () => {
    make().start();
    const stopped = listener.stop();
    await settle();
    await stopped;
    expect(tokens).toBe(1);
    expect(sockets).toHaveLength(0);
    expect(listener.running).toBe(false);
  });

  it('drops the open socket when stopped', async () => {
    make().start();
    await settle();
    last().frame({ type: 'snapshot', seq: 1, agents: [] });
    await listener.stop();
    expect(last().endedWith).toEqual({ cause: 'terminated', why: 'the gateway is stopping' });
    expect(listener.mode).toBe('offline');
  });
});

describe('MceListener against a misbehaving world', () => {
  it('keeps an agent whose record MCE sends broken as last known, and its statuses ask for no resync', async () => {
    make().start();
    await settle();
    last().frame({ type: 'snapshot', seq: 1, agents: [agent('a1'), agent('a2')] });
    // The next snapshot has a2 without a state: a2 stays as it was, not removed.
    last().frame({ type: 'snapshot', seq: 2, agents: [agent('a1'), { agentId: 'a2', login: 'x', name: 'y', since: '2026-12-06T09:00:00Z' }] });
    expect(live.get('a2')?.state).toBe('available');
    // A never-seen agent whose record is broken: its statuses do not start a resync loop.
    last().frame({ type: 'snapshot', seq: 3, agents: [agent('a1'), agent('a2'), { agentId: 'a3', state: 'talking', since: 'never' }] });
    const sent = last().sent.length;
    for (let i = 0; i < 5; i++) last().frame({ type: 'status', seq: 4 + i, agentId: 'a3', state: 'talking', reason: null, since: '2026-12-06T10:00:01Z' });
    expect(last().sent.length).toBe(sent);
    expect(listener.counters.badFrames).toBe(2);
  });

  it('discards a REST answer requested before a socket snapshot that arrived meanwhile', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const old = api.agents;
    let calls = 0;
    // The first request hangs and then answers what was true when it was asked (r1 talking); later ones answer r1 on break.
    api.agents = async () => {
      if (++calls === 1) {
        await slow;
        return { seq: 500, ...parseAgents([agent('r1', 'talking')]) };
      }
      return { seq: 1100, ...parseAgents([agent('r1', 'break', '2026-12-06T10:00:00Z')]) };
    };
    try {
      make().start();
      await settle();
      last().close(1006);
      await settle(); // the first poll is on its way
      await vi.advanceTimersByTimeAsync(1_000); // a new socket
      last().frame({ type: 'snapshot', seq: 1000, agents: [agent('r1', 'break', '2026-12-06T10:00:00Z')] });
      last().close(1006);
      await settle(); // a new poll, answered at once
      expect(listener.mode).toBe('fallback');
      release();
      await settle();
      // The old answer came last and is dropped.
      expect(live.get('r1')?.state).toBe('break');
      expect(calls).toBe(2);
    } finally {
      api.agents = old;
    }
  });

  it('stops at once while a REST request hangs, cancelling it', async () => {
    const old = api.agents;
    let cancelled = false;
    api.agents = (_ep, _t, signal) =>
      new Promise((_r, reject) => {
        signal?.addEventListener('abort', () => {
          cancelled = true;
          reject(new Error('aborted'));
        });
      });
    try {
      make().start();
      await settle();
      last().close(1006);
      await settle();
      const stopped = listener.stop();
      await settle();
      await stopped;
      expect(cancelled).toBe(true);
    } finally {
      api.agents = old;
    }
  });

  it('goes on with the default settings when the configuration cannot be read, and says so once', async () => {
    listener = new MceListener({
      endpoint,
      api,
      live,
      clock: systemClock,
      settings: () => {
        throw new Error('stored configuration is invalid: mce.pollIntervalMs: too small');
      },
      log: (l) => logs.push(l),
      random: () => 0.5,
      openSocket: (o, e) => {
        const sk = new FakeSocket(o, e);
        sockets.push(sk);
        return sk;
      },
    });
    listener.start();
    await settle();
    expect(last().opts.heartbeatTimeoutMs).toBe(60_000);
    last().close(1006);
    await vi.advanceTimersByTimeAsync(12_000);
    expect(restCalls).toBeGreaterThanOrEqual(2);
    expect(listener.running).toBe(true);
    expect(logs.filter((l) => l.includes('the settings cannot be read'))).toHaveLength(1);
  });
});

describe('MceListener REST fallback', () => {
  it('polls at once when the socket goes down, then every poll interval, and stops when the socket is live again', async () => {
    make().start();
    await settle();
    // The socket gets the first chance.
    expect(restCalls).toBe(0);
    last().close(1006);
    await settle();
    expect(restCalls).toBe(1);
    expect(listener.mode).toBe('fallback');
    expect(live.get('r1')?.state).toBe('talking');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(restCalls).toBe(2);
    // Meanwhile the backoff (1 s) opened a new socket.
    expect(sockets).toHaveLength(2);
    last().frame({ type: 'snapshot', seq: 600, agents: [agent('a1')] });
    expect(listener.mode).toBe('live');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(restCalls).toBe(2);
    expect(live.get('r1')).toBeUndefined();
    last().close(1006);
    await settle();
    expect(restCalls).toBe(3);
    expect(listener.mode).toBe('fallback');
    expect(listener.counters.polls).toBe(3);
  });

  it('is offline when REST fails too, with the reason', async () => {
    restFails = [new MceError('mce_http', 'GET /api/v1/agents failed: HTTP 503', 'retryable', 503)];
    make().start();
    await settle();
    last().close(1006);
    await settle();
    expect(listener.mode).toBe('offline');
    expect(listener.lastError).toMatchObject({ code: 'mce_http', permanent: false });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(listener.mode).toBe('fallback');
  });

  it('answers a REST 401 by refreshing the token once and asking again', async () => {
    restFails = [new MceError('mce_token_rejected', 'MCE refused the access token (HTTP 401)', 'retryable', 401)];
    make().start();
    await settle();
    last().close(1006);
    await settle();
    expect(restCalls).toBe(2);
    expect(tokens).toBe(2);
    expect(listener.mode).toBe('fallback');
  });
});

describe('MceListener configuration and credentials', () => {
  it('refused credentials are a permanent error, never a tight retry loop; new credentials are tried at once', async () => {
    tokenFails = new MceError('mce_auth', 'MCE refused the credentials of user "wfm" (HTTP 401)', 'permanent', 401);
    make().start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    // One attempt at start, then one each authRetryMs (5 min).
    expect(tokens).toBeLessThanOrEqual(3);
    expect(listener.lastError).toMatchObject({ code: 'mce_auth', permanent: true });
    expect(listener.mode).toBe('offline');
    expect(sockets).toHaveLength(0);
    expect(restCalls).toBe(0);
    tokenFails = null;
    const before = tokens;
    ep = { ...ep!, password: 'new' };
    await vi.advanceTimersByTimeAsync(5_001);
    expect(tokens).toBeGreaterThan(before);
    expect(sockets).toHaveLength(1);
  });

  it('is offline, polling nothing, when credentials are refused after the socket went down', async () => {
    make().start();
    await settle();
    last().frame({ type: 'snapshot', seq: 1, agents: [] });
    last().close(1006);
    await settle();
    expect(listener.mode).toBe('fallback');
    // From now on MCE refuses the credentials (and the token refresh is due).
    tokenFails = new MceError('mce_auth', 'MCE refused the credentials of user "wfm" (HTTP 401)', 'permanent', 401);
    listener.tokens.reset();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(listener.mode).toBe('offline');
    const polls = restCalls;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(restCalls).toBe(polls);
  });

  it('is not_configured without a URL, and connects once one is set', async () => {
    ep = null;
    make().start();
    await settle();
    expect(listener.mode).toBe('not_configured');
    ep = { url: 'http://mce.local:8090', username: 'wfm', password: 'p' };
    await vi.advanceTimersByTimeAsync(5_001);
    expect(sockets).toHaveLength(1);
    last().frame({ type: 'snapshot', seq: 1, agents: [] });
    expect(listener.mode).toBe('live');
  });

  it('moves to a new URL without a restart', async () => {
    make().start();
    await settle();
    last().frame({ type: 'snapshot', seq: 1, agents: [] });
    ep = { url: 'https://mce2.local', username: 'wfm', password: 'p' };
    await vi.advanceTimersByTimeAsync(5_001);
    expect(sockets[0]!.endedWith).toMatchObject({ cause: 'terminated', why: 'the MCE endpoint or credentials changed' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(last().opts.url).toBe('wss://mce2.local/ws/agent-status');
  });

  it('logs skipped frames at most five a minute, then how many were not logged', async () => {
    make().start();
    await settle();
    for (let i = 0; i < 12; i++) last().bad(`{broken ${i}`);
    expect(listener.counters.badFrames).toBe(12);
    expect(logs.filter((l) => l.includes('frame was skipped'))).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(60_000);
    last().bad('{again');
    expect(logs.some((l) => l.includes('7 more bad frame(s)'))).toBe(true);
  });
});
