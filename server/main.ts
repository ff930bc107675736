/**
 * `npm run serve` (through bin/serve.mjs, which checks the Node version first):
 * the console in a browser. Prints the URL carrying the access token (a fresh
 * one per start, or the one in --token-file); SIGINT or SIGTERM lets in-flight
 * work finish and closes the database; SIGHUP reads the TLS certificate again.
 */
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/config/data-dir.ts';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isLoopbackHost, normaliseHostName, parsePublicName } from './host-names.ts';
import { DEFAULT_PORT, DEMO_LABEL, packageVersion, startServer, type RunningServer } from './start.ts';
import { AlreadyServingError } from './state-file.ts';
import { loadTls, TlsFileError, type TlsMaterial } from './tls.ts';
import { loadOrCreateToken, TokenFileError } from './token-file.ts';

const USAGE = `Usage: npm run serve -- [--host 127.0.0.1] [--port ${DEFAULT_PORT}] [--data-dir DIR] [--token-file FILE [--show-token]]
                        [--tls-cert FILE --tls-key FILE] [--insecure-bind] [--public-name NAME ...] [--metrics-public]

Serves the operator console and its API (WebSocket, token required) on one port.
  --host            address to listen on (default 127.0.0.1). Any other address needs TLS (--tls-cert and
                    --tls-key) or --insecure-bind
  --port            port (default ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir        gateway data directory (default $GATEWAY_DATA_DIR, then the per-user data directory)
  --token-file      keep the access token in FILE, for a host that runs as a service: created owner-only (600)
                    with a new token when missing, and the token is printed only then; later starts read it
  --show-token      print the console URL with the token from --token-file at every start
  --tls-cert        certificate (PEM; the host's first, then intermediates): serve HTTPS and WSS
  --tls-key         its private key (PEM, without a passphrase)
  --insecure-bind   listen on an address other than loopback without TLS (a TLS proxy in front, a trusted network)
  --public-name     a host name people use to reach this host (e.g. gw.example.local, the name a reverse
                    proxy forwards); repeatable. Requests whose Host header names anything but these,
                    127.0.0.1, localhost, [::1] and the --host address are refused (421): this stops
                    DNS rebinding from reading the console, /health or /metrics through a browser
  --metrics-public  serve GET /metrics (Prometheus) without the token; by default a scraper sends
                    "Authorization: Bearer <token>" with the token of the console URL

Signals: SIGINT, SIGTERM drain and stop; SIGHUP reads --tls-cert and --tls-key again.`;

/** Why a bind is refused: beyond loopback without TLS the token and all the console shows cross the network in clear. */
export function bindRefusal(host: string, tls: boolean, insecureBind: boolean): string | null {
  if (isLoopbackHost(host) || tls || insecureBind) return null;
  return refusalOf(host);
}

function refusalOf(where: string): string {
  return (
    `refusing to listen on ${where} without TLS: the access token and everything the console shows would cross the network readable by anyone on the way; ` +
    'give --tls-cert FILE --tls-key FILE, or --insecure-bind if a TLS proxy in front of this host or a network you trust carries the traffic'
  );
}

type Lookup = (host: string) => Promise<Array<{ address: string }>>;

/**
 * bindRefusal, and for a loopback *name* (localhost) what it resolves to: /etc/hosts may map it to
 * another address, and listen() binds wherever the resolver says.
 */
export async function resolvedBindRefusal(host: string, tls: boolean, insecureBind: boolean, lookup: Lookup = (h) => dnsLookup(h, { all: true })): Promise<string | null> {
  const refusal = bindRefusal(host, tls, insecureBind);
  if (refusal || tls || insecureBind || isIP(normaliseHostName(host))) return refusal;
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(host);
  } catch {
    return null; // listen() reports a name that does not resolve
  }
  const beyond = addresses.map((a) => a.address).filter((a) => !isLoopbackHost(a));
  if (beyond.length === 0) return null;
  return refusalOf(`${host} (it resolves to ${beyond.join(', ')}, beyond loopback)`);
}

export interface Served extends RunningServer {
  /** Reads the certificate and key files again (SIGHUP); throws a TlsFileError when they are wrong, and the old ones stay. */
  reloadTlsFiles(): TlsMaterial | null;
}

