import type { Command } from 'commander';
import { globals, usageError } from '../context.ts';
import { serveFromArgs } from '../../server/main.ts';
import { parsePublicName } from '../../server/host-names.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the operator console in a browser (WebSocket API with a per-start token) until interrupted')
    .option('--host <host>', 'address to listen on (127.0.0.1 keeps it on this machine)', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '8787')
    .option(
      '--public-name <name>',
      'a host name people reach this host by (e.g. gw.example.local, the name a reverse proxy forwards); repeatable. Requests naming any other host than these, 127.0.0.1, localhost, [::1] and --host are refused with 421, so DNS rebinding cannot read the console, /health or /metrics',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--metrics-public', 'serve GET /metrics (Prometheus) without the token; by default a scraper sends "Authorization: Bearer <token>"')
    .action(async (o: { host: string; port: string; publicName: string[]; metricsPublic?: boolean }, cmd: Command) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port must be a number from 0 to 65535, got "${o.port}"`);
      for (const n of o.publicName) {
        try {
          parsePublicName(n);
        } catch (e) {
          throw usageError((e as Error).message);
        }
      }
      const running = await serveFromArgs(['--host', o.host, '--port', String(port), '--data-dir', globals(cmd).dataDir, ...o.publicName.flatMap((n) => ['--public-name', n]), ...(o.metricsPublic ? ['--metrics-public'] : [])]);
      if (!running) return;
      await new Promise<void>((resolve, reject) => {
        const stop = (signal: string) => {
          process.stderr.write(`${signal}: finishing in-flight requests, then closing the database\n`);
          running.close().then(resolve, reject);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
