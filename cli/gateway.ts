/** Opens the gateway on the command's data directory for the length of one command. */
import type { Command } from 'commander';
import { createGateway, type Gateway, type GatewayOptions } from '../core/service.ts';
import { globals } from './context.ts';

export async function withGateway<T>(cmd: Command, fn: (gw: Gateway) => Promise<T> | T, opts: { concurrency?: number } = {}): Promise<T> {
  const options: GatewayOptions = { dataDir: globals(cmd).dataDir, actor: process.env.GATEWAY_ACTOR || undefined, queueConcurrency: opts.concurrency };
  const gw = await createGateway(options);
  try {
    return await fn(gw);
  } finally {
    await gw.close();
  }
}
