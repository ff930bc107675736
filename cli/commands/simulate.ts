import type { Command } from 'commander';
import { globals, usageError } from '../context.ts';
import { startOnecSimulator, type FaultOptions } from '../../simulators/onec/server.ts';

function int(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${name} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

interface SimulateOptions {
  host: string;
  port: string;
  employees: string;
  seed: string;
  today?: string;
  user: string;
  password: string;
  latency?: string;
  fail500?: string;
  malformed?: boolean;
  truncate?: boolean;
  reset?: boolean;
  hang?: boolean;
  faultTimes?: string;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run the 1C:ZUP simulator (PROTOCOLS.md §1) until interrupted')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', '8090')
    .option('--employees <n>', 'employees, 10 to 100000', '500')
    .option('--seed <n>', 'seed of the generated data', '1')
    .option('--today <date>', 'the simulated current date, YYYY-MM-DD')
    .option('--user <name>', 'HTTP Basic user', 'wfm')
    .option('--password <password>', 'HTTP Basic password (a test double, not a secret)', 'wfm')
    .option('--latency <ms>', 'fault: delay every response')
    .option('--fail-500 <message>', 'fault: answer HTTP 500 with this message')
    .option('--malformed', 'fault: answer malformed JSON')
    .option('--truncate', 'fault: cut the body short')
    .option('--reset', 'fault: reset the connection')
    .option('--hang', 'fault: never answer')
    .option('--fault-times <n>', 'apply the faults to the next N requests only')
    .action(async (o: SimulateOptions, cmd: Command) => {
      const faults: FaultOptions = {};
      if (o.latency) faults.latencyMs = int('--latency', o.latency, 0, 600_000);
      if (o.fail500 !== undefined) faults.status500 = { message: o.fail500, body: 'json' };
      if (o.malformed) faults.malformedJson = true;
      if (o.truncate) faults.truncateBody = true;
      if (o.reset) faults.resetConnection = true;
      if (o.hang) faults.hang = true;
      if (o.faultTimes) faults.times = int('--fault-times', o.faultTimes, 1, 1_000_000);
      if (o.today && !/^\d{4}-\d{2}-\d{2}$/.test(o.today)) throw usageError(`--today must be YYYY-MM-DD, got "${o.today}"`);
      const sim = await startOnecSimulator({
        host: o.host,
        port: int('--port', o.port, 0, 65535),
        employees: int('--employees', o.employees, 10, 100_000),
        seed: int('--seed', o.seed, 0, 2 ** 31),
        today: o.today,
        users: { [o.user]: o.password },
        faults,
      });
      const info = { url: sim.url, employees: Number(o.employees), seed: Number(o.seed), today: sim.today(), user: o.user, faults };
      if (globals(cmd).json) process.stdout.write(JSON.stringify(info) + '\n');
      else {
        process.stdout.write(`1C:ZUP simulator listening on ${sim.url} (user "${o.user}", ${o.employees} employees, seed ${o.seed}, today ${sim.today()})\n`);
        process.stdout.write(`  try: curl -u ${o.user}:${o.password} ${sim.url}/agents/${sim.today().slice(0, 8)}01/${sim.today()}\n`);
        process.stdout.write(`  advance days: curl -X POST -u ${o.user}:${o.password} "${sim.url}/_sim/advance?days=1"\n`);
        process.stdout.write('Press Ctrl+C to stop.\n');
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          void sim.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
