/**
 * Case-insensitive search for Cyrillic text. SQLite's LIKE and lower() fold
 * ASCII only, so queries call `gw_fold(column)`, registered per connection.
 */
import type { Db } from './open.ts';

/** Lower case with ё folded to е, as people type names. */
export function fold(s: string): string {
  return s.toLowerCase().replaceAll('ё', 'е');
}

const registered = new WeakSet<Db>();

export function ensureFoldFunction(db: Db): void {
  if (registered.has(db)) return;
  db.function('gw_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? fold(v) : v));
  registered.add(db);
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (use with ESCAPE '\\'). */
export function containsPattern(text: string): string {
  return `%${fold(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
