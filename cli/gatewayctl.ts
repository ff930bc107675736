#!/usr/bin/env node
/**
 * gatewayctl: the Argus Integration Gateway from scripts and cron. Every command
 * takes --data-dir and --json; failures go to stderr with a non-zero exit.
 */
import { Command, CommanderError } from 'commander';
import { reportError } from './context.ts';
import { registerConfig } from './commands/config.ts';
import { registerCredentials } from './commands/credentials.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerSync } from './commands/sync.ts';
import { registerEmployees } from './commands/employees.ts';
import { registerServe } from './commands/serve.ts';
import { registerQueue } from './commands/queue.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerMaintenance } from './commands/maintenance.ts';
import { registerAudit } from './commands/audit.ts';
import { registerAgents } from './commands/agents.ts';
import { registerMce } from './commands/mce.ts';
import { registerStatus } from './commands/status.ts';
import { registerSchedules } from './commands/schedules.ts';
import { registerTimesheets } from './commands/timesheets.ts';
import { registerNorms } from './commands/norms.ts';

export function buildProgram(): Command {
  const program = new Command('gatewayctl')
    .description('Argus Integration Gateway: 1C:ZUP and MCE integration engine, from the command line')
    .option('--data-dir <dir>', 'data directory (default: $GATEWAY_DATA_DIR or the per-user data directory)')
    .option('--json', 'machine-readable output on stdout')
    .showHelpAfterError()
    .exitOverride();
  registerConfig(program);
  registerCredentials(program);
  registerSimulate(program);
  registerSync(program);
  registerEmployees(program);
  registerServe(program);
  registerQueue(program);
  registerSchedule(program);
  registerMaintenance(program);
  registerAudit(program);
  registerAgents(program);
  registerMce(program);
  registerStatus(program);
  registerSchedules(program);
  registerTimesheets(program);
  registerNorms(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    // A command may set its own non-zero status without failing (status: 3, not running).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has already printed usage errors and help.
      return e.exitCode === 0 ? 0 : 2;
    }
    return reportError(e, argv.includes('--json'));
  }
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  // Long-running commands (simulate, serve) never return here; the rest exit with their status.
  process.exitCode = code;
}
