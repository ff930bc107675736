/**
 * The MCE listener (PROTOCOLS.md §2): keeps the live map current over the
 * WebSocket, and over REST polling while the socket is down.
 *
 * - Socket: a snapshot replaces the state; a status applies when its seq is
 *   the next one; a gap (or a heartbeat announcing frames we never got, or a
 *   status of an agent we do not know) asks for `resync` once and waits for
 *   the snapshot; a socket silent for the heartbeat timeout is terminated.
 * - Close 4401 or an upgrade refused with 401: the token is dropped and the
 *   socket reopened at once with a fresh one, once; after that, backoff with
 *   jitter from 1 s to a 30 s cap.
 * - REST fallback: while the socket is down, `GET /api/v1/agents` every
 *   `mce.pollIntervalMs` (first poll at once); stops when the socket is back.
 * - Mode: live (socket delivering), fallback (polls delivering), offline
 *   (neither), not_configured (no mce.url).
 * - Credentials refused: a permanent error, shown until someone acts; the
 *   listener then only re-reads the endpoint, and tries again when the
 *   credentials or the URL change (or after `authRetryMs`), never in a tight loop.
 */
import type { MceCounters, MceMode } from '../contract/index.ts';
import { errorMessage, isGatewayError } from '../errors.ts';
import { exponentialDelayMs, type Random } from '../resilience/backoff.ts';
import type { Clock } from '../time/clock.ts';
import { socketUrl, type MceEndpoint, type MceEndpointSource } from './endpoint.ts';
import { parseAgents, type Frame, type TokenResponse } from './frames.ts';
import type { RestSnapshot } from './http.ts';
import type { LiveAgents } from './live-state.ts';
import { RateWindow } from './rate.ts';
import { MceSocket, type SocketEnd, type SocketEvents, type SocketOptions } from './socket.ts';
import { TokenManager } from './token.ts';

export interface MceApi {
  token(ep: MceEndpoint, signal?: AbortSignal): Promise<TokenResponse>;
  agents(ep: MceEndpoint, token: string, signal?: AbortSignal): Promise<RestSnapshot>;
}

export interface SocketLike {
  readonly ended: Promise<SocketEnd>;
  send(frame: unknown): void;
  terminate(why: string): void;
}

export interface ListenerSettings {
  pollIntervalMs: number;
  heartbeatTimeoutMs: number;
}

export interface ListenerDeps {
  endpoint: MceEndpointSource;
  api: MceApi;
  live: LiveAgents;
  clock: Clock;
  /** Read at every use: a change in Settings applies to the next poll or connection. */
  settings(): ListenerSettings;
  log(line: string): void;
  random?: Random;
  /** Reconnect backoff; default 1 s doubling to a 30 s cap. */
  backoff?: { baseMs: number; capMs: number };
  /** After refused credentials: how often to look for new ones, and when to try the old ones again. */
  endpointCheckMs?: number;
  authRetryMs?: number;
  /** No snapshot this long after a resync: reconnect. */
  resyncTimeoutMs?: number;
  /** A session shorter than this does not count as healthy: its end keeps the backoff growing. */
  healthySessionMs?: number;
  /** How a socket is opened (tests drive a fake). */
  openSocket?(opts: SocketOptions, events: SocketEvents): SocketLike;
}

export interface LastError {
  code: string;
  message: string;
  at: number;
  permanent: boolean;
}

const emptyCounters = (): MceCounters => ({ events: 0, snapshots: 0, seqGaps: 0, resyncs: 0, reconnects: 0, tokenRefreshes: 0, badFrames: 0, polls: 0 });

function endpointKey(ep: MceEndpoint): string {
  return JSON.stringify([ep.url, ep.username, ep.password]);
}

