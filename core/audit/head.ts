/**
 * The audit chain's sealed head: the last keyed row's id and hash and the
 * number of rows up to it, kept outside the database (audit-head.json in the
 * data directory, owner-only, replaced atomically) and sealed with an
 * HMAC under the audit key. Deleting the last rows of the log, or cutting it
 * back and writing others in their place, leaves the head naming a row the
 * log no longer holds, which verify reports; someone without the key cannot
 * write a head that opens.
 *
 * The file is plain JSON an administrator can read; only `mac` needs the key.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.ts';
import type { AuditKey } from './key.ts';

export const AUDIT_HEAD_FILE = 'audit-head.json';

export function auditHeadPath(dataDir: string): string {
  return join(dataDir, AUDIT_HEAD_FILE);
}

/** Domain separation: a head's MAC input can never equal a row's (those start with 64 hex digits). */
const HEAD_LABEL = 'argus-audit-head:v1\n';

const id = z.number().int().positive();
const headSchema = z
  .object({
    v: z.literal(1),
    /** The last row sealed: ids run 1…N in an intact chain, so `count` equals it. */
    lastId: id,
    count: id,
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    /** The first keyed row of the log when the head was started. */
    keyedFrom: id,
    writtenAt: z.string(),
    /** When this head file was started, and at which row. */
    since: z.object({ id, at: z.string() }).strict(),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export type AuditHead = Omit<z.infer<typeof headSchema>, 'mac'>;

export type HeadRead =
  | { state: 'missing' }
  /** The file exists but cannot be read (permissions, I/O): no verdict on its content. */
  | { state: 'unreadable'; reason: string }
  /** Not a head, or its MAC does not match under this key. */
  | { state: 'tampered'; reason: string }
  | { state: 'ok'; head: AuditHead };

function macOf(h: AuditHead, key: AuditKey): string {
  return key.mac(HEAD_LABEL + canonicalJson(h));
}

export function readAuditHead(file: string, key: AuditKey): HeadRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { state: 'missing' };
    return { state: 'unreadable', reason: err.code ?? err.message };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { state: 'tampered', reason: 'it is not JSON' };
  }
  const parsed = headSchema.safeParse(raw);
  if (!parsed.success) return { state: 'tampered', reason: 'it does not have the fields of a head' };
  const { mac, ...head } = parsed.data;
  if (macOf(head, key) !== mac) return { state: 'tampered', reason: 'its seal does not match' };
  return { state: 'ok', head };
}

/**
 * Replaces the head: written to a temporary file beside it (owner-only), then
 * renamed over it, so a reader sees the old head or the new one, never half.
 * `durable` also syncs it to disk first (the database's synchronous=FULL).
 */
export function writeAuditHead(file: string, head: AuditHead, key: AuditKey, durable = false): void {
  const text = JSON.stringify({ ...head, mac: macOf(head, key) }, null, 2) + '\n';
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, text);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Gone already, or the directory refuses: the error that matters is the first.
    }
    throw e;
  }
}
