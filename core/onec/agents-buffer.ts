/**
 * `/agents` read straight from the response bytes, a batch of records at a time.
 *
 * Why: 100 000 employees are ~55 MB of UTF-8. Decoding it whole makes a
 * ~110 MB string (Cyrillic forces two bytes a character), and JSON.parse of it
 * a tree of ~100 MB more that lives until the last record is validated. Here a
 * scanner finds where each record of AR_agents starts and ends, and each batch
 * is decoded, parsed and validated before the next is touched, so only the
 * validated records and the bytes themselves are alive at once.
 *
 * Only the documented envelope takes this path: `[{...}]` or `{...}` whose keys
 * appear once each, with AR_departments and AR_agents both arrays. Anything else,
 * and any syntax error, returns null and the caller parses the whole text as
 * before, so every message about a wrong body stays the one JSON.parse and the
 * envelope schema give. Every byte is still checked by JSON.parse: records in
 * batches, the other values one by one, keys one by one.
 */
import { AgentsCollector, type AgentsResponse } from './agents-schema.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Records parsed together: enough that a call costs little, few enough that they die young (measured: 50-100 fastest). */
const BATCH = 50;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWs(b: Buffer, i: number): number {
  while (i < b.length && isWs(b[i]!)) i++;
  return i;
}

