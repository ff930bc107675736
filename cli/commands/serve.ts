import type { Command } from 'commander';
import { globals, usageError } from '../context.ts';
import { serveFromArgs } from '../../server/main.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the operator console in a browser (WebSocket API with a per-start token) until interrupted')
    .option('--host <host>', 'address to listen on (127.0.0.1 keeps it on this machine)', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '8787')
    .action(async (o: { host: string; port: string }, cmd: Command) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port must be a number from 0 to 65535, got "${o.port}"`);
      const running = await serveFromArgs(['--host', o.host, '--port', String(port), '--data-dir', globals(cmd).dataDir]);
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
