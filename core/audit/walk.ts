/**
 * The chain walk of verification: from the first row to the last, each row
 * must follow the one before (its id the next, its prev_hash that row's hash),
 * and its own hash must match its content: plain SHA-256 before the keyed part,
 * HMAC-SHA-256 from its first row on, never a plain row after a keyed one.
 * The walk stops at the first row that fails and says what is wrong with it.
 *
 * Here it runs on one connection, in pages (verify.ts); parallel.ts has workers
 * walk parts of the log at once and `stitch` joins their results into exactly
 * what this walk would have found.
 */
import type { Db } from '../db/open.ts';
import { auditRowSelect, GENESIS_HASH, RowHasher, type RawAuditRow } from './chain.ts';
import { KEYED_HASH_NAME, type AuditKey } from './key.ts';

export const PAGE = 10_000;

export interface Walk {
  /** Rows verified (all of them when the chain is intact). */
  rows: number;
  /** The first row that fails, or (unchecked) the first that could not be checked. */
  firstBadId?: number;
  /** Why the walk stopped early; null when the chain is intact to its end. */
  problem: string | null;
  /** The walk stopped at rows it cannot check (keyed, no key): not a verdict on them. */
  unchecked: boolean;
  keyedFrom: number | null;
  /** The last row verified. */
  lastId: number;
  /** The hash of the anchor's row, when the walk reached it. */
  anchorHash?: string;
}

/** What is wrong with the first bad row. */
export type RowProblem =
  | { kind: 'link'; id: number; prevId: number }
  | { kind: 'nokey'; id: number }
  | { kind: 'keyed'; id: number; bad: string[] }
  | { kind: 'plain'; id: number; bad: string[] }
  | { kind: 'plainAfterKeyed'; id: number; keyedFrom: number }
  | { kind: 'hashKind'; id: number; value: string };

/** The JSON columns of a row that do not parse: named when its hash fails, as the likely reason. */
export function badJsonColumns(r: RawAuditRow): string[] {
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
  return bad;
}

function badNote(bad: string[]): string {
  if (bad.length === 0) return '';
  return ` (its ${bad.join(' and ')} column${bad.length > 1 ? 's are' : ' is'} not valid JSON)`;
}

export function problemMessage(p: RowProblem, keyProblem: string | null): string {
  switch (p.kind) {
    case 'link':
      return `audit row ${p.id} does not follow ${p.prevId === 0 ? 'the start of the log' : `row ${p.prevId}`}: a row was removed, inserted or reordered`;
    case 'nokey':
      return `audit rows from #${p.id} on are keyed, and the audit key is not available here (${keyProblem ?? 'no key'}): they cannot be checked`;
    case 'keyed':
      return `audit row ${p.id} was altered: its keyed hash (${KEYED_HASH_NAME}) does not match its content, so it was changed or written without the gateway's key${badNote(p.bad)}`;
    case 'plain':
      return `audit row ${p.id} was altered: its hash does not match its content${badNote(p.bad)}`;
    case 'plainAfterKeyed':
      return `audit row ${p.id} has a plain hash although the keyed part began at #${p.keyedFrom}: it was forged or re-chained without the gateway's key`;
    case 'hashKind':
      return `audit row ${p.id} was altered: its hash kind (${p.value}) is not one the gateway writes`;
  }
}

function stopped(p: RowProblem, keyProblem: string | null, at: { prevId: number; keyedFrom: number | null; anchorHash: string | undefined }): Walk {
  return {
    rows: at.prevId,
    firstBadId: p.id,
    problem: problemMessage(p, keyProblem),
    unchecked: p.kind === 'nokey',
    keyedFrom: at.keyedFrom,
    lastId: at.prevId,
    anchorHash: at.anchorHash,
  };
}

