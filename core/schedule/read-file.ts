/**
 * A schedule file's rows with their line numbers: CSV (UTF-8 with or without
 * a BOM, ';' or ',' separated, RFC 4180 quoting: as Excel and Argus write
 * them) through csv-parse, and XLSX (the first sheet) through exceljs. The
 * header row names the columns (schedule-columns.ts); each data row goes to
 * `visit` as it is read, so a 220 000-row file is never held as rows.
 *
 * Why these libraries: csv-parse (the `csv` project: maintained since 2010,
 * no dependencies) handles BOMs, quoted separators and line breaks inside
 * quotes, and reports where a file breaks; exceljs reads the cell types
 * Excel writes (dates, times as day fractions, shared and rich text, formula
 * results) without native code, and writes the XLSX exports too.
 */
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { CellValue } from './cells.ts';

export type FileFormat = 'csv' | 'xlsx';

export interface FileProblem {
  /** Line of the file, null for the whole file. */
  line: number | null;
  message: string;
}

export class FileUnreadable extends Error {
  readonly problem: FileProblem;
  constructor(problem: FileProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

/** Calls `visit` with the header (first) row, then every data row, with the line each starts on. */
export type RowVisitor = (cells: readonly CellValue[], line: number) => void;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** XLSX by its content (a zip), else by the name; anything else is read as CSV. */
export function detectFormat(name: string, bytes: Uint8Array): FileFormat {
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) return 'xlsx';
  if (/\.xlsx$/i.test(name)) return 'xlsx';
  return 'csv';
}

/** The separator of the header line: the most frequent of ';', ',' and tab outside quotes (',' when none). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  let n = 0;
  for (const [d, k] of counts) if (k > n) [best, n] = [d, k];
  return best;
}

/** Refuses bytes that are not UTF-8, without decoding them (a second copy of a large file). */
function checkUtf8(bytes: Uint8Array): void {
  if (!isUtf8(bytes)) {
    throw new FileUnreadable({
      line: null,
      message: 'the file is not UTF-8 text (Excel saves "CSV (comma delimited)" in the Windows code page): save it as "CSV UTF-8" or as XLSX and import again',
    });
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The first line's text (after a BOM), for finding the separator. */
function headText(bytes: Uint8Array): string {
  const start = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(bytes.byteLength - start, 65_536)).toString('utf8');
}

interface CsvContext {
  lines: number;
  empty_lines: number;
}

/** Reads a CSV buffer row by row; lines counted from 1 (the header's line). */
export function readCsv(bytes: Uint8Array, visit: RowVisitor): void {
  checkUtf8(bytes);
  const head = headText(bytes);
  if (head.trim() === '') throw new FileUnreadable({ line: null, message: 'the file is empty: expected a header row and shift rows' });
  const delimiter = detectDelimiter(head);
  // Where the previous record ended: a record starts on the line after it (plus the empty lines skipped between).
  let endedAt = 0;
  let emptySeen = 0;
  // csv-parse counts a CRLF inside a quoted value as two lines: how many it counted too many so far.
  let overcount = 0;
  try {
    // The bytes, not a decoded copy: csv-parse decodes as it goes.
    parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      encoding: 'utf8',
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: false,
      on_record: (record: string[], ctx: CsvContext) => {
        const line = endedAt - overcount + 1 + (ctx.empty_lines - emptySeen);
        // Only a record that spans several lines can hold a line break (most span one: no scan).
        if (ctx.lines - endedAt - (ctx.empty_lines - emptySeen) > 1) for (const cell of record) for (let i = cell.indexOf('\r\n'); i !== -1; i = cell.indexOf('\r\n', i + 2)) overcount++;
        endedAt = ctx.lines;
        emptySeen = ctx.empty_lines;
        visit(record, line);
        return null;
      },
    });
  } catch (e) {
    if (e instanceof FileUnreadable) throw e;
    const err = e as { code?: string; lines?: number; message?: string };
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      const line = typeof err.lines === 'number' ? err.lines : null;
      const what =
        err.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quoted value is never closed (a stray " in a name?)'
          : err.code === 'CSV_INVALID_CLOSING_QUOTE'
            ? 'a quote is followed by text instead of a separator'
            : (err.message ?? err.code).replace(/^Invalid Record Length: /, '');
      throw new FileUnreadable({ line, message: `the CSV cannot be read${line ? ` at line ${line}` : ''}: ${what}` });
    }
    throw e;
  }
}

function xlsxCell(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return xlsxCell(v.result as ExcelJS.CellValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return null;
  }
  return String(v);
}

/** Reads the first sheet of an XLSX buffer row by row; lines are the sheet's row numbers. */
export async function readXlsx(bytes: Uint8Array, visit: RowVisitor): Promise<void> {
  // Loaded when an XLSX comes: exceljs is large, and most files are CSV.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new FileUnreadable({ line: null, message: `the XLSX file cannot be opened (${(e as Error).message}): save it again from Excel, or as CSV UTF-8` });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new FileUnreadable({ line: null, message: 'the XLSX file has no sheet' });
  let any = false;
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: CellValue[] = [];
    for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]));
    if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) return;
    any = true;
    visit(cells, n);
  });
  if (!any) throw new FileUnreadable({ line: null, message: `the first sheet ("${ws.name}") is empty: expected a header row and shift rows` });
}
