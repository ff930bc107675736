/** Opens the gateway on the command's data directory for the length of one command. */
import type { Command } from 'commander';
import { databaseFile } from '../core/config/data-dir.ts';
import { asStoreError } from '../core/db/store-errors.ts';
import { createGateway, openAuditReader, type AuditReader, type Gateway, type GatewayOptions } from '../core/service.ts';
import { globals } from './context.ts';

export async function withGateway<T>(cmd: Command, fn: (gw: Gateway) => Promise<T> | T, opts: { concurrency?: number } = {}): Promise<T> {
  const options: GatewayOptions = { dataDir: globals(cmd).dataDir, actor: process.env.GATEWAY_ACTOR || undefined, queueConcurrency: opts.concurrency };
  // A fault of the store (full disk, read-only or damaged file) is printed as its sentence, never as SQLite's text.
  const file = databaseFile(options.dataDir);
  let gw: Gateway;
  try {
    gw = await createGateway(options);
  } catch (e) {
    throw asStoreError(e, file);
  }
  try {
    return await fn(gw);
  } catch (e) {
    throw asStoreError(e, file);
  } finally {
    await gw.close();
  }
}

/** The data directory's audit log, read-only (works on a read-only copy too), for the length of one command. */
export async function withAuditReader<T>(cmd: Command, fn: (r: AuditReader) => Promise<T> | T): Promise<T> {
  const dataDir = globals(cmd).dataDir;
  let reader: AuditReader;
  try {
    reader = openAuditReader({ dataDir });
  } catch (e) {
    throw asStoreError(e, databaseFile(dataDir));
  }
  try {
    return await fn(reader);
  } finally {
    reader.close();
  }
}
