/**
 * Console handlers of credentials.*: their status, and set/rotate, write-only
 * and audited like `gatewayctl credentials set`. The password goes from the
 * validated input straight into the vault; it is in no return value, audit row
 * or error message.
 */
import type { AuditInput } from '../audit/index.ts';
import type { ConfigStore } from '../config/store.ts';
import type { CredentialStatusView, HandlersFor } from '../contract/index.ts';
import { endpointOrigin, type CredentialVault } from './vault.ts';

/** Only the fields the console may see, whatever the vault returns. */
function view(s: CredentialStatusView): CredentialStatusView {
  return { system: s.system, configured: s.configured, username: s.username, rotatedAt: s.rotatedAt, boundTo: s.boundTo };
}

/** `config` names the system's URL; `audit` writes one entry of the audit log. */
export function credentialsHandlers(vault: CredentialVault, config: ConfigStore, audit: (entry: AuditInput) => void): HandlersFor<'credentials'> {
  return {
    'credentials.status': ({ system }) => view(vault.status(system)),
    'credentials.set': ({ system, username, password }, ctx) => {
      // Bound to the host the system's URL names now (as the CLI does); without a URL, to the first host they are used with.
      const status = vault.set(system, { username, password }, endpointOrigin(config.get(system === 'onec' ? 'onec.url' : 'mce.url')));
      audit({ action: 'credentials.set', entityType: 'credentials', entityId: system, after: { username: status.username, rotatedAt: status.rotatedAt, boundTo: status.boundTo }, actor: ctx.actor });
      return view(status);
    },
  };
}
