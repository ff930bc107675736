/** Opens the gateway on the command's data directory for the length of one command. */
import type { Command } from 'commander';
import { createGateway, openAuditReader, type AuditReader, type Gateway, type GatewayOptions } from '../core/service.ts';
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

/** The data directory's audit log, read-only (works on a read-only copy too), for the length of one command. */
export async function withAuditReader<T>(cmd: Command, fn: (r: AuditReader) => Promise<T> | T): Promise<T> {
  const reader = openAuditReader({ dataDir: globals(cmd).dataDir });
  try {
    return await fn(reader);
  } finally {
    reader.close();
  }
}
