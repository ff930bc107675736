// CSV export assembled in the renderer, page by page: each audit.exportCsv call returns one
// chunk (the first with the BOM and header), progress is reported after every page, and an
// AbortSignal stops between pages. No host needs a download endpoint or a save dialog.
import type { AuditFilterInput, Output } from '../../../../core/contract/index.ts';
import type { ConsoleClient } from '../../client/index.ts';

export const exportPageSize = 1000;

export interface ExportProgress {
  pages: number;
  rows: number;
  total: number;
}

export class ExportCancelled extends Error {
  constructor() {
    super('the export was cancelled');
    this.name = 'ExportCancelled';
  }
}

/** Fetches every page of the filtered log; resolves to the CSV file as a Blob. */
export async function fetchAuditCsv(
  client: Pick<ConsoleClient, 'call'>,
  filter: AuditFilterInput,
  onProgress: (p: ExportProgress) => void,
  signal?: AbortSignal,
  pageSize = exportPageSize,
): Promise<Blob> {
  const parts: string[] = [];
  let offset: number | null = 0;
  let pages = 0;
  let rows = 0;
  while (offset !== null) {
    if (signal?.aborted) throw new ExportCancelled();
    const chunk: Output<'audit.exportCsv'> = await client.call('audit.exportCsv', { filter, offset, limit: pageSize });
    if (signal?.aborted) throw new ExportCancelled();
    parts.push(chunk.csv);
    pages++;
    rows += chunk.rows;
    onProgress({ pages, rows, total: chunk.total });
    offset = chunk.nextOffset;
  }
  // The BOM is in the first chunk's text: Excel needs it to read UTF-8 (Cyrillic).
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** Hands a Blob to the browser as a download (works in Electron and the web console alike). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** audit-2026-03-02T10-15.csv: sortable, no characters Windows refuses in names. */
export function exportFileName(now: Date): string {
  return `audit-${now.toISOString().slice(0, 16).replace(':', '-')}.csv`;
}
