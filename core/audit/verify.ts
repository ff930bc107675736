/**
 * Verifies the audit log: walks the chain from the first row, checking each
 * link and each hash (plain SHA-256 before the keyed part, HMAC-SHA-256 from
 * its first row on, and no plain row after a keyed one), then compares the
 * log's end with the sealed head (head.ts) and, when given, with an anchor.
 *
 * The walk reads pages of rows by id (faster than one long cursor, and lets
 * the console's verify yield to its event loop between pages). The head is
 * read before the walk: it is written after the rows it names commit, so a
 * head that names a row the walk then does not find is a cut log, not a race
 * with another process appending.
 */
import { basename } from 'node:path';
import type { AuditHeadStatus, AuditVerifyResult } from '../contract/index.ts';
import type { Db } from '../db/open.ts';
import type { AuditAnchor } from './anchor.ts';
import { auditRowSelect, GENESIS_HASH, keyedColumn, RowHasher, type RawAuditRow } from './chain.ts';
import { readAuditHead, type HeadRead } from './head.ts';
import { KEYED_HASH_NAME, type AuditKey } from './key.ts';
import { auditKeyringOf } from './keyring.ts';

/** The console's verdict but who checked and when, which the caller stamps. */
export type AuditVerification = Omit<AuditVerifyResult, 'checkedAt' | 'checkedBy'> & {
  /** With an anchor: whether the log still holds it and the chain up to it verifies. */
  anchor?: { ok: boolean; message: string };
};

const PAGE = 10_000;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const short = (h: string) => `${h.slice(0, 12)}…`;

interface Walk {
  /** Rows verified (all of them when the chain is intact). */
  rows: number;
  /** The first row that fails, or (unchecked) the first that could not be checked. */
  firstBadId?: number;
  /** Why the walk stopped early; null when the chain is intact to its end. */
  problem: string | null;
  /** The walk stopped at rows it cannot check (keyed, no key): not a verdict on them. */
  unchecked: boolean;
  keyedFrom: number | null;
  lastId: number;
  lastHash: string | null;
  /** The hash of the anchor's row, when the walk reached it. */
  anchorHash?: string;
}

function badColumns(r: RawAuditRow): string {
  const bad: string[] = [];
  for (const [i, name] of [
    [6, 'before'],
    [7, 'after'],
    [8, 'details'],
  ] as const) {
    const v = r[i];
    if (v === null) continue;
    try {
      JSON.parse(v);
    } catch {
      bad.push(name);
    }
  }
  if (bad.length === 0) return '';
  return ` (its ${bad.join(' and ')} column${bad.length > 1 ? 's are' : ' is'} not valid JSON)`;
}

/** The walk, a page per step: the sync verify runs it through, the console's yields between pages. */
function* walkChain(db: Db, key: AuditKey | null, keyProblem: string | null, anchorId: number | null): Generator<void, Walk> {
  const page = db.prepare(`SELECT ${auditRowSelect(db)} FROM audit_log WHERE id > ? ORDER BY id LIMIT ${PAGE}`).raw();
  let prev = GENESIS_HASH;
  let prevId = 0;
  let keyedFrom: number | null = null;
  let anchorHash: string | undefined;
  const hasher = new RowHasher(key);
  const stop = (id: number, problem: string, unchecked = false): Walk => ({ rows: prevId, firstBadId: id, problem, unchecked, keyedFrom, lastId: prevId, lastHash: prevId ? prev : null, anchorHash });
  for (;;) {
    const rows = page.all(prevId) as RawAuditRow[];
    for (const r of rows) {
      const id = r[0];
      if (r[9] !== prev || id !== prevId + 1) {
        const what = prevId === 0 ? 'the start of the log' : `row ${prevId}`;
        return stop(id, `audit row ${id} does not follow ${what}: a row was removed, inserted or reordered`);
      }
      const keyed = r[11];
      if (keyed === 1) {
        if (keyedFrom === null) keyedFrom = id;
        if (!key) return stop(id, `audit rows from #${id} on are keyed, and the audit key is not available here (${keyProblem ?? 'no key'}): they cannot be checked`, true);
        if (hasher.hash(r, true) !== r[10]) {
          return stop(id, `audit row ${id} was altered: its keyed hash (${KEYED_HASH_NAME}) does not match its content, so it was changed or written without the gateway's key${badColumns(r)}`);
        }
      } else if (keyed === 0) {
        if (keyedFrom !== null) {
          return stop(id, `audit row ${id} has a plain hash although the keyed part began at #${keyedFrom}: it was forged or re-chained without the gateway's key`);
        }
        if (hasher.hash(r, false) !== r[10]) return stop(id, `audit row ${id} was altered: its hash does not match its content${badColumns(r)}`);
      } else {
        return stop(id, `audit row ${id} was altered: its hash kind (${String(keyed)}) is not one the gateway writes`);
      }
      if (id === anchorId) anchorHash = r[10];
      prev = r[10];
      prevId = id;
    }
    if (rows.length < PAGE) break;
    yield;
  }
  return { rows: prevId, problem: null, unchecked: false, keyedFrom, lastId: prevId, lastHash: prevId ? prev : null, anchorHash };
}

/** The head as read before the walk, or why it could not be. */
type HeadInput = { read: HeadRead; file: string } | { read: null; reason: string };

function readHead(db: Db): { head: HeadInput; key: AuditKey | null; keyProblem: string | null } {
  const ring = auditKeyringOf(db);
  if (!ring) return { head: { read: null, reason: 'this connection has no audit key' }, key: null, keyProblem: 'this connection has none' };
  let key: AuditKey;
  try {
    key = ring.key();
  } catch (e) {
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

function verdict(db: Db, head: HeadInput, w: Walk, anchor: AuditAnchor | undefined): AuditVerification {
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

/** The same, yielding to the event loop between pages so a host serving the console stays responsive. */
export async function verifyAuditChainAsync(db: Db, opts: { anchor?: AuditAnchor; sliceMs?: number } = {}): Promise<AuditVerification> {
  const { head, key, keyProblem } = readHead(db);
  const it = walkChain(db, key, keyProblem, opts.anchor?.id ?? null);
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