export class MceListener {
  mode: MceMode = 'offline';
  modeSince: number | null = null;
  lastEventAt: number | null = null;
  lastError: LastError | null = null;
  readonly counters: MceCounters = emptyCounters();
  readonly tokens: TokenManager;
  private readonly deps: ListenerDeps;
  private readonly rate: RateWindow;
  private readonly modeListeners = new Set<(mode: MceMode) => void>();
  private stopped = true;
  private wake = new AbortController();
  private runLoop: Promise<void> | null = null;
  private pollLoop: Promise<void> | null = null;
  private pollWake = new AbortController();
  private socket: SocketLike | null = null;
  private ep: MceEndpoint | null = null;
  private lastSeq: number | null = null;
  private awaitingSnapshot = false;
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private sessionDelivered = false;
  /** Socket snapshots taken: a REST answer requested before the latest one is older than what we hold. */
  private socketSnapshots = 0;
  /** Agents whose last record broke the contract: kept as last known, and their statuses ask for no resync. */
  private unreadable = new Set<string>();
  private settingsWarned = false;
  private badFrameLog = { windowStart: 0, logged: 0, suppressed: 0 };

  constructor(deps: ListenerDeps) {
    this.deps = deps;
    this.rate = new RateWindow(deps.clock.now());
    this.tokens = new TokenManager({
      clock: deps.clock,
      fetch: (signal) => {
        const ep = this.ep;
        if (!ep) return Promise.reject(new Error('no MCE endpoint'));
        return deps.api.token(ep, signal);
      },
      onRefresh: () => this.counters.tokenRefreshes++,
      onError: (e) => this.fail(e),
    });
  }

  get running(): boolean {
    return !this.stopped;
  }

  eventsPerSec(): number {
    return this.rate.perSecond(this.deps.clock.now());
  }

  onModeChange(fn: (mode: MceMode) => void): () => void {
    this.modeListeners.add(fn);
    return () => this.modeListeners.delete(fn);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake = new AbortController();
    this.tokens.start();
    this.runLoop = this.run().catch((e: unknown) => this.deps.log(`MCE listener stopped on an unexpected error: ${errorMessage(e)}`));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.tokens.stop();
    this.wake.abort();
    this.pollWake.abort();
    this.clearResync();
    this.socket?.terminate('the gateway is stopping');
    await Promise.all([this.runLoop, this.pollLoop]);
    this.setMode('offline');
  }

  // ---------------------------------------------------------------------------

  private async run(): Promise<void> {
    const st = { attempt: 0, tokenRetried: false, sessions: 0 };
    while (!this.stopped) {
      try {
        await this.iteration(st);
      } catch (e) {
        // Nothing may end the loop but stop(): a database error reading the settings, a bug; back off and go on.
        this.deps.log(`MCE listener: ${errorMessage(e)}; trying again`);
        this.fail(e);
        await this.sleep(this.backoffMs(st.attempt++));
      }
    }
  }

  private async iteration(st: { attempt: number; tokenRetried: boolean; sessions: number }): Promise<void> {
    let ep: MceEndpoint | null;
    try {
      ep = this.deps.endpoint.current();
    } catch (e) {
      // Credentials missing or set for another host: nothing to do until someone sets them.
      this.fail(e);
      this.stopPolling();
      this.setMode('offline');
      await this.sleep(this.deps.endpointCheckMs ?? 5_000);
      return;
    }
    if (!ep) {
      this.stopPolling();
      this.lastError = null;
      this.setMode('not_configured');
      await this.sleep(this.deps.endpointCheckMs ?? 5_000);
      return;
    }
    const key = endpointKey(ep);
    if (this.ep === null || endpointKey(this.ep) !== key) {
      this.tokens.reset();
      st.attempt = 0;
    }
    this.ep = ep;
    if (this.mode === 'not_configured') this.setMode('offline');
    // The socket gets the first chance; REST is polled once it failed (see session()).
    if (st.sessions > 0) this.ensurePolling();

    let token: string;
    try {
      token = await this.tokens.token();
    } catch (e) {
      this.fail(e);
      if (this.stopped) return;
      if (isGatewayError(e) && e.kind === 'permanent') {
        // Refused credentials: nothing polls, nothing connects until new ones come (or, rarely, the old ones are tried again).
        this.stopPolling();
        this.setMode('offline');
        await this.waitForEndpointChange(key, this.deps.authRetryMs ?? 300_000);
        st.attempt = 0;
      } else {
        this.ensurePolling();
        await this.sleep(this.backoffMs(st.attempt++));
      }
      return;
    }

    // stop() may have come while the token was on its way.
    if (this.stopped) return;
    if (st.sessions++ > 0) this.counters.reconnects++;
    const began = this.deps.clock.now();
    const end = await this.session(ep, key, token);
    if (this.stopped) return;
    // Only a session that delivered and lasted counts as healthy: one closed right after its snapshot keeps backing off.
    if (this.sessionDelivered && this.deps.clock.now() - began >= (this.deps.healthySessionMs ?? 10_000)) {
      st.attempt = 0;
      st.tokenRetried = false;
    }
    const tokenRefused = (end.cause === 'closed' && end.code === 4401) || (end.cause === 'refused' && end.status === 401);
    if (tokenRefused) {
      this.tokens.invalidate(token);
      if (!st.tokenRetried) {
        st.tokenRetried = true;
        return;
      }
    }
    await this.sleep(this.backoffMs(st.attempt++));
  }

