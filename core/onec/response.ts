/**
 * Reading what 1C answered: the JSON body (UTF-8, with or without the BOM 1C
 * likes to write), and the message inside a failure body — JSON with
 * message/error/Message, plain text, an HTML error page of the web server in
 * front of 1C, or nothing.
 */
import { clip } from './errors.ts';

/** How much of a failure body is quoted in a message. */
export const QUOTE_LIMIT = 500;

export function decodeText(body: Buffer): string {
  const s = body.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** The first characters of a body, on one line, for "first bytes: "…"". */
export function firstBytes(text: string, max = 80): string {
  return clip(text.slice(0, max * 2).replace(/\s+/g, ' ').trim(), max);
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
 * The message of a failure body, verbatim (whitespace collapsed) and clipped to
 * QUOTE_LIMIT characters, or null when the body says nothing.
 */
export function failureMessage(body: Buffer): string | null {
  const text = decodeText(body).trim();
  if (text === '') return null;
  const json = parseJson(text);
  let msg: string | null;
  if (json.ok) msg = messageIn(json.value) ?? text;
  else if (/^<(!doctype|html|\?xml|head|body)/i.test(text)) msg = stripHtml(text);
  else msg = text;
  const one = msg.replace(/\s+/g, ' ').trim();
  return one === '' ? null : clip(one, QUOTE_LIMIT);
}
