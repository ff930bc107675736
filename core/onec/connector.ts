/**
 * The 1C:ZUP link as the engine uses it: a client built from the current
 * configuration and stored credentials, rebuilt when either changes, so an
 * administrator's `config set onec.url …` takes effect without a restart.
 */
import type { OnecTestResult } from '../contract/index.ts';
import { GatewayError, isGatewayError } from '../errors.ts';
import type { ConfigStore } from '../config/store.ts';
import { endpointOrigin, type CredentialVault } from '../secrets/vault.ts';
import { createOnecClient, type OnecClient } from './client.ts';
import type { AgentsResult } from './client.ts';
import type { CallMonitor } from '../health/call-monitor.ts';
import { isOnecError, type OnecError } from './errors.ts';
import { methodLimiters } from './rate-limit.ts';

export interface OnecEndpoint {
  url: string;
  username: string;
  password: string;
}

export class OnecConnector {
  private readonly config: ConfigStore;
  private readonly vault: CredentialVault;
  private readonly override: OnecEndpoint | undefined;
  private readonly monitor: CallMonitor | undefined;
  private client: OnecClient | null = null;
  private clientKey = '';
  /** Per method, shared by every client this connector builds: onec.rateLimit.<method>, read per call. */
  private readonly limit = methodLimiters((m) => this.config.get(`onec.rateLimit.${m}`));

  constructor(config: ConfigStore, vault: CredentialVault, override?: OnecEndpoint, monitor?: CallMonitor) {
    this.config = config;
    this.vault = vault;
    this.override = override;
    this.monitor = monitor;
  }

  /** True when a real endpoint is configured (not the built-in simulator). */
  configured(): boolean {
    return this.config.get('onec.url') !== '';
  }

  endpoint(): OnecEndpoint {
    if (this.override) return this.override;
    const url = this.config.get('onec.url');
    if (!url) {
      throw new GatewayError(
        'onec_not_configured',
        '1C:ZUP endpoint is not configured: set it with "gatewayctl config set onec.url http://<server>/<infobase>/hs/<service>" and the credentials with "gatewayctl credentials set onec --user U --password-stdin"',
      );
    }
    // Refused when the credentials were set for another host than onec.url now names.
    const cred = this.vault.get('onec', endpointOrigin(url));
    if (!cred) {
      throw new GatewayError('onec_no_credentials', `1C:ZUP credentials are not set for ${url}: set them with "gatewayctl credentials set onec --user U --password-stdin"`);
    }
    return { url, username: cred.username, password: cred.password };
  }

  current(): OnecClient {
    const ep = this.endpoint();
    const c = this.config.all();
    const key = JSON.stringify([ep, c['onec.connectTimeoutMs'], c['onec.headersTimeoutMs'], c['onec.bodyTimeoutMs'], c['onec.maxResponseBytes']]);
    if (!this.client || key !== this.clientKey) {
      const old = this.client;
      this.client = createOnecClient({
        baseUrl: ep.url,
        username: ep.username,
        password: ep.password,
        connectTimeoutMs: c['onec.connectTimeoutMs'],
        headersTimeoutMs: c['onec.headersTimeoutMs'],
        bodyTimeoutMs: c['onec.bodyTimeoutMs'],
        maxResponseBytes: c['onec.maxResponseBytes'],
        beforeCall: this.limit,
        onCall: (r) =>
          this.monitor?.record('onec', { method: r.method, startedAt: r.startedAt, durationMs: r.durationMs, status: r.status, ok: r.error === null, error: r.error?.message ?? null, errorKind: r.error?.kind ?? null }),
      });
      this.clientKey = key;
      void old?.close().catch(() => undefined);
    }
    return this.client;
  }

  /** The endpoint URL in use (the simulator's in demo mode), null when none is configured. */
  url(): string | null {
    return this.override?.url ?? (this.config.get('onec.url') || null);
  }

  /** True when the built-in simulator stands in for 1C (demo mode). */
  get demo(): boolean {
    return this.override !== undefined;
  }

  /** See testOnecConnection. */
  testConnection(opts: { today: string; signal?: AbortSignal }): Promise<OnecConnectionTest> {
    return testOnecConnection(this, opts);
  }

