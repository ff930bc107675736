#!/usr/bin/env node
/**
 * `npm run serve`: the console in a browser. Prints the URL carrying the
 * per-start token; Ctrl+C (or SIGTERM) lets in-flight work finish and closes the database.
 */
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/config/data-dir.ts';
import { parsePublicName } from './host-names.ts';
import { DEFAULT_PORT, DEMO_LABEL, packageVersion, startServer, type RunningServer } from './start.ts';

const USAGE = `Usage: npm run serve -- [--host 127.0.0.1] [--port ${DEFAULT_PORT}] [--data-dir DIR] [--public-name NAME ...] [--metrics-public]

Serves the operator console and its API (WebSocket, token required) on one port.
  --host            address to listen on (default 127.0.0.1; anything else exposes the console to the network)
  --port            port (default ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir        gateway data directory (default $GATEWAY_DATA_DIR, then the per-user data directory)
  --public-name     a host name people use to reach this host (e.g. gw.example.local, the name a reverse
                    proxy forwards); repeatable. Requests whose Host header names anything but these,
                    127.0.0.1, localhost, [::1] and the --host address are refused (421): this stops
                    DNS rebinding from reading the console, /health or /metrics through a browser
  --metrics-public  serve GET /metrics (Prometheus) without the token; by default a scraper sends
                    "Authorization: Bearer <token>" with the token of the console URL`;

export async function serveFromArgs(argv: string[], log: (l: string) => void = (l) => console.log(l)): Promise<RunningServer | null> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'public-name': { type: 'string', multiple: true },
      'metrics-public': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    log(USAGE);
    return null;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
  const host = values.host ?? '127.0.0.1';
  const publicNames = (values['public-name'] ?? []).map((n) => {
    try {
      return parsePublicName(n);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
  const dataDir = resolveDataDir(values['data-dir']);
  const metricsPublic = values['metrics-public'] ?? false;
  const running = await startServer({ dataDir, host, port, publicNames, metricsPublic, log }).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is already in use: stop the other process or pick another with --port`);
    throw e;
  });
  log(`Argus Integration Gateway ${packageVersion()}: headless console`);
  log(`Data: ${dataDir}`);
  if (running.simulatorUrl) log(`${DEMO_LABEL}: 1C:ZUP simulator at ${running.simulatorUrl}; configure onec.url to use a real 1C:ZUP`);
  if (running.mceSimulatorUrl) log(`${DEMO_LABEL}: MCE/Oktell simulator at ${running.mceSimulatorUrl} (agents change state live); configure mce.url to use a real MCE`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) log(`Warning: listening on ${host}: anyone who can reach this machine and holds the token can use the console`);
  if (publicNames.length) log(`Answers to: ${publicNames.join(', ')} besides 127.0.0.1, localhost, [::1]${['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(host) ? '' : ` and ${host}`}`);
  else if (!['127.0.0.1', 'localhost', '::1'].includes(host)) log('Requests naming another host (Host header) are refused with 421: add the names people use with --public-name NAME');
  log(`Health: ${running.url}/health (states; details with the token)`);
  log(`Metrics: ${running.url}/metrics (Prometheus; ${metricsPublic ? 'public: --metrics-public, no token needed' : 'send "Authorization: Bearer <token>", the token of the console URL'})`);
  log(`Console: ${running.consoleUrl}`);
  return running;
}

export class UsageError extends Error {}

async function main(): Promise<void> {
  let running: RunningServer | null;
  try {
    running = await serveFromArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`serve: ${(e as Error).message}`);
    process.exit(e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
  }
  if (!running) return;
  const server = running;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: finishing in-flight requests, then closing the database`);
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`shutdown failed: ${String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.main) void main();