  /** The settings now; a broken configuration (a hand-edited value) falls back to the defaults, said once. */
  private settings(): ListenerSettings {
    try {
      const s = this.deps.settings();
      this.settingsWarned = false;
      return s;
    } catch (e) {
      if (!this.settingsWarned) this.deps.log(`MCE: the settings cannot be read (${errorMessage(e)}); using the defaults (poll every 5 s, heartbeat timeout 60 s)`);
      this.settingsWarned = true;
      return { pollIntervalMs: 5_000, heartbeatTimeoutMs: 60_000 };
    }
  }

  private backoffMs(attempt: number): number {
    const b = this.deps.backoff ?? { baseMs: 1_000, capMs: 30_000 };
    return Math.min(b.capMs, exponentialDelayMs(attempt, { ...b, jitter: 0.3 }, this.deps.random));
  }

  private async session(ep: MceEndpoint, key: string, token: string): Promise<SocketEnd> {
    this.lastSeq = null;
    this.awaitingSnapshot = false;
    this.sessionDelivered = false;
    const open = this.deps.openSocket ?? ((o, e) => new MceSocket(o, e));
    const s: SocketLike = open(
      { url: socketUrl(ep.url), token, heartbeatTimeoutMs: this.settings().heartbeatTimeoutMs, clock: this.deps.clock },
      {
        open: () => undefined,
        frame: (f) => this.onFrame(s, f),
        badFrame: (sample, why) => this.onBadFrame(sample, why),
      },
    );
    this.socket = s;
    // A URL or credential change in Settings (or gatewayctl) moves the listener without a restart.
    const watch = setInterval(() => {
      try {
        const cur = this.deps.endpoint.current();
        if (!cur || endpointKey(cur) !== key) s.terminate('the MCE endpoint or credentials changed');
      } catch {
        s.terminate('the MCE credentials changed');
      }
    }, this.deps.endpointCheckMs ?? 5_000);
    watch.unref?.();
    const end = await s.ended;
    clearInterval(watch);
    this.clearResync();
    this.socket = null;
    if (!this.stopped) {
      this.noteEnd(end);
      if (this.mode === 'live') this.setMode('offline');
      this.ensurePolling();
    }
    return end;
  }

