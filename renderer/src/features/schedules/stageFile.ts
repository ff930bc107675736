// A schedule file crosses to the gateway in chunks (schedules.stageFile: base64 of at most
// SCHEDULE_STAGE_CHUNK_BYTES, well under a frame's limit), then schedules.import reads it by id.
// Progress after every chunk; an AbortSignal stops between chunks.
import { SCHEDULE_FILE_MAX_BYTES, SCHEDULE_STAGE_CHUNK_BYTES, type ImportReport } from '../../../../core/contract/index.ts';
import type { ConsoleClient } from '../../client/index.ts';

export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled');
    this.name = 'ImportCancelled';
  }
}

/** Too large for the gateway: said before a byte is sent. */
export class FileTooLarge extends Error {
  readonly size: number;
  constructor(size: number) {
    super(`the file is ${size} bytes; the gateway takes at most ${SCHEDULE_FILE_MAX_BYTES}`);
    this.name = 'FileTooLarge';
    this.size = size;
  }
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export interface StageProgress {
  phase: 'sending' | 'checking';
  sent: number;
  total: number;
}

export interface ImportOptions {
  partial: boolean;
  dryRun: boolean;
}

/** Issues listed in the report at most (all are counted): every problem of a normal file, a bound on a broken one. */
export const reportMaxIssues = 20_000;

export async function stageAndImport(
  client: Pick<ConsoleClient, 'call'>,
  file: Blob & { name: string },
  opts: ImportOptions,
  onProgress: (p: StageProgress) => void,
  signal?: AbortSignal,
  chunkBytes = SCHEDULE_STAGE_CHUNK_BYTES,
): Promise<ImportReport> {
  if (file.size > SCHEDULE_FILE_MAX_BYTES) throw new FileTooLarge(file.size);
  let stagingId: string | undefined;
  let offset = 0;
  onProgress({ phase: 'sending', sent: 0, total: file.size });
  do {
    if (signal?.aborted) throw new ImportCancelled();
    const end = Math.min(file.size, offset + chunkBytes);
    const bytes = new Uint8Array(await file.slice(offset, end).arrayBuffer());
    const last = end >= file.size;
    const r = await client.call('schedules.stageFile', { ...(stagingId ? { stagingId } : {}), fileName: file.name, offset, chunkBase64: toBase64(bytes), last });
    stagingId = r.stagingId;
    offset = end;
    onProgress({ phase: 'sending', sent: offset, total: file.size });
  } while (offset < file.size);
  if (signal?.aborted) throw new ImportCancelled();
  onProgress({ phase: 'checking', sent: file.size, total: file.size });
  return client.call('schedules.import', { source: { kind: 'staged', stagingId: stagingId! }, partial: opts.partial, dryRun: opts.dryRun, maxIssues: reportMaxIssues });
}
