/**
 * Verifies the audit log: walks the chain from the first row, checking each
 * link and each hash (plain SHA-256 before the keyed part, HMAC-SHA-256 from
 * its first row on, and no plain row after a keyed one), then compares the
 * log's end with the sealed head (head.ts) and, when given, with an anchor.
 *
 * The walk itself is walk.ts (one connection, in pages) and parallel.ts
 * (worker threads, for large logs). The head is read before the walk: it is
 * written after the rows it names commit, so a head that names a row the log
 * then does not hold is a cut log, not a race with another process appending.
 */
import { basename } from 'node:path';
import type { AuditHeadStatus, AuditVerifyResult } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import { isGatewayError } from '../errors.ts';
import type { AuditAnchor } from './anchor.ts';
import { keyedColumn } from './chain.ts';
import { readAuditHead, type HeadRead } from './head.ts';
import { KEYED_HASH_NAME, type AuditKey } from './key.ts';
import { auditKeyringOf } from './keyring.ts';
import { walkInParallel, type ParallelOptions } from './parallel.ts';
import { walkChain, type Walk } from './walk.ts';

/** The console's verdict but who checked and when, which the caller stamps. */
export type AuditVerification = Omit<AuditVerifyResult, 'checkedAt' | 'checkedBy'> & {
  /** With an anchor: whether the log still holds it and the chain up to it verifies. */
  anchor?: { ok: boolean; message: string };
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const short = (h: string) => `${h.slice(0, 12)}…`;

/** The head as read before the walk, or why it could not be. */
export type HeadInput = { read: HeadRead; file: string } | { read: null; reason: string };

export function readHead(db: Db): { head: HeadInput; key: AuditKey | null; keyProblem: string | null } {
  const ring = auditKeyringOf(db);
  if (!ring) return { head: { read: null, reason: 'this connection has no audit key' }, key: null, keyProblem: 'this connection has none' };
  let key: AuditKey;
  try {
    key = ring.key();
  } catch (e) {
    // The desktop app's keychain holds the key: nothing keyed can be checked here, and the error says so at once.
    if (isGatewayError(e) && e.code === 'secret_key_in_keychain') throw e;
    const reason = (e as Error).message;
    return { head: { read: null, reason }, key: null, keyProblem: reason };
  }
  if (!ring.headFile) return { head: { read: null, reason: 'this connection keeps no sealed head' }, key, keyProblem: null };
  return { head: { read: readAuditHead(ring.headFile, key), file: ring.headFile }, key, keyProblem: null };
}

/** `walk`: what the walk found, or null when there was none (the anchor's quick look). */
function headStatus(db: Db, input: HeadInput, walk: Pick<Walk, 'problem' | 'unchecked' | 'keyedFrom'> | null): AuditHeadStatus {
  const none = { lastId: null, count: null, hash: null, keyedFrom: null, writtenAt: null, since: null };
  if (input.read === null) return { state: 'unchecked', ...none, message: `the sealed head was not checked: ${input.reason}` };
  const name = basename(input.file);
  const read = input.read;
  if (read.state === 'missing') {
    const keyedRows = walk ? walk.keyedFrom !== null || walk.unchecked : db.prepare(`SELECT ${keyedColumn(db)} FROM audit_log ORDER BY id DESC LIMIT 1`).pluck().get() === 1;
    const message = !keyedRows
        ? 'no sealed head yet: the log has no keyed entries (the next entry starts the keyed part and writes the head)'
        : `no sealed head (${name}) in the data directory: a fresh directory, a version that wrote none, or a deleted file; the next entry writes it, and until then a cut tail cannot be detected`;
    return { state: 'missing', ...none, message };
  }
  if (read.state === 'unreadable') return { state: 'unreadable', ...none, message: `the sealed head ${name} cannot be read (${read.reason}), so it was not compared` };
  if (read.state === 'tampered') {
    return { state: 'tampered', ...none, message: `the sealed head ${name} does not open under the gateway's key (${read.reason}): it was edited or replaced, or written under another data key` };
  }
  const h = read.head;
  const facts = { lastId: h.lastId, count: h.count, hash: h.hash, keyedFrom: h.keyedFrom, writtenAt: h.writtenAt, since: h.since };
  const last = (db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined) ?? { id: 0, hash: '' };
  if (last.id < h.lastId) {
    const missing = h.lastId - last.id;
    const ends = last.id === 0 ? 'the log is empty' : `the log ends at #${last.id}`;
    return { state: 'truncated', ...facts, message: `${ends} but #${h.lastId} was written: ${plural(missing, 'row is', 'rows are')} missing` };
  }
  const held = db.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(h.lastId) as string | undefined;
  if (held !== h.hash) {
    return {
      state: 'diverged',
      ...facts,
      message: `the log no longer holds the sealed head: #${h.lastId} was sealed with hash ${short(h.hash)}, the log's #${h.lastId} has ${held ? short(held) : 'none'}: entries were removed and others written in their place`,
    };
  }
  // Only a walk that went through the whole keyed part knows where it begins.
  if (walk && walk.problem === null && walk.keyedFrom !== h.keyedFrom) {
    return {
      state: 'diverged',
      ...facts,
      message: `the keyed part begins at ${walk.keyedFrom === null ? 'no row' : `#${walk.keyedFrom}`} in the log, but the sealed head says #${h.keyedFrom}: keyed entries were re-chained without the key`,
    };
  }
  if (last.id > h.lastId) {
    return {
      state: 'behind',
      ...facts,
      message: `the sealed head is behind the log: it names #${h.lastId}, the log goes on to #${last.id} (${plural(last.id - h.lastId, 'row')} written after it: a process stopped between a commit and the head update; the next entry moves it on)`,
    };
  }
  return { state: 'matches', ...facts, message: `sealed head matches #${h.lastId}` };
}

function keyedPart(w: Walk): string {
  if (w.rows === 0) return '';
  if (w.keyedFrom === null) return ', all plain SHA-256 (no keyed rows)';
  if (w.keyedFrom === 1) return `, keyed (${KEYED_HASH_NAME}) from #1`;
  return `, plain SHA-256 up to #${w.keyedFrom - 1} and keyed (${KEYED_HASH_NAME}) from #${w.keyedFrom}`;
}

function anchorCheck(a: AuditAnchor, w: Walk): { ok: boolean; message: string } {
  if (w.firstBadId !== undefined && w.firstBadId <= a.id) {
    const verb = w.unchecked ? 'cannot be checked' : 'breaks';
    return { ok: false, message: `the anchor #${a.id} is not proven: the chain ${verb} at #${w.firstBadId}, before it` };
  }
  if (w.anchorHash === undefined) {
    const ends = w.lastId === 0 ? 'the log is empty' : `the log ends at #${w.lastId}`;
    return { ok: false, message: `the anchor #${a.id} is not in the log: ${ends} (${plural(a.id - w.lastId, 'row')} missing since the anchor was taken)` };
  }
  if (w.anchorHash !== a.hash) {
    return { ok: false, message: `the log's #${a.id} is not the anchored one: its hash is ${short(w.anchorHash)}, the anchor's ${short(a.hash)}: entries up to #${a.id} were changed or rewritten` };
  }
  // An intact chain numbers its rows 1…N, so the anchor's row is preceded by exactly id − 1 others.
  if (a.count !== a.id) return { ok: false, message: `the anchor counts ${a.count} rows up to #${a.id}, but the log holds ${a.id}` };
  return { ok: true, message: `the anchor #${a.id} is in the log unchanged (hash ${short(a.hash)}), and the chain up to it verifies` };
}

export function verdict(db: Db, head: HeadInput, w: Walk, anchor: AuditAnchor | undefined): AuditVerification {
  const hs = headStatus(db, head, w);
  const headBad = hs.state === 'truncated' || hs.state === 'diverged' || hs.state === 'tampered';
  const chain = w.problem ?? `audit chain intact: ${plural(w.rows, 'row')} verified${keyedPart(w)}`;
  const base = {
    ok: w.problem === null && !headBad,
    rows: w.rows,
    ...(w.firstBadId !== undefined && !w.unchecked ? { firstBadId: w.firstBadId } : {}),
    message: `${chain}; ${hs.message}`,
    ...(w.problem !== null ? { problem: w.problem } : {}),
    lastId: (db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number | null) ?? 0,
    keyedFrom: w.keyedFrom,
    head: hs,
  };
  return anchor ? { ...base, anchor: anchorCheck(anchor, w) } : base;
}

/** The whole log in one synchronous pass (the CLI). */
export function verifyAuditChain(db: Db, opts: { anchor?: AuditAnchor } = {}): AuditVerification {
  const { head, key, keyProblem } = readHead(db);
  const it = walkChain(db, key, keyProblem, opts.anchor?.id ?? null);
  let step = it.next();
  while (!step.done) step = it.next();
  return verdict(db, head, step.value, opts.anchor);
}

/**
 * The same for the console and gatewayctl: a large log is walked on worker
 * threads (parallel.ts); otherwise on this connection, yielding to the event
 * loop between pages so a host serving the console stays responsive.
 */
export async function verifyAuditChainAsync(db: Db, opts: { anchor?: AuditAnchor; sliceMs?: number; parallel?: ParallelOptions | false } = {}): Promise<AuditVerification> {
  const { head, key, keyProblem } = readHead(db);
  const anchorId = opts.anchor?.id ?? null;
  const parallel = opts.parallel === false ? null : await walkInParallel(db, key?.hex ?? null, keyProblem, anchorId, opts.parallel ?? {});
  if (parallel) return verdict(db, head, parallel, opts.anchor);
  const it = walkChain(db, key, keyProblem, anchorId);
  const slice = opts.sliceMs ?? 50;
  let since = performance.now();
  let step = it.next();
  while (!step.done) {
    if (performance.now() - since >= slice) {
      await new Promise((r) => setImmediate(r));
      since = performance.now();
    }
    step = it.next();
  }
  return verdict(db, head, step.value, opts.anchor);
}

/**
 * The sealed head against the log's end, without walking the chain (cheap):
 * what `audit anchor` prints and the console shows beside the last verification.
 */
export function auditHeadNow(db: Db): { head: AuditHeadStatus; anchor: AuditAnchor | null } {
  const head = headStatus(db, readHead(db).head, null);
  const holds = head.state === 'matches' || head.state === 'behind';
  return { head, anchor: holds && head.lastId !== null && head.hash !== null ? { id: head.lastId, count: head.count ?? head.lastId, hash: head.hash } : null };
}
