/**
 * The audit log as CSV for Excel. UTF-8 with a BOM (without it Excel reads
 * UTF-8 as the ANSI code page and Cyrillic turns to mojibake) and ";" as the
 * separator: Excel takes the list separator from the regional settings, and
 * in the Russian locale that is ";" (the decimal separator being ","), so a
 * ","-separated file opens as one column there. Quoting is RFC 4180.
 */
import type { AuditEntryView } from '../contract/index.ts';

export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';
const EOL = '\r\n';

export const AUDIT_CSV_COLUMNS = ['id', 'time (UTC)', 'actor', 'action', 'entity type', 'entity id', 'before', 'after', 'details', 'hash', 'problem'] as const;

/**
 * RFC 4180: a field with the separator, a quote, CR or LF is quoted, quotes doubled.
 * A text Excel would read as a formula (=, +, -, @, or a leading tab/CR) gets a leading
 * apostrophe first: names and ids come from 1C and operators, and an exported
 * report must never run a formula someone typed into one (CSV injection).
 */
export function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[;"\r\n,]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function jsonCell(e: AuditEntryView, column: 'before' | 'after' | 'details'): string {
  const v = e[column];
  // A malformed column holds its stored text: written as it is, not as a JSON string of it.
  if (e.malformed?.includes(column)) return String(v);
  return v === null || v === undefined ? '' : JSON.stringify(v);
}

/** What is wrong with a row edited behind the gateway's back, for the last column. */
export function problemText(e: AuditEntryView): string {
  if (!e.malformed?.length) return '';
  return e.malformed.map((c) => (c === 'at' ? 'time is not an instant' : `${c} is not valid JSON`)).join('; ');
}

export function auditCsvRow(e: AuditEntryView): string {
  const at = e.malformed?.includes('at') ? e.at : new Date(e.at).toISOString();
  const cells = [String(e.id), at, e.actor, e.action, e.entityType, e.entityId ?? '', jsonCell(e, 'before'), jsonCell(e, 'after'), jsonCell(e, 'details'), e.hash, problemText(e)];
  return cells.map(csvField).join(CSV_SEPARATOR) + EOL;
}

/** One chunk; `first` adds the BOM and the header so concatenated chunks are one valid file. */
export function auditCsvChunk(entries: readonly AuditEntryView[], first: boolean): string {
  const head = first ? CSV_BOM + AUDIT_CSV_COLUMNS.map(csvField).join(CSV_SEPARATOR) + EOL : '';
  return head + entries.map(auditCsvRow).join('');
}