/** The walk on one connection, a page per step: the sync verify runs it through, the console's yields between pages. */
export function* walkChain(db: Db, key: AuditKey | null, keyProblem: string | null, anchorId: number | null): Generator<void, Walk> {
  // The first page has no lower bound: a row slipped in with an id of 0 or below must fail the walk, not escape it.
  const firstPage = db.prepare(`SELECT ${auditRowSelect(db)} FROM audit_log ORDER BY id LIMIT ${PAGE}`).raw();
  const page = db.prepare(`SELECT ${auditRowSelect(db)} FROM audit_log WHERE id > ? ORDER BY id LIMIT ${PAGE}`).raw();
  let first = true;
  let prev = GENESIS_HASH;
  let prevId = 0;
  let keyedFrom: number | null = null;
  let anchorHash: string | undefined;
  const hasher = new RowHasher(key);
  const stop = (p: RowProblem) => stopped(p, keyProblem, { prevId, keyedFrom, anchorHash });
  for (;;) {
    const rows = (first ? firstPage.all() : page.all(prevId)) as RawAuditRow[];
    first = false;
    for (const r of rows) {
      const id = r[0];
      if (r[9] !== prev || id !== prevId + 1) return stop({ kind: 'link', id, prevId });
      const keyed = r[11];
      if (keyed === 1) {
        if (keyedFrom === null) keyedFrom = id;
        if (!key) return stop({ kind: 'nokey', id });
        if (hasher.hash(r, true) !== r[10]) return stop({ kind: 'keyed', id, bad: badJsonColumns(r) });
      } else if (keyed === 0) {
        if (keyedFrom !== null) return stop({ kind: 'plainAfterKeyed', id, keyedFrom });
        if (hasher.hash(r, false) !== r[10]) return stop({ kind: 'plain', id, bad: badJsonColumns(r) });
      } else {
        return stop({ kind: 'hashKind', id, value: String(keyed) });
      }
      if (id === anchorId) anchorHash = r[10];
      prev = r[10];
      prevId = id;
    }
    if (rows.length < PAGE) break;
    yield;
  }
  return { rows: prevId, problem: null, unchecked: false, keyedFrom, lastId: prevId, anchorHash };
}

/**
 * What a worker found in its part of the log (a range of ids), walking it as
 * walkChain does but from the part's own first row, whose link to the part
 * before it only `stitch` can check.
 */
export interface PartWalk {
  /** The part's first row: its id and the hash it claims to follow. Null: the part holds no rows. */
  first: { id: number; prev: string } | null;
  /** The last row verified before the part's problem (or its last row). */
  lastGood: { id: number; hash: string } | null;
  /** The part's first problem, judged without the parts before it (see stitch). */
  problem: RowProblem | null;
  /** The first keyed row and the first plain row the part's walk checked. */
  firstKeyed: number | null;
  firstPlain: number | null;
  anchorHash: string | null;
}

/**
 * Joins the parts' walks, in id order, into the walk of the whole log: each
 * part must follow the last row of the one before, and a part's plain rows are
 * forgeries when an earlier part was keyed already. The first problem in id
 * order wins, as in walkChain.
 */
export function stitch(parts: readonly PartWalk[], keyProblem: string | null): Walk {
  let prevId = 0;
  let prev = GENESIS_HASH;
  let keyedFrom: number | null = null;
  let anchorHash: string | undefined;
  const stop = (p: RowProblem) => stopped(p, keyProblem, { prevId, keyedFrom, anchorHash });
  for (const part of parts) {
    if (!part.first) continue;
    if (part.first.prev !== prev || part.first.id !== prevId + 1) return stop({ kind: 'link', id: part.first.id, prevId });
    const p = part.problem;
    const partAnchor = part.anchorHash ?? undefined;
    // A plain row the part judged alone is a forgery once the keyed part began in an earlier part;
    // walkChain checks that after a row's link and before its hash. The rows before it in the part verified.
    if (keyedFrom !== null && part.firstPlain !== null && (p === null || part.firstPlain < p.id || (part.firstPlain === p.id && p.kind !== 'link'))) {
      return stopped({ kind: 'plainAfterKeyed', id: part.firstPlain, keyedFrom }, keyProblem, { prevId: part.firstPlain - 1, keyedFrom, anchorHash: anchorHash ?? partAnchor });
    }
    keyedFrom ??= part.firstKeyed;
    anchorHash ??= partAnchor;
    if (part.lastGood) {
      prevId = part.lastGood.id;
      prev = part.lastGood.hash;
    }
    if (p) {
      // The part judged a plain-after-keyed row against its own first keyed row; the log's began there or earlier.
      return stop(p.kind === 'plainAfterKeyed' ? { ...p, keyedFrom: keyedFrom ?? p.keyedFrom } : p);
    }
  }
  return { rows: prevId, problem: null, unchecked: false, keyedFrom, lastId: prevId, anchorHash };
}
