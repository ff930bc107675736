/**
 * The MCE side of the gateway, composed: the listener keeps the live map
 * current, the writer mirrors it to disk, the delta feed tells consoles, and
 * the identity index says which employee each agent is. A process that runs
 * the listener (desktop, serve, `gatewayctl queue work`) answers from memory;
 * any other (a CLI command) answers from what that process last wrote.
 */
import type { AgentLink, AgentsList, AgentView, IdentityReport, MceStatus, MceTestResult } from '../contract/index.ts';
import { mceStatusSchema } from '../contract/index.ts';
import type { ConfigStore } from '../config/store.ts';
import type { Db } from '../db/open.ts';
import { errorMessage, isGatewayError } from '../errors.ts';
import type { CredentialVault } from '../secrets/vault.ts';
import type { Clock } from '../time/clock.ts';
import { readAgents, readStatusRow } from './agent-store.ts';
import { AgentDeltaFeed, AGENTS_CHANGED } from './delta-feed.ts';
import { mceEndpointSource, type MceEndpoint, type MceEndpointSource } from './endpoint.ts';
import { MceHttp } from './http.ts';
import { IdentityIndex, type IdentityQuery } from './identity.ts';
import { MceListener, type ListenerDeps, type MceApi } from './listener.ts';
import { LiveAgents, type LiveAgent } from './live-state.ts';
import { AgentStateWriter } from './state-writer.ts';

export interface MceServiceOptions {
  db: Db;
  clock: Clock;
  config: ConfigStore;
  vault: CredentialVault;
  /** The built-in simulator in demo mode: wins over mce.url and the vault. */
  override?: MceEndpoint;
  log?(line: string): void;
  /** How often the state is written to disk; default 1 s. */
  flushMs?: number;
  /** Minimum time between two console deltas; default 260 ms (see delta-feed.ts). */
  deltaWindowMs?: number;
  /** Listener tuning for tests (backoff, socket factory, timeouts). */
  listener?: Partial<Pick<ListenerDeps, 'backoff' | 'endpointCheckMs' | 'authRetryMs' | 'resyncTimeoutMs' | 'openSocket' | 'random'>>;
  api?: MceApi;
}

/** A status read from disk older than this: nobody is writing it now. */
const STALE_MS = 10_000;

export class MceService {
  readonly live = new LiveAgents();
  readonly listener: MceListener;
  readonly writer: AgentStateWriter;
  readonly feed: AgentDeltaFeed;
  readonly identityIndex: IdentityIndex;
  private readonly opts: MceServiceOptions;
  private readonly http: MceHttp;
  private readonly endpoint: MceEndpointSource;
  private started = false;
  private identityWatch: ReturnType<typeof setInterval> | null = null;
  private identitySeen = -1;

  constructor(opts: MceServiceOptions) {
    this.opts = opts;
    const log = opts.log ?? ((l: string) => console.warn(l));
    this.http = new MceHttp();
    this.endpoint = mceEndpointSource(opts.config, opts.vault, opts.override);
    this.identityIndex = new IdentityIndex(opts.db, opts.clock);
    this.listener = new MceListener({
      endpoint: this.endpoint,
      api: opts.api ?? { token: (ep, signal) => this.http.token(ep, signal), agents: (ep, t, signal) => this.http.agents(ep, t, signal) },
      live: this.live,
      clock: opts.clock,
      settings: () => {
        const c = opts.config.all();
        return { pollIntervalMs: c['mce.pollIntervalMs'], heartbeatTimeoutMs: c['mce.heartbeatTimeoutMs'] };
      },
      log,
      ...opts.listener,
    });
    this.writer = new AgentStateWriter(opts.db, opts.clock, { flushMs: opts.flushMs, status: () => this.liveStatus(), log });
    this.feed = new AgentDeltaFeed({
      live: this.live,
      view: (a) => this.view(a),
      mode: () => ({ mode: this.listener.mode, lastEventAt: this.listener.lastEventAt }),
      windowMs: opts.deltaWindowMs,
    });
    this.live.observe(this.writer);
    this.live.observe(this.feed);
    this.listener.onModeChange(() => this.feed.nudge());
  }

  /** True while this process runs the listener. */
  get running(): boolean {
    return this.started;
  }

  /** Starts from the last known state on disk, then listens to MCE. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.live.load(readAgents(this.opts.db));
    this.writer.start();
    this.listener.start();
    // A link made by gatewayctl or a sync applied elsewhere changes who agents are: consoles reload.
    this.identitySeen = this.identityIndex.version;
    this.identityWatch = setInterval(() => {
      try {
        this.identityIndex.refresh();
        this.noteIdentity();
      } catch {
        // A locked database: the next check sees it.
      }
    }, 2_000);
    this.identityWatch.unref?.();
  }

  async stop(): Promise<void> {
    if (this.started) {
      this.started = false;
      if (this.identityWatch) clearInterval(this.identityWatch);
      this.identityWatch = null;
      await this.listener.stop();
      await this.writer.stop();
    }
    await this.http.close();
  }

  /** Forwards 'agents.changed' to a host's clients (see core/api). */
  readonly events = {
    on: (name: string, fn: (payload: unknown) => void): (() => void) => (name === AGENTS_CHANGED ? this.feed.on(name, fn) : () => undefined),
  };

  // ---------------------------------------------------------------------------
  // What the console and the CLI ask

