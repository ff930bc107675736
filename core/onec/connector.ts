/**
 * The 1C:ZUP link as the engine uses it: a client built from the current
 * configuration and stored credentials, rebuilt when either changes, so an
 * administrator's `config set onec.url …` takes effect without a restart.
 */
import { GatewayError } from '../errors.ts';
import type { ConfigStore } from '../config/store.ts';
import { endpointOrigin, type CredentialVault } from '../secrets/vault.ts';
import { createOnecClient, type OnecClient } from './client.ts';
import type { AgentsResult } from './client.ts';
import type { CallMonitor } from '../health/call-monitor.ts';

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
        onCall: (r) =>
          this.monitor?.record('onec', { method: r.method, startedAt: r.startedAt, durationMs: r.durationMs, status: r.status, ok: r.error === null, error: r.error?.message ?? null }),
      });
      this.clientKey = key;
      void old?.close().catch(() => undefined);
    }
    return this.client;
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
