/**
 * Exports as the console saves them and people open them: CSV in UTF-8 with a
 * BOM and ';' (core/audit/csv.ts: Excel in the Russian locale keeps Cyrillic
 * and splits the columns; the CSV-injection guard applies), or XLSX through exceljs.
 */
import type { ExportFile, ExportFormat } from '../contract/index.ts';
import { CSV_BOM, CSV_SEPARATOR, csvField } from '../audit/csv.ts';

export type ExportCell = string | number | null;

export interface ExportTable {
  /** Without extension; the format adds it. */
  baseName: string;
  sheetName: string;
  headers: string[];
  rows: ExportCell[][];
  /** Column widths in characters for XLSX (default from the header). */
  widths?: number[];
}

/** A number for CSV in the Russian locale: decimal comma, so Excel reads it as a number. */
function csvNumber(n: number): string {
  return String(n).replace('.', ',');
}

export function csvText(t: ExportTable): string {
  const line = (cells: ExportCell[]) => cells.map((c) => (c === null ? '' : typeof c === 'number' ? csvNumber(c) : csvField(c))).join(CSV_SEPARATOR);
  const out: string[] = [CSV_BOM + line(t.headers)];
  for (const r of t.rows) out.push(line(r));
  return `${out.join('\r\n')}\r\n`;
}

export async function xlsxBuffer(t: ExportTable): Promise<Buffer> {
  // Loaded on the first XLSX: exceljs is large and the engine rarely needs it.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Argus Integration Gateway';
  const ws = wb.addWorksheet(t.sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.headers.map((h, i) => ({ header: h, width: t.widths?.[i] ?? Math.max(8, Math.min(40, h.length + 2)) }));
  ws.getRow(1).font = { bold: true };
  for (const r of t.rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportFile(t: ExportTable, format: ExportFormat): Promise<ExportFile> {
  if (format === 'csv') return { fileName: `${t.baseName}.csv`, mimeType: 'text/csv; charset=utf-8', encoding: 'utf8', content: csvText(t), rows: t.rows.length };
  const buf = await xlsxBuffer(t);
  return { fileName: `${t.baseName}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', encoding: 'base64', content: buf.toString('base64'), rows: t.rows.length };
}
