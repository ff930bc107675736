/**
 * Text from outside (1C, MCE) reaches terminals and the console: control
 * characters are stripped before it is stored, logged or shown, so a hostile
 * or broken peer cannot move a cursor, retitle a terminal (OSC) or hide text.
 * Newline and tab stay; everything else of C0, DEL and C1 goes, and ANSI
 * escape sequences (CSI, OSC, other ESC sequences) go whole, not just their ESC.
 * Bidirectional overrides go too; Unicode line separators become newlines.
 */

// CSI: ESC [ params final; OSC: ESC ] … BEL or ESC \; other: ESC and one char. Then any single C0 (but \t \n), DEL, C1.
const SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ANY = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
// Bidirectional overrides and isolates reorder what is shown ("Trojan source"); U+2028/2029 break lines where no newline is expected.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
const SEPARATORS = /[\u2028\u2029]/g;

/** The text without control characters (newline and tab kept); the same string when it had none. */
export function cleanText(s: string): string {
  // The test is the hot path: almost every string from a peer is clean.
  return ANY.test(s) ? s.replace(SEQUENCES, '').replace(BIDI, '').replace(SEPARATORS, '\n') : s;
}

/** The same for one line: newlines and tabs become spaces too (names, states, logins). */
export function cleanLine(s: string): string {
  const t = cleanText(s);
  return /[\n\t]/.test(t) ? t.replace(/[\n\t]+/g, ' ') : t;
}

// What cleanLine changes: the characters cleanText removes or rewrites, plus newline and tab.
const ANY_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** True when cleanLine(s) is s: one test, for hot paths that only need to know (100 000 records of 1C). */
export function isCleanLine(s: string): boolean {
  return !ANY_LINE.test(s);
}

/** Nesting below this is cut: a record kept to show what 1C sent never needs more. */
const MAX_DEPTH = 64;

/**
 * A parsed JSON value with every string and key passed through cleanLine, for
 * records kept as received (a 1C record that failed validation). The value
 * itself when nothing needed cleaning; a copy of only what changed otherwise.
 */
export function cleanDeep(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return cleanLine(v);
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const c = cleanDeep(v[i], depth + 1);
      if (c !== v[i]) (out ??= v.slice())[i] = c;
    }
    return out ?? v;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  let changed = false;
  const cleaned = entries.map(([k, x]): [string, unknown] => {
    const ck = cleanLine(k);
    const cx = cleanDeep(x, depth + 1);
    if (ck !== k || cx !== x) changed = true;
    return [ck, cx];
  });
  return changed ? Object.fromEntries(cleaned) : v;
}