  private onFrame(s: SocketLike, f: Frame): void {
    const now = this.deps.clock.now();
    switch (f.type) {
      case 'snapshot': {
        const list = parseAgents(f.agents);
        if (list.rejected > 0) this.rejectedRecords(list.rejected, list.problems, 'snapshot');
        this.unreadable = new Set(list.rejectedIds);
        this.deps.live.applySnapshot(list.agents, f.seq, this.unreadable);
        this.socketSnapshots++;
        this.lastSeq = f.seq;
        this.awaitingSnapshot = false;
        this.clearResync();
        this.counters.snapshots++;
        this.lastEventAt = now;
        this.sessionDelivered = true;
        this.lastError = null;
        this.stopPolling();
        this.setMode('live');
        return;
      }
      case 'status': {
        // Before the first snapshot, or already covered by one: the snapshot holds it.
        if (this.lastSeq === null || f.seq <= this.lastSeq) return;
        if (f.seq > this.lastSeq + 1 && !this.awaitingSnapshot) {
          this.counters.seqGaps++;
          this.resync(s, `seq jumped from ${this.lastSeq} to ${f.seq}`);
        }
        this.lastSeq = f.seq;
        this.counters.events++;
        this.rate.add(now);
        this.lastEventAt = now;
        // An agent whose record MCE keeps sending broken cannot be learnt from a snapshot: no resync for it.
        if (!this.deps.live.applyStatus(f) && !this.awaitingSnapshot && !this.unreadable.has(f.agentId)) this.resync(s, `a status of agent ${f.agentId}, unknown here`);
        return;
      }
      case 'heartbeat':
        // The heartbeat carries the last seq sent: frames we never got at the end of a burst show here.
        if (this.lastSeq !== null && f.seq > this.lastSeq && !this.awaitingSnapshot) {
          this.counters.seqGaps++;
          this.resync(s, `the heartbeat says seq ${f.seq}, the last one received was ${this.lastSeq}`);
        }
        return;
    }
  }

  private resync(s: SocketLike, why: string): void {
    this.counters.resyncs++;
    this.awaitingSnapshot = true;
    s.send({ type: 'resync' });
    this.deps.log(`MCE: resync requested (${why})`);
    this.clearResync();
    const ms = this.deps.resyncTimeoutMs ?? 15_000;
    this.resyncTimer = setTimeout(() => s.terminate(`no snapshot came within ${Math.round(ms / 1000)} s of a resync`), ms);
    this.resyncTimer.unref?.();
  }

  private clearResync(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = null;
  }

  // ---------------------------------------------------------------------------
  // REST fallback

  private ensurePolling(): void {
    if (this.stopped || this.mode === 'live') return;
    // A loop that was told to stop may still be finishing its request: a new one starts beside it, the old one applies nothing.
    if (this.pollLoop && !this.pollWake.signal.aborted) return;
    const wake = new AbortController();
    this.pollWake = wake;
    const loop = this.poll(wake.signal).finally(() => {
      if (this.pollLoop === loop) this.pollLoop = null;
    });
    this.pollLoop = loop;
  }

  private stopPolling(): void {
    this.pollWake.abort();
  }

  private async poll(wake: AbortSignal): Promise<void> {
    const live = () => this.mode === 'live';
    while (!this.stopped && !wake.aborted && !live()) {
      await this.pollOnce(wake);
      // pollOnce and the socket move the mode meanwhile.
      if (this.stopped || wake.aborted || live()) return;
      await sleep(this.settings().pollIntervalMs, wake);
    }
  }

  private async pollOnce(wake: AbortSignal): Promise<void> {
    const ep = this.ep;
    if (!ep) return;
    // A socket snapshot taken while this request was on its way is newer than its answer.
    const snapshotsBefore = this.socketSnapshots;
    const signal = AbortSignal.any([wake, this.wake.signal]);
    try {
      let token = await this.tokens.token();
      let snap: RestSnapshot;
      try {
        snap = await this.deps.api.agents(ep, token, signal);
      } catch (e) {
        if (!(isGatewayError(e) && e.code === 'mce_token_rejected')) throw e;
        // A 401: refresh once and ask again.
        this.tokens.invalidate(token);
        token = await this.tokens.token();
        snap = await this.deps.api.agents(ep, token, signal);
      }
      this.counters.polls++;
      if (this.stopped || wake.aborted || this.mode === 'live' || this.socketSnapshots !== snapshotsBefore) return;
      if (snap.rejected > 0) this.rejectedRecords(snap.rejected, snap.problems, 'REST list');
      this.unreadable = new Set(snap.rejectedIds);
      this.deps.live.applySnapshot(snap.agents, snap.seq, this.unreadable);
      this.counters.snapshots++;
      this.lastEventAt = this.deps.clock.now();
      this.setMode('fallback');
    } catch (e) {
      if (this.stopped || wake.aborted) return;
      this.fail(e);
      if (this.mode !== 'live') this.setMode('offline');
      // Refused credentials: polling cannot help; the run loop waits for new ones.
      if (isGatewayError(e) && e.kind === 'permanent') this.stopPolling();
    }
  }

