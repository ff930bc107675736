/**
 * Where MCE is and how to log in: `mce.url` and the `mce` credentials from the
 * vault (sent only to the host they were set for), or the built-in simulator
 * in demo mode. The socket and REST URLs derive from the base URL.
 */
import type { ConfigStore } from '../config/store.ts';
import { GatewayError } from '../errors.ts';
import { endpointOrigin, type CredentialVault } from '../secrets/vault.ts';

export interface MceEndpoint {
  /** Base URL, e.g. http://oktell:8090 (no trailing slash). */
  url: string;
  username: string;
  password: string;
}

export function tokenUrl(base: string): string {
  return `${trimSlash(base)}/auth/mce/token`;
}

export function agentsUrl(base: string): string {
  return `${trimSlash(base)}/api/v1/agents`;
}

/** http → ws, https → wss, same host, port and path prefix. */
export function socketUrl(base: string): string {
  return `${trimSlash(base).replace(/^http/i, 'ws')}/ws/agent-status`;
}

function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}

export interface MceEndpointSource {
  /** The endpoint to use now; null when MCE is not configured. Throws a GatewayError when credentials are missing or bound elsewhere. */
  current(): MceEndpoint | null;
  /** True when the built-in simulator stands in. */
  readonly simulated: boolean;
  /** The base URL (no credentials), or null when not configured. */
  url(): string | null;
}

export function mceEndpointSource(config: ConfigStore, vault: CredentialVault, override?: MceEndpoint): MceEndpointSource {
  return {
    simulated: override !== undefined,
    url: () => (override ? override.url : config.get('mce.url') || null),
    current() {
      if (override) return override;
      const url = config.get('mce.url');
      if (!url) return null;
      // Refused when they were set for another host than mce.url names now.
      const cred = vault.get('mce', endpointOrigin(url));
      if (!cred) {
        throw new GatewayError('mce_no_credentials', `MCE credentials are not set for ${url}: set them with "gatewayctl credentials set mce --user U --password-stdin" or in Settings`, 'permanent');
      }
      return { url, username: cred.username, password: cred.password };
    },
  };
}