  list(): AgentsList {
    // A whole list reads the directory's state now (a sync applied a moment ago shows at once).
    this.identityIndex.refresh(true);
    this.noteIdentity();
    const agents = this.started ? [...this.live.values()] : readAgents(this.opts.db);
    const st = this.status();
    return {
      epoch: this.live.epoch,
      version: this.started ? this.live.version : 0,
      asOf: iso(this.opts.clock.now()),
      mode: st.mode,
      lastEventAt: st.lastEventAt,
      agents: agents.sort(byName).map((a) => this.view(a)),
    };
  }

  identity(q: IdentityQuery): IdentityReport {
    return this.identityIndex.report(this.started ? this.live.values() : readAgents(this.opts.db), q);
  }

  link(login: string, externalId: string | null, actor: string): AgentLink {
    const r = this.identityIndex.link(login, externalId, actor);
    this.noteIdentity();
    return r;
  }

  unlink(login: string, actor: string): { login: string; removed: boolean } {
    const r = this.identityIndex.unlink(login, actor);
    this.noteIdentity();
    return r;
  }

  status(): MceStatus {
    if (this.started) return this.liveStatus();
    return this.storedStatus();
  }

  /** A token request and one REST read, on their own (the listener's token is not reused: this tests the credentials). */
  async testConnection(): Promise<MceTestResult> {
    const now = this.opts.clock.now();
    const base = { demo: this.endpoint.simulated, endpoint: this.endpoint.url(), testedAt: iso(now) };
    let ep: MceEndpoint | null;
    try {
      ep = this.endpoint.current();
    } catch (e) {
      return { ...base, ok: false, latencyMs: null, status: null, agents: null, code: isGatewayError(e) ? e.code : 'mce_error', message: errorMessage(e) };
    }
    if (!ep) {
      return { ...base, ok: false, latencyMs: null, status: null, agents: null, code: 'mce_not_configured', message: 'MCE is not configured: set its address (mce.url) and credentials in Settings, or with gatewayctl config set mce.url and gatewayctl credentials set mce' };
    }
    const t0 = performance.now();
    try {
      const token = await this.http.token(ep);
      const snap = await this.http.agents(ep, token.access_token);
      const ms = Math.round(performance.now() - t0);
      return {
        ...base,
        ok: true,
        latencyMs: ms,
        status: 200,
        agents: snap.agents.length,
        code: null,
        message: `MCE answered: token accepted (valid ${Math.round(token.expires_in / 60)} min), ${snap.agents.length} agents${snap.rejected ? `, ${snap.rejected} records broke the contract` : ''}`,
      };
    } catch (e) {
      const status = (isGatewayError(e) && typeof e.details?.status === 'number' ? e.details.status : null) as number | null;
      return { ...base, ok: false, latencyMs: Math.round(performance.now() - t0), status, agents: null, code: isGatewayError(e) ? e.code : 'mce_error', message: errorMessage(e) };
    }
  }

  view(a: LiveAgent): AgentView {
    return {
      agentId: a.agentId,
      login: a.login,
      name: a.name,
      state: a.state,
      reason: a.reason,
      since: iso(a.since),
      site: a.site,
      groups: a.groups,
      employee: this.identityIndex.resolve(a.loginKey),
    };
  }

  // ---------------------------------------------------------------------------

  private noteIdentity(): void {
    if (this.identityIndex.version === this.identitySeen) return;
    this.identitySeen = this.identityIndex.version;
    this.feed.reload();
  }

  private liveStatus(): MceStatus {
    const l = this.listener;
    const now = this.opts.clock.now();
    const writeProblem = this.writer.lastError;
    return {
      mode: l.mode,
      modeSince: l.modeSince === null ? null : iso(l.modeSince),
      endpoint: this.endpoint.url(),
      simulated: this.endpoint.simulated,
      lastEventAt: l.lastEventAt === null ? null : iso(l.lastEventAt),
      agents: this.live.size,
      eventsPerSec: l.eventsPerSec(),
      counters: { ...l.counters },
      lastError: l.lastError
        ? { code: l.lastError.code, message: l.lastError.message, at: iso(l.lastError.at), permanent: l.lastError.permanent }
        : writeProblem
          ? { code: 'mce_store', message: writeProblem, at: iso(now), permanent: false }
          : null,
      writtenAt: iso(now),
      stale: false,
    };
  }

  private storedStatus(): MceStatus {
    const now = this.opts.clock.now();
    const row = readStatusRow(this.opts.db);
    const parsed = row ? mceStatusSchema.safeParse(row.status) : null;
    if (row && parsed?.success) {
      return { ...parsed.data, writtenAt: iso(row.writtenAt), stale: now - row.writtenAt > STALE_MS };
    }
    const url = this.endpoint.url();
    return {
      mode: url ? 'offline' : 'not_configured',
      modeSince: null,
      endpoint: url,
      simulated: this.endpoint.simulated,
      lastEventAt: null,
      agents: (this.opts.db.prepare('SELECT count(*) AS n FROM mce_agents').get() as { n: number }).n,
      eventsPerSec: 0,
      counters: { events: 0, snapshots: 0, seqGaps: 0, resyncs: 0, reconnects: 0, tokenRefreshes: 0, badFrames: 0, polls: 0 },
      lastError: null,
      writtenAt: null,
      stale: true,
    };
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function byName(a: LiveAgent, b: LiveAgent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.login < b.login ? -1 : a.login > b.login ? 1 : 0;
}
