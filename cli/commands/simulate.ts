import type { Command } from 'commander';
import { globals, usageError } from '../context.ts';
import { startOnecSimulator, type FaultOptions, type OnecSimulator } from '../../simulators/onec/server.ts';
import { startMceSimulator, type MceFaults, type MceSimulator } from '../../simulators/mce/server.ts';

function int(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${name} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

function rate(name: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 5000) throw usageError(`${name} must be a number from 0 to 5000, got "${v}"`);
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
  mce: boolean;
  mcePort: string;
  agents?: string;
  eventsPerSec?: string;
  mceUser: string;
  mcePassword: string;
  mceTokenTtl?: string;
  mceDropEvery?: string;
  mceNoHeartbeat?: boolean;
  mceRefuseTokens?: boolean;
  mceRestDown?: boolean;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run the 1C:ZUP simulator (PROTOCOLS.md §1) and, beside it, the MCE/Oktell agent-status simulator (§2) until interrupted')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', '1C port (0 = any free port)', '8090')
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
    .option('--no-mce', 'start only the 1C simulator')
    .option('--mce-port <port>', 'MCE port (0 = any free port)', '8091')
    .option('--agents <n>', 'MCE agents, 10 to 20000 (default: every employee with a login, plus a few unknown to 1C, at most 20000)')
    .option('--events-per-sec <n>', 'MCE status events per second, all agents together, up to 5000 (default: 3 per agent per minute)')
    .option('--mce-user <name>', 'MCE token user (HTTP Basic)', 'mce')
    .option('--mce-password <password>', 'MCE token password (a test double, not a secret)', 'mce')
    .option('--mce-token-ttl <seconds>', 'lifetime of MCE tokens (default 3600)')
    .option('--mce-drop-every <n>', 'MCE fault: skip every N-th status frame (clients see seq gaps)')
    .option('--mce-no-heartbeat', 'MCE fault: send no heartbeats')
    .option('--mce-refuse-tokens', 'MCE fault: the token endpoint answers 401')
    .option('--mce-rest-down', 'MCE fault: /api/v1/agents answers 503')
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
      const port = int('--port', o.port, 0, 65535);
      const employees = int('--employees', o.employees, 10, 100_000);
      const seed = int('--seed', o.seed, 0, 2 ** 31);

      // Check every MCE flag before anything listens.
      const mceFaults: MceFaults = {};
      if (o.mceDropEvery) mceFaults.dropFrames = { every: int('--mce-drop-every', o.mceDropEvery, 1, 1_000_000) };
      if (o.mceNoHeartbeat) mceFaults.noHeartbeat = true;
      if (o.mceRefuseTokens) mceFaults.refuseTokens = true;
      if (o.mceRestDown) mceFaults.restDown = true;
      const mcePort = int('--mce-port', o.mcePort, 0, 65535);
      const agents = o.agents === undefined ? ('all' as const) : int('--agents', o.agents, 10, 20_000);
      const eventsPerSec = o.eventsPerSec === undefined ? undefined : rate('--events-per-sec', o.eventsPerSec);
      const tokenTtlSec = o.mceTokenTtl === undefined ? undefined : int('--mce-token-ttl', o.mceTokenTtl, 1, 86_400);
      if (o.mce && mcePort !== 0 && mcePort === port) throw usageError(`--mce-port must differ from --port (both ${port})`);

      const sim: OnecSimulator = await startOnecSimulator({ host: o.host, port, employees, seed, today: o.today, users: { [o.user]: o.password }, faults });
      let mce: MceSimulator | null = null;
      if (o.mce) {
        try {
          // The same seed, employee count and date as the 1C simulator: MCE's logins are 1C's.
          mce = await startMceSimulator({
            host: o.host,
            port: mcePort,
            agents,
            seed,
            onecEmployees: employees,
            today: sim.today(),
            users: { [o.mceUser]: o.mcePassword },
            tokenTtlSec,
            eventsPerSec,
            faults: mceFaults,
          });
        } catch (e) {
          await sim.close();
          throw e;
        }
      }
      // Listen for the signals before printing: a script may send one as soon as it reads the line.
      const stopped = new Promise<void>((resolve) => {
        const stop = () => {
          void Promise.all([sim.close(), mce?.close()]).then(() => resolve());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const m = mce?.state();
      const info = {
        url: sim.url,
        employees,
        seed,
        today: sim.today(),
        user: o.user,
        faults,
        mce:
          mce && m
            ? { url: mce.url, wsUrl: mce.wsUrl, user: o.mceUser, agents: m.agents, fromOnec: m.fromOnec, unknownToOnec: m.unknownToOnec, eventsPerSec: m.eventsPerSec, tokenTtlSec: m.tokenTtlSec, faults: mceFaults }
            : null,
      };
      if (globals(cmd).json) process.stdout.write(JSON.stringify(info) + '\n');
      else {
        const out: string[] = [];
        out.push(`1C:ZUP simulator listening on ${sim.url} (user "${o.user}", ${employees} employees, seed ${seed}, today ${sim.today()})`);
        out.push(`  try: curl -u ${o.user}:${o.password} ${sim.url}/agents/${sim.today().slice(0, 8)}01/${sim.today()}`);
        out.push(`  advance days: curl -X POST -u ${o.user}:${o.password} "${sim.url}/_sim/advance?days=1"`);
        if (mce && m) {
          out.push(
            `MCE/Oktell simulator listening on ${mce.url} (user "${o.mceUser}", ${m.agents} agents: ${m.fromOnec} from 1C, ${m.unknownToOnec} unknown to 1C; ${m.eventsPerSec} events/s)`,
          );
          out.push(`  token: curl -X POST -u ${o.mceUser}:${o.mcePassword} ${mce.url}/auth/mce/token`);
          out.push(`  agents: curl -H "Authorization: Bearer TOKEN" ${mce.url}/api/v1/agents`);
          out.push(`  live status: ${mce.wsUrl} (Authorization: Bearer TOKEN, or ?token=TOKEN)`);
          out.push(`  state: curl -u ${o.mceUser}:${o.mcePassword} ${mce.url}/_sim/state`);
          out.push(`  faults: POST ${mce.url}/_sim/faults (JSON), actions: POST ${mce.url}/_sim/actions/<dropNext|closeSockets|expireTokens|killSockets|sendBadFrames|pause|resume|setRate>`);
          if (Object.keys(mceFaults).length > 0) out.push(`  MCE faults on: ${JSON.stringify(mceFaults)}`);
        }
        out.push('Press Ctrl+C to stop.');
        process.stdout.write(out.join('\n') + '\n');
      }
      await stopped;
    });
}
