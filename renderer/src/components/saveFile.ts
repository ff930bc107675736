// A file the gateway made (an export) saved as a browser download: the same in the web console
// and the desktop app, no host needs a download endpoint or a save dialog.
import type { ExportFile } from '../../../core/contract/index.ts';

/** The export's bytes as a Blob: CSV text as it is (its BOM included), XLSX from base64. */
export function exportBlob(file: ExportFile): Blob {
  if (file.encoding === 'utf8') return new Blob([file.content], { type: file.mimeType });
  const bin = atob(file.content);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: file.mimeType });
}

/** Hands a Blob to the browser as a download. */
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

export type SaveFile = (blob: Blob, fileName: string) => void;
