/** Opens the gateway on the command's data directory for the length of one command. */
import type { Command } from 'commander';
import { createGateway, type Gateway } from '../core/service.ts';
import { globals } from './context.ts';

export async function withGateway<T>(cmd: Command, fn: (gw: Gateway) => Promise<T> | T): Promise<T> {
  const gw = await createGateway({ dataDir: globals(cmd).dataDir, actor: process.env.GATEWAY_ACTOR || undefined });
  try {
    return await fn(gw);
  } finally {
    await gw.close();
  }
}
