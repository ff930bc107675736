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
