/**
 * What every gatewayctl command shares: global options (--data-dir, --json),
 * output in either form, and one way to fail (message on stderr, non-zero exit).
 */
import type { Command } from 'commander';
import { GatewayError, errorMessage, isGatewayError } from '../core/errors.ts';
import { resolveDataDir } from '../core/config/data-dir.ts';

export interface GlobalOptions {
  dataDir: string;
  json: boolean;
}

export function globals(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals<{ dataDir?: string; json?: boolean }>();
  return { dataDir: resolveDataDir(o.dataDir), json: Boolean(o.json) };
}

/** Prints a result: JSON with --json, else the human form. */
export function emit<T>(cmd: Command, result: T, human: (r: T) => string): void {
  if (globals(cmd).json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const text = human(result);
    if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
}

/** Progress for people only: never mixed into --json output. */
export function progress(cmd: Command, line: string): void {
  if (!globals(cmd).json && process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
}

export function progressDone(cmd: Command): void {
  if (!globals(cmd).json && process.stderr.isTTY) process.stderr.write('\n');
}

/** Exit codes: 1 for a failed operation, 2 for bad usage or input. */
export function reportError(e: unknown, json: boolean): number {
  const kind = isGatewayError(e) ? e.kind : 'permanent';
  const code = isGatewayError(e) ? e.code : 'internal';
  const message = errorMessage(e);
  if (json) process.stderr.write(JSON.stringify({ error: { code, kind, message } }) + '\n');
  else process.stderr.write(`error: ${message}\n`);
  if (!isGatewayError(e) && process.env.GATEWAY_DEBUG) console.error(e);
  return code.startsWith('usage') || code.startsWith('invalid_') || code.endsWith('_invalid') || code === 'config_unknown_key' ? 2 : 1;
}

export function usageError(message: string): GatewayError {
  return new GatewayError('usage', message, 'permanent');
}

/** Reads all of standard input (for --password-stdin); trailing newline removed. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw usageError('--password-stdin expects the password on standard input, e.g. printf %s "$PASS" | gatewayctl …');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Renders rows as an aligned text table (numbers right-aligned). */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null || r[i] === undefined));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