/** `i` at an opening quote; returns the index after the closing one, or -1. */
function skipString(b: Buffer, i: number): number {
  const n = b.length;
  for (i++; i < n; i++) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

/**
 * The end of the value starting at `i` (exclusive), or -1. Brackets are only
 * counted, not matched: a mismatch is a syntax error JSON.parse reports when it
 * reads the value.
 */
function skipValue(b: Buffer, i: number): number {
  const n = b.length;
  const c0 = b[i];
  if (c0 === QUOTE) return skipString(b, i);
  if (c0 === OPEN_BRACE || c0 === OPEN_BRACKET) {
    let depth = 0;
    for (; i < n; i++) {
      const c = b[i]!;
      if (c === QUOTE) {
        for (i++; i < n; i++) {
          const d = b[i]!;
          if (d === QUOTE) break;
          if (d === BACKSLASH) i++;
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  const start = i;
  while (i < n) {
    const c = b[i]!;
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isWs(c)) break;
    i++;
  }
  return i > start ? i : -1;
}

class NotPlain extends Error {}

function parseSlice(b: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(b.toString('utf8', start, end));
  } catch {
    throw new NotPlain();
  }
}

/** Where the reading of AR_agents is: the next record's index. */
interface Progress {
  index: number;
}

/**
 * Validates AR_agents from `i` (at its '['); returns the index after the
 * closing ']'. The first boundary between records is read exactly; the bytes
 * from the end of one record to the first key of the next ("},{\"agentId\"",
 * with whatever blanks the server writes) then find the following boundaries
 * with a native search, a slice of about SLICE_BYTES at a time, instead of a
 * scan of every byte in JavaScript. Those bytes cannot occur inside a string
 * (their quote would be escaped there), and a slice cut anywhere but between
 * two records does not parse as a JSON array; such a slice, and the tail, are
 * read exactly, BATCH records at a time.
 */
function readAgents(b: Buffer, i: number, c: AgentsCollector): number {
  i = skipWs(b, i + 1);
  if (b[i] === CLOSE_BRACKET) return i + 1;
  const at: Progress = { index: 0 };
  const sep = separatorAfterFirst(b, i);
  if (sep !== null) {
    for (;;) {
      const cut = b.indexOf(sep.bytes, i + SLICE_BYTES);
      if (cut < 0) break;
      let records: unknown[];
      try {
        records = JSON.parse(`[${b.toString('utf8', i, cut + 1)}]`) as unknown[];
      } catch {
        break;
      }
      for (let k = 0; k < records.length; k++) c.addAgent(records[k], at.index++);
      i = cut + sep.nextRecordOffset;
    }
  }
  return readExactly(b, i, c, at);
}

/** Bytes a slice of records aims at: ~40 records of the documented form (measured: 16-32 KB fastest). */
const SLICE_BYTES = 24 * 1024;

/** From the '}' that closes the first record (at `i`) to the end of the second record's first key; null when there is none. */
function separatorAfterFirst(b: Buffer, i: number): { bytes: Buffer; nextRecordOffset: number } | null {
  if (b[i] !== OPEN_BRACE) return null;
  const end = skipValue(b, i);
  if (end < 0) return null;
  const comma = skipWs(b, end);
  if (b[comma] !== COMMA) return null;
  const next = skipWs(b, comma + 1);
  if (b[next] !== OPEN_BRACE) return null;
  const key = skipWs(b, next + 1);
  if (b[key] !== QUOTE) return null;
  const keyEnd = skipString(b, key);
  if (keyEnd < 0) return null;
  return { bytes: b.subarray(end - 1, keyEnd), nextRecordOffset: next - (end - 1) };
}

/** Element by element from `i` (at a record), BATCH records per JSON.parse, to the closing ']'. */
function readExactly(b: Buffer, i: number, c: AgentsCollector, at: Progress): number {
  for (;;) {
    // One batch: BATCH elements separated by commas, read as one array.
    const start = i;
    let count = 0;
    let end = i;
    let closed = false;
    while (count < BATCH) {
      end = skipValue(b, i);
      if (end < 0) throw new NotPlain();
      count++;
      i = skipWs(b, end);
      if (b[i] === CLOSE_BRACKET) {
        closed = true;
        break;
      }
      if (b[i] !== COMMA) throw new NotPlain();
      i = skipWs(b, i + 1);
    }
    let batch: unknown;
    try {
      batch = JSON.parse(`[${b.toString('utf8', start, end)}]`);
    } catch {
      throw new NotPlain();
    }
    const records = batch as unknown[];
    if (records.length !== count) throw new NotPlain();
    for (let k = 0; k < count; k++) c.addAgent(records[k], at.index++);
    if (closed) return i + 1;
  }
}

/** The documented envelope read from bytes, or null when the body needs the general path. */
export function parseAgentsBuffer(body: Buffer): AgentsResponse | null {
  try {
    return read(body);
  } catch (e) {
    if (e instanceof NotPlain) return null;
    throw e;
  }
}

function read(b: Buffer): AgentsResponse | null {
  let i = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  i = skipWs(b, i);
  const wrapped = b[i] === OPEN_BRACKET;
  if (wrapped) i = skipWs(b, i + 1);
  if (b[i] !== OPEN_BRACE) return null;
  i = skipWs(b, i + 1);
  const c = new AgentsCollector();
  const keys = new Set<string>();
  let departments: unknown = undefined;
  let agentsRead = false;
  if (b[i] === CLOSE_BRACE) return null;
  for (;;) {
    if (b[i] !== QUOTE) return null;
    const keyEnd = skipString(b, i);
    if (keyEnd < 0) return null;
    const key = parseSlice(b, i, keyEnd) as string;
    if (keys.has(key)) return null;
    keys.add(key);
    i = skipWs(b, keyEnd);
    if (b[i] !== COLON) return null;
    i = skipWs(b, i + 1);
    if (key === 'AR_agents') {
      if (b[i] !== OPEN_BRACKET) return null;
      i = readAgents(b, i, c);
      agentsRead = true;
    } else {
      const end = skipValue(b, i);
      if (end < 0) return null;
      // Parsed even when unused: a syntax error anywhere must take the general path.
      const value = parseSlice(b, i, end);
      if (key === 'AR_departments') departments = value;
      i = end;
    }
    i = skipWs(b, i);
    if (b[i] === COMMA) {
      i = skipWs(b, i + 1);
      continue;
    }
    if (b[i] !== CLOSE_BRACE) return null;
    i = skipWs(b, i + 1);
    break;
  }
  if (wrapped) {
    if (b[i] !== CLOSE_BRACKET) return null;
    i = skipWs(b, i + 1);
  }
  if (i !== b.length || !agentsRead || !Array.isArray(departments)) return null;
  for (let k = 0; k < departments.length; k++) c.addDepartment(departments[k], k);
  return c.result();
}
