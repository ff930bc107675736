import type { Command } from 'commander';
import { emit } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { configKeys } from '../../core/config/schema.ts';

export function registerConfig(program: Command): void {
  const config = program.command('config').description(`read or change settings (keys: ${configKeys.join(', ')})`);

  config
    .command('get')
    .description('print one setting, or all of them')
    .argument('[key]', 'e.g. onec.url')
    .action(async (key: string | undefined, _o, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        const all = gw.config.all();
        if (key === undefined) {
          emit(cmd, all, (c) => Object.entries(c).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n'));
        } else {
          if (!(key in all)) gw.config.set(key, undefined); // throws the "unknown key" error with the list
          const value = all[key as keyof typeof all];
          emit(cmd, { key, value }, (r) => (typeof r.value === 'string' ? r.value : JSON.stringify(r.value)));
        }
      });
    });

  config
    .command('set')
    .description('change one setting; the value is checked against the key type')
    .argument('<key>')
    .argument('<value>')
    .action(async (key: string, value: string, _o, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        const stored = gw.config.set(key, value);
        gw.audit({ action: 'config.set', entityType: 'config', entityId: key, after: { value: stored } });
        emit(cmd, { key, value: stored }, (r) => `${r.key} = ${JSON.stringify(r.value)}`);
      });
    });

  config
    .command('unset')
    .description('return one setting to its default')
    .argument('<key>')
    .action(async (key: string, _o, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        gw.config.unset(key);
        gw.audit({ action: 'config.unset', entityType: 'config', entityId: key });
        emit(cmd, { key, value: gw.config.get(key as never) }, (r) => `${r.key} = ${JSON.stringify(r.value)} (default)`);
      });
    });
}
