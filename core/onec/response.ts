/**
 * Reading what 1C answered: the JSON body (UTF-8, with or without the BOM 1C
 * likes to write), and the message inside a failure body — JSON with
 * message/error/Message, plain text, an HTML error page of the web server in
 * front of 1C, or nothing. Messages are stripped of control characters; a body
 * that is not JSON is described by its size and first character only (it may
 * be a page of personnel data).
 */
import { cleanText } from '../text/clean.ts';
import { clip } from './errors.ts';

/** How much of a failure body is quoted in a message. */
export const QUOTE_LIMIT = 500;

export function decodeText(body: Buffer): string {
  const s = body.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** 1204 → "1 204": sizes read at a glance. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** One character for a message: itself when printable, else its code point (U+001B). */
function shownChar(c: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? `'${c}'` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why a body is not JSON, without its content: "1 204 bytes starting with '<'",
 * and where the syntax breaks when JSON.parse says so ("broken at character 15",
 * "ending before the JSON does"). JSON.parse's own message quotes the body: never used.
 */
export function notJsonShape(text: string, bytes: number, parseError: string): string {
  const first = text.trimStart()[0];
  const start = first === undefined ? '' : ` starting with ${shownChar(String.fromCodePoint(text.trimStart().codePointAt(0)!))}`;
  const pos = /at position (\d+)/.exec(parseError);
  const at = pos ? Number(pos[1]) : null;
  const where = /Unexpected end of JSON input/.test(parseError) || (at !== null && at >= text.length) ? ', ending before the JSON does' : at !== null ? `, broken at character ${at}` : '';
  return `${groupDigits(bytes)} bytes${start}${where}`;
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

const MESSAGE_KEYS = ['message', 'error', 'errormessage', 'error_message', 'description', 'detail', 'text', 'msg'];

function messageIn(v: unknown, depth = 0): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (depth > 3 || v === null || typeof v !== 'object') return null;
  if (Array.isArray(v)) return v.length === 1 ? messageIn(v[0], depth + 1) : null;
  const entries = Object.entries(v as Record<string, unknown>);
  for (const key of MESSAGE_KEYS) {
    const hit = entries.find(([k]) => k.toLowerCase() === key);
    if (hit) {
      const m = messageIn(hit[1], depth + 1);
      if (m) return m;
    }
  }
  return null;
}

function stripHtml(s: string): string {
  return s
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * The message of a failure body, verbatim (control characters stripped,
 * whitespace collapsed) and clipped to QUOTE_LIMIT characters, or null when the
 * body says nothing.
 */
export function failureMessage(body: Buffer): string | null {
  const text = decodeText(body).trim();
  if (text === '') return null;
  const json = parseJson(text);
  let msg: string | null;
  if (json.ok) msg = messageIn(json.value) ?? text;
  else if (/^<(!doctype|html|\?xml|head|body)/i.test(text)) msg = stripHtml(text);
  else msg = text;
  // Escape sequences go whole before blanks are collapsed (collapsing first could split none, but cleaning is the rule).
  const one = cleanText(msg).replace(/\s+/g, ' ').trim();
  return one === '' ? null : clip(one, QUOTE_LIMIT);
}