  /** Client settings (timeouts, size limit) as configured now. */
  clientSettings() {
    const c = this.config.all();
    return { connectTimeoutMs: c['onec.connectTimeoutMs'], headersTimeoutMs: c['onec.headersTimeoutMs'], bodyTimeoutMs: c['onec.bodyTimeoutMs'], maxResponseBytes: c['onec.maxResponseBytes'] };
  }

  getAgents(from: string, to: string, opts?: { signal?: AbortSignal }): Promise<AgentsResult> {
    return this.current().getAgents(from, to, opts);
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    await c?.close();
  }
}

/**
 * What "Test connection" found, in words an operator can act on. Never carries a password.
 * The console's result but the time of the test, which its handler stamps with its clock.
 */
export type OnecConnectionTest = Omit<OnecTestResult, 'testedAt'>;

/** An agent id no 1C knows: 1C answers such a request with no rows, so the test reads no personnel data. */
export const TEST_AGENT_ID = 'argus-connection-test';

/** "POST /getNormHours failed: HTTP 404: no such … (request 3f2a…)" → "HTTP 404: no such …" */
function plain(e: OnecError): string {
  return e.message.replace(/^[A-Z]+ \/\w+( failed)?: /, '').replace(/ \(request [^)]*\)$/, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * One small real call to the configured 1C:ZUP, on a fresh connection of its
 * own (not the pool the engine uses, and not counted in the health statistics).
 * `POST /getNormHours` for one day and one agent id 1C does not know: the
 * client refuses an empty agent list before sending, and this is the cheapest
 * valid request (no rows, no personnel data, nothing written). Any HTTP answer
 * from the service proves address, reachability and credentials.
 */
export async function testOnecConnection(connector: OnecConnector, opts: { today: string; signal?: AbortSignal }): Promise<OnecConnectionTest> {
  const demo = connector.demo;
  let ep: OnecEndpoint;
  try {
    ep = connector.endpoint();
  } catch (e) {
    if (!isGatewayError(e)) throw e;
    const message =
      e.code === 'onec_not_configured'
        ? 'The 1C:ZUP endpoint is not set: enter its URL and save it, then set the user name and password.'
        : e.code === 'onec_no_credentials'
          ? 'No 1C:ZUP user name and password are stored: set them, then test again.'
          : e.message; // credential_other_host, credential_unreadable: the vault's own words say what to do
    return { ok: false, latencyMs: null, status: null, message, code: e.code, endpoint: connector.url(), demo };
  }
  const endpoint = ep.url;
  const client = createOnecClient({ baseUrl: ep.url, username: ep.username, password: ep.password, connections: 1, ...connector.clientSettings() });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const where = demo ? 'The built-in 1C:ZUP simulator (demo mode)' : `1C:ZUP at ${hostOf(endpoint)}`;
  try {
    const r = await client.getNormHours(
      { startDate: opts.today, endDate: opts.today, calculationMode: 'month', agents: [{ agentId: TEST_AGENT_ID, norms: [{ normWeek: 40, changeDate: opts.today }] }] },
      { signal: opts.signal },
    );
    return { ok: true, latencyMs: elapsed(), status: r.status, message: `${where} answered and accepted the user «${ep.username}».`, code: null, endpoint, demo };
  } catch (e) {
    const latencyMs = elapsed();
    if (!isOnecError(e)) throw e;
    const base = { latencyMs, status: e.status, code: e.code, endpoint, demo };
    switch (e.code) {
      case 'onec_rejected':
        // 1C ran the method and said no (e.g. no production calendar): the link and the user work.
        return { ...base, ok: true, code: null, message: `${where} answered and accepted the user «${ep.username}»; it refused the test request itself: ${plain(e)}.` };
      case 'onec_auth':
        return {
          ...base,
          ok: false,
          message: e.status === 403 ? `1C accepted the user «${ep.username}» but it has no rights to the HTTP service (HTTP 403).` : `1C refused the user name or password (HTTP ${e.status ?? 401}).`,
        };
      case 'onec_timeout':
        return { ...base, ok: false, message: `1C did not answer in time: ${plain(e)}; check the server and the timeouts.` };
      case 'onec_unreachable':
        return { ...base, ok: false, message: `Cannot connect: ${plain(e)}; check the address and port and that the 1C web server is running.` };
      default:
        return { ...base, ok: false, message: `${where} failed: ${plain(e)}.` };
    }
  } finally {
    await client.close().catch(() => undefined);
  }
}