  // ---------------------------------------------------------------------------

  private setMode(mode: MceMode): void {
    if (mode === this.mode && this.modeSince !== null) return;
    const was = this.mode;
    this.mode = mode;
    this.modeSince = this.deps.clock.now();
    if (was !== mode) this.deps.log(`MCE: ${was} → ${mode}${this.lastError && mode !== 'live' ? ` (${this.lastError.message})` : ''}`);
    for (const fn of [...this.modeListeners]) fn(mode);
  }

  private fail(e: unknown): void {
    const permanent = isGatewayError(e) && e.kind === 'permanent';
    const code = isGatewayError(e) ? e.code : 'mce_error';
    this.lastError = { code, message: errorMessage(e), at: this.deps.clock.now(), permanent };
  }

  private noteEnd(end: SocketEnd): void {
    const at = this.deps.clock.now();
    const set = (code: string, message: string) => {
      this.lastError = { code, message, at, permanent: false };
    };
    switch (end.cause) {
      case 'closed':
        set(end.code === 4401 ? 'mce_token_rejected' : 'mce_socket_closed', end.code === 4401 ? 'MCE closed the socket: the token expired (4401); reconnecting with a fresh one' : `MCE closed the socket (code ${end.code}${end.reason ? `: ${end.reason}` : ''})`);
        break;
      case 'refused':
        set(end.status === 401 ? 'mce_token_rejected' : 'mce_socket_refused', `MCE refused the socket (HTTP ${end.status})`);
        break;
      case 'heartbeat':
        set('mce_heartbeat', `no frame from MCE for ${Math.round(end.silentMs / 1000)} s: the socket was dropped`);
        break;
      case 'error':
        set('mce_socket_error', `the socket to MCE failed: ${end.message}`);
        break;
      case 'terminated':
        set('mce_socket_closed', `the socket was closed: ${end.why}`);
        break;
    }
  }

  private onBadFrame(sample: string, why: string): void {
    this.counters.badFrames++;
    this.logLimited(`MCE: a frame was skipped (${why}): ${sample}`);
  }

  private rejectedRecords(n: number, problems: string[], where: string): void {
    this.counters.badFrames += n;
    this.logLimited(`MCE: ${n} agent record(s) of a ${where} broke the contract and were skipped: ${problems.join(' | ')}`);
  }

  /** At most 5 such lines a minute, then one line saying how many were not logged. */
  private logLimited(line: string): void {
    const now = this.deps.clock.now();
    const b = this.badFrameLog;
    if (now - b.windowStart >= 60_000) {
      if (b.suppressed > 0) this.deps.log(`MCE: ${b.suppressed} more bad frame(s) in the last minute were not logged`);
      b.windowStart = now;
      b.logged = 0;
      b.suppressed = 0;
    }
    if (b.logged < 5) {
      b.logged++;
      this.deps.log(line);
    } else b.suppressed++;
  }

  private sleep(ms: number): Promise<void> {
    return sleep(ms, this.wake.signal);
  }

  private async waitForEndpointChange(key: string, maxMs: number): Promise<void> {
    const until = this.deps.clock.now() + maxMs;
    while (!this.stopped && this.deps.clock.now() < until) {
      await this.sleep(this.deps.endpointCheckMs ?? 5_000);
      try {
        const cur = this.deps.endpoint.current();
        if (!cur || endpointKey(cur) !== key) return;
      } catch {
        return;
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    t.unref?.();
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