export async function serveFromArgs(argv: string[], log: (l: string) => void = (l) => console.log(l), env: NodeJS.ProcessEnv = process.env): Promise<Served | null> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'public-name': { type: 'string', multiple: true },
      'metrics-public': { type: 'boolean' },
      'token-file': { type: 'string' },
      'show-token': { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'insecure-bind': { type: 'boolean' },
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
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError('--tls-cert and --tls-key go together: the certificate and its private key');
  const refusal = await resolvedBindRefusal(host, certFile !== undefined, values['insecure-bind'] ?? false);
  if (refusal) throw new UsageError(refusal);
  if (values['show-token'] && !values['token-file']) throw new UsageError('--show-token prints the token of --token-file; without a token file the console URL always carries the token');
  let tls: TlsMaterial | undefined;
  if (certFile !== undefined && keyFile !== undefined) {
    try {
      tls = loadTls(certFile, keyFile);
    } catch (e) {
      throw e instanceof TlsFileError ? new UsageError(e.message) : e;
    }
  }
  const tokenFile = values['token-file'];
  let fileToken: ReturnType<typeof loadOrCreateToken> | undefined;
  if (tokenFile !== undefined) {
    try {
      fileToken = loadOrCreateToken(tokenFile);
    } catch (e) {
      throw e instanceof TokenFileError ? new UsageError(e.message) : e;
    }
  }
  const dataDir = resolveDataDir(values['data-dir']);
  const metricsPublic = values['metrics-public'] ?? false;
  const running = await startServer({ dataDir, host, port, publicNames, metricsPublic, token: fileToken?.token, tls, log }).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is already in use: stop the other process or pick another with --port`);
    if (e instanceof AlreadyServingError) throw new UsageError(e.message);
    throw e;
  });
  log(`Argus Integration Gateway ${packageVersion()}: headless console`);
  log(`Data: ${dataDir}`);
  if (running.simulatorUrl) log(`${DEMO_LABEL}: 1C:ZUP simulator at ${running.simulatorUrl}; configure onec.url to use a real 1C:ZUP`);
  if (running.mceSimulatorUrl) log(`${DEMO_LABEL}: MCE/Oktell simulator at ${running.mceSimulatorUrl} (agents change state live); configure mce.url to use a real MCE`);
  if (tls) {
    log(`TLS: ${tls.subject}, valid to ${tls.validTo.toISOString()}, SHA-256 fingerprint ${tls.fingerprint256}`);
    for (const w of tls.warnings) log(`Warning: ${w}`);
  }
  if (!isLoopbackHost(host)) {
    log(
      tls
        ? `Listening on ${host}: anyone who can reach this machine and holds the token can use the console`
        : `Warning: listening on ${host} without TLS (--insecure-bind): the token and the console's data cross the network in clear text`,
    );
  }
  if (publicNames.length) log(`Answers to: ${publicNames.join(', ')} besides 127.0.0.1, localhost, [::1]${['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(host) ? '' : ` and ${host}`}`);
  else if (!isLoopbackHost(host)) log('Requests naming another host (Host header) are refused with 421: add the names people use with --public-name NAME');
  log(`Health: ${running.url}/health (states; details with the token)`);
  log(`Metrics: ${running.url}/metrics (Prometheus; ${metricsPublic ? 'public: --metrics-public, no token needed' : 'send "Authorization: Bearer <token>", the token of the console URL'})`);
  for (const note of fileToken?.notes ?? []) log(`Note: ${note}`);
  // systemd sets JOURNAL_STREAM when this output goes to the journal, which other groups read and
  // which keeps it: a new token is then not printed there, only asked for (--show-token).
  const toJournal = Boolean(env.JOURNAL_STREAM);
  if (fileToken?.created && toJournal) log(`Token: a new one was written to ${tokenFile} (owner-only); not printed, as this output goes to the system journal: read the file as the service's user`);
  else if (fileToken?.created) log(`Token: a new one was written to ${tokenFile} (owner-only); it is printed this once, in the console URL below`);
  if (!fileToken || (fileToken.created && !toJournal) || values['show-token']) log(`Console: ${running.consoleUrl}`);
  else log(`Console: ${running.url}/?token=… with the token in ${tokenFile} (serve --show-token prints the whole URL)`);
  return Object.assign(running, {
    reloadTlsFiles(): TlsMaterial | null {
      if (!certFile || !keyFile) return null;
      const material = loadTls(certFile, keyFile);
      running.reloadTls(material);
      return material;
    },
  });
}

export class UsageError extends Error {}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let running: Served | null;
  try {
    running = await serveFromArgs(argv);
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
  if (process.platform !== 'win32') process.on('SIGHUP', () => reloadOnHangup(server));
}

/** SIGHUP: a renewed certificate is served from the next connection on; a broken one is reported and the old one kept. */
export function reloadOnHangup(server: Served, log: (l: string) => void = (l) => console.log(l)): void {
  try {
    const m = server.reloadTlsFiles();
    log(m ? `SIGHUP: TLS certificate read again: ${m.subject}, valid to ${m.validTo.toISOString()}, SHA-256 ${m.fingerprint256}` : 'SIGHUP: nothing to reload (no --tls-cert)');
    for (const w of m?.warnings ?? []) log(`Warning: ${w}`);
  } catch (e) {
    log(`SIGHUP: the certificate was not reloaded, the previous one is still served: ${(e as Error).message}`);
  }
}

if (import.meta.main) void main();
