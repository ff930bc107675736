/**
 * The console's view of the 1C:ZUP link: credential status, set/rotate
 * (write-only, audited like `gatewayctl credentials set`) and a connection test.
 * The password goes from the validated input straight into the vault; it is
 * in no return value, audit row or error message.
 */
import type { CredentialStatusView, OnecTestResult } from '../contract/index.ts';
import type { Gateway } from '../service.ts';
import { endpointOrigin, type CredentialStatus } from '../secrets/vault.ts';

type MaybePromise<T> = T | Promise<T>;

export interface ConnectionApi {
  credentialStatus(system: CredentialStatusView['system']): MaybePromise<CredentialStatusView>;
  setCredentials(system: CredentialStatusView['system'], cred: { username: string; password: string }, actor: string): MaybePromise<CredentialStatusView>;
  testConnection(): MaybePromise<OnecTestResult>;
}

/** Only the fields the console may see, whatever the vault returns. */
function view(s: CredentialStatus & { system: CredentialStatusView['system'] }): CredentialStatusView {
  return { system: s.system, configured: s.configured, username: s.username, rotatedAt: s.rotatedAt, boundTo: s.boundTo };
}

export function connectionApiFromGateway(gw: Gateway): ConnectionApi {
  return {
    credentialStatus: (system) => view({ ...gw.vault.status(system), system }),
    setCredentials(system, cred, actor) {
      // Bound to the host the system's URL names now (as the CLI does); without a URL, to the first host they are used with.
      const status = gw.vault.set(system, { username: cred.username, password: cred.password }, endpointOrigin(gw.config.get(system === 'onec' ? 'onec.url' : 'mce.url')));
      gw.audit({ action: 'credentials.set', entityType: 'credentials', entityId: system, after: { username: status.username, rotatedAt: status.rotatedAt, boundTo: status.boundTo }, actor });
      return view({ ...status, system });
    },
    async testConnection() {
      const now = gw.clock.now();
      const today = new Date(now).toISOString().slice(0, 10);
      const r = await gw.onec.testConnection({ today });
      return { ...r, testedAt: new Date(now).toISOString() };
    },
  };
}
