import type { Command } from 'commander';
import { globals, usageError } from '../context.ts';
import { reloadOnHangup, serveFromArgs, UsageError } from '../../server/main.ts';
import { parsePublicName } from '../../server/host-names.ts';

interface ServeOptions {
  host: string;
  port: string;
  publicName: string[];
  metricsPublic?: boolean;
  tokenFile?: string;
  showToken?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  insecureBind?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the operator console in a browser (WebSocket API with an access token) until interrupted; same as npm run serve')
    .option('--host <host>', 'address to listen on (127.0.0.1 keeps it on this machine; any other needs --tls-cert and --tls-key, or --insecure-bind)', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '8787')
    .option('--token-file <file>', 'keep the access token in FILE (a service): created owner-only with a new token when missing, printed only then')
    .option('--show-token', 'print the console URL with the token of --token-file at every start')
    .option('--tls-cert <file>', 'certificate chain (PEM): serve HTTPS and WSS')
    .option('--tls-key <file>', 'private key of --tls-cert (PEM, no passphrase)')
    .option('--insecure-bind', 'listen beyond loopback without TLS (a TLS proxy in front, a trusted network)')
    .option(
      '--public-name <name>',
      'a host name people reach this host by (e.g. gw.example.local, the name a reverse proxy forwards); repeatable. Requests naming any other host than these, 127.0.0.1, localhost, [::1] and --host are refused with 421, so DNS rebinding cannot read the console, /health or /metrics',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--metrics-public', 'serve GET /metrics (Prometheus) without the token; by default a scraper sends "Authorization: Bearer <token>"')
    .action(async (o: ServeOptions, cmd: Command) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port must be a number from 0 to 65535, got "${o.port}"`);
      for (const n of o.publicName) {
        try {
          parsePublicName(n);
        } catch (e) {
          throw usageError((e as Error).message);
        }
      }
      const args = ['--host', o.host, '--port', String(port), '--data-dir', globals(cmd).dataDir, ...o.publicName.flatMap((n) => ['--public-name', n])];
      if (o.metricsPublic) args.push('--metrics-public');
      if (o.tokenFile !== undefined) args.push('--token-file', o.tokenFile);
      if (o.showToken) args.push('--show-token');
      if (o.tlsCert !== undefined) args.push('--tls-cert', o.tlsCert);
      if (o.tlsKey !== undefined) args.push('--tls-key', o.tlsKey);
      if (o.insecureBind) args.push('--insecure-bind');
      let running;
      try {
        running = await serveFromArgs(args);
      } catch (e) {
        // serve's own refusals (TLS files, token file, bind, busy port) are usage errors here too: exit 2.
        if (e instanceof UsageError) throw usageError(e.message);
        throw e;
      }
      if (!running) return;
      const served = running;
      const hangup = () => reloadOnHangup(served, (l) => process.stderr.write(`${l}\n`));
      if (process.platform !== 'win32') process.on('SIGHUP', hangup);
      await new Promise<void>((resolve, reject) => {
        const stop = (signal: string) => {
          process.stderr.write(`${signal}: finishing in-flight requests, then closing the database\n`);
          served.close().then(resolve, reject);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      process.off('SIGHUP', hangup);
    });
}
