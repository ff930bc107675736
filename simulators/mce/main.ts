/**
 * The MCE simulator as a child process (benchmarks, scripts):
 *   node simulators/mce/main.ts --port 0 --agents 10000 --events-per-sec 5000
 * (`--agents all`: every 1C login of the roster for --seed/--onec-employees/--today.)
 * Prints one JSON line {"url", "wsUrl", "port", "agents", "eventsPerSec"} on
 * stdout once listening; stops on SIGTERM or SIGINT (exit 0). Bad arguments:
 * a message on stderr and exit 2.
 */
import { parseArgs } from 'node:util';
import { startMceSimulator, type MceSimOptions } from './server.ts';

const spec = {
  host: { type: 'string' },
  port: { type: 'string' },
  agents: { type: 'string' },
  seed: { type: 'string' },
  'onec-employees': { type: 'string' },
  today: { type: 'string' },
  'events-per-sec': { type: 'string' },
  'events-per-agent-per-min': { type: 'string' },
  'heartbeat-ms': { type: 'string' },
  'token-ttl': { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  paused: { type: 'boolean' },
} as const;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new RangeError(`--${name} must be a number, got "${v}"`);
  return n;
}

function options(argv: string[]): MceSimOptions {
  const { values: v } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false });
  const o: MceSimOptions = {
    host: v.host,
    port: num('port', v.port),
    agents: v.agents === 'all' ? 'all' : num('agents', v.agents),
    seed: num('seed', v.seed),
    onecEmployees: num('onec-employees', v['onec-employees']),
    today: v.today,
    eventsPerSec: num('events-per-sec', v['events-per-sec']),
    eventsPerAgentPerMin: num('events-per-agent-per-min', v['events-per-agent-per-min']),
    heartbeatMs: num('heartbeat-ms', v['heartbeat-ms']),
    tokenTtlSec: num('token-ttl', v['token-ttl']),
    paused: v.paused,
  };
  if (v.user !== undefined || v.password !== undefined) o.users = { [v.user ?? 'mce']: v.password ?? 'mce' };
  // Absent flags take the simulator's defaults.
  for (const k of Object.keys(o) as Array<keyof MceSimOptions>) if (o[k] === undefined) delete o[k];
  return o;
}

async function main(): Promise<void> {
  let opts: MceSimOptions;
  try {
    opts = options(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`mce simulator: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  let sim;
  try {
    sim = await startMceSimulator(opts);
  } catch (e) {
    process.stderr.write(`mce simulator: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(e instanceof RangeError ? 2 : 1);
  }
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  // Before the line is printed: whoever reads it may signal at once.
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const s = sim.state();
  process.stdout.write(`${JSON.stringify({ url: sim.url, wsUrl: sim.wsUrl, port: sim.port, agents: s.agents, eventsPerSec: s.eventsPerSec, seed: s.seed, today: s.today })}\n`);
}

await main();
