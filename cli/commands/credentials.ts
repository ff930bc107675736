import type { Command } from 'commander';
import { emit, readStdin, usageError } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { credentialSystems, endpointOrigin, type CredentialSystem } from '../../core/secrets/vault.ts';

function system(s: string): CredentialSystem {
  if (!(credentialSystems as readonly string[]).includes(s)) throw usageError(`unknown system "${s}"; expected one of ${credentialSystems.join(', ')}`);
  return s as CredentialSystem;
}

export function registerCredentials(program: Command): void {
  const creds = program.command('credentials').description('store credentials encrypted at rest (never printed back)');

  creds
    .command('set')
    .description('set or rotate the credentials of a system; the password is read from standard input')
    .argument('<system>', credentialSystems.join(' | '))
    .requiredOption('--user <name>', 'user name')
    .option('--password-stdin', 'read the password from standard input (the only way: it never appears in the process list)')
    .action(async (sys: string, o: { user: string; passwordStdin?: boolean }, cmd: Command) => {
      const target = system(sys);
      if (!o.passwordStdin) throw usageError('pass the password on standard input with --password-stdin, e.g. printf %s "$PASS" | gatewayctl credentials set onec --user wfm --password-stdin');
      const password = await readStdin();
      await withGateway(cmd, async (gw) => {
        // Bound to the host the system's URL names now; without a URL, to the first host they are used with.
        const origin = endpointOrigin(gw.config.get(target === 'onec' ? 'onec.url' : 'mce.url'));
        const status = gw.vault.set(target, { username: o.user, password }, origin);
        gw.audit({ action: 'credentials.set', entityType: 'credentials', entityId: target, after: { username: status.username, rotatedAt: status.rotatedAt, boundTo: status.boundTo } });
        emit(cmd, status, (s) => `${s.system}: credentials for "${s.username}" stored encrypted (rotated ${s.rotatedAt}), ${s.boundTo ? `sent only to ${s.boundTo}` : 'bound to the first host they are used with'}`);
      });
    });

  creds
    .command('status')
    .description('show which credentials are configured and when they were last rotated')
    .action(async (_o, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        const all = credentialSystems.map((s) => gw.vault.status(s));
        emit(cmd, all, (rows) =>
          rows.map((s) => `${s.system}: ${s.configured ? `configured for "${s.username}", last rotated ${s.rotatedAt}, ${s.boundTo ? `bound to ${s.boundTo}` : 'not bound to a host yet'}` : 'not configured'}`).join('\n'),
        );
      });
    });
}
