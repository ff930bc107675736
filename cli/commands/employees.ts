import type { Command } from 'commander';
import { emit, table } from '../context.ts';
import { withGateway } from '../gateway.ts';
import { listEmployees } from '../../core/sync/directory.ts';

export function registerEmployees(program: Command): void {
  const employees = program.command('employees').description('the WFM directory as synced from 1C');
  employees
    .command('list')
    .description('list employees')
    .option('--search <text>', 'name, tab number, login or id')
    .option('--inactive', 'deactivated employees only')
    .option('--all', 'active and deactivated')
    .option('--department <id>', 'department external id')
    .option('--area <site>', 'site, e.g. Yekaterinburg')
    .option('--limit <n>', 'at most this many', '100')
    .option('--offset <n>', 'skip this many', '0')
    .action(async (o: { search?: string; inactive?: boolean; all?: boolean; department?: string; area?: string; limit: string; offset: string }, cmd: Command) => {
      await withGateway(cmd, async (gw) => {
        const r = listEmployees(gw.db, {
          search: o.search,
          active: o.all ? undefined : !o.inactive,
          departmentId: o.department,
          area: o.area,
          limit: Number(o.limit),
          offset: Number(o.offset),
        });
        emit(cmd, r, (x) =>
          x.total === 0
            ? 'no employees: run a sync ("gatewayctl sync plan", "sync approve", "sync apply") first'
            : table(
                ['tabN', 'name', 'position', 'department', 'area', 'rate', 'norm', 'active'],
                x.employees.map((e) => [e.tabN, [e.lastName, e.firstName, e.secondName].filter(Boolean).join(' '), e.positionName, e.departmentName ?? e.departmentId, e.area ?? '', e.rate, e.normWeek, e.active ? 'yes' : 'no']),
              ) + `\n${x.employees.length} of ${x.total}`,
        );
      });
    });
}
