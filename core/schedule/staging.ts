/**
 * Files the console sends in chunks (schedules.stageFile) until
 * schedules.import reads them: in memory, at most SCHEDULE_FILE_MAX_BYTES
 * each and a few at a time, dropped 15 minutes after their last chunk.
 */
import { randomUUID } from 'node:crypto';
import { SCHEDULE_FILE_MAX_BYTES } from '../contract/index.ts';
import { GatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';

const TTL_MS = 15 * 60_000;
const MAX_FILES = 8;
/** All staged files together: a few large files at once, not a way to fill the host's memory. */
const MAX_TOTAL_BYTES = 2 * SCHEDULE_FILE_MAX_BYTES;

interface Staged {
  name: string;
  chunks: Buffer[];
  bytes: number;
  complete: boolean;
  expiresAt: number;
}

export interface StageChunk {
  stagingId?: string | undefined;
  fileName: string;
  offset: number;
  chunkBase64: string;
  last: boolean;
}

export class FileStaging {
  private readonly files = new Map<string, Staged>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  private sweep(now: number): void {
    for (const [id, f] of this.files) if (f.expiresAt <= now) this.files.delete(id);
  }

  stage(c: StageChunk): { stagingId: string; bytes: number; complete: boolean; expiresAt: string } {
    const now = this.clock.now();
    this.sweep(now);
    let id = c.stagingId;
    let f: Staged | undefined;
    if (id === undefined) {
      if (c.offset !== 0) throw new GatewayError('invalid_stage_chunk', `the first chunk of ${c.fileName} starts at byte 0, not ${c.offset}`);
      if (this.files.size >= MAX_FILES) throw new GatewayError('staging_full', `${MAX_FILES} files are being sent already: wait a minute and drop the file again`, 'retryable');
      id = randomUUID();
      f = { name: c.fileName, chunks: [], bytes: 0, complete: false, expiresAt: now + TTL_MS };
      this.files.set(id, f);
    } else {
      f = this.files.get(id);
      if (!f) throw new GatewayError('staging_not_found', `the file being sent (${c.fileName}) is no longer here (kept 15 minutes, or the gateway restarted): drop it again`);
      if (f.complete) throw new GatewayError('invalid_stage_chunk', `${f.name} was already sent whole`);
      if (c.offset !== f.bytes) throw new GatewayError('invalid_stage_chunk', `a chunk of ${f.name} was lost: expected one at byte ${f.bytes}, got byte ${c.offset}; drop the file again`);
    }
    const chunk = Buffer.from(c.chunkBase64, 'base64');
    let total = 0;
    for (const x of this.files.values()) total += x.bytes;
    if (total + chunk.length > MAX_TOTAL_BYTES) {
      if (f.bytes === 0) this.files.delete(id);
      throw new GatewayError('staging_full', 'other large files are being sent or waiting to be imported: import them (or wait 15 minutes) and drop this file again', 'retryable');
    }
    if (f.bytes + chunk.length > SCHEDULE_FILE_MAX_BYTES) {
      this.files.delete(id);
      throw new GatewayError('invalid_file_too_large', `${f.name} is larger than ${SCHEDULE_FILE_MAX_BYTES / 1024 / 1024} MiB: split it (by site or department) and import the parts`);
    }
    f.chunks.push(chunk);
    f.bytes += chunk.length;
    f.complete = c.last;
    f.expiresAt = now + TTL_MS;
    return { stagingId: id, bytes: f.bytes, complete: f.complete, expiresAt: new Date(f.expiresAt).toISOString() };
  }

  /** The whole file; it stays staged (an import after a dry run reads it again) until it expires. */
  get(id: string): { name: string; bytes: Uint8Array } {
    this.sweep(this.clock.now());
    const f = this.files.get(id);
    if (!f) throw new GatewayError('staging_not_found', 'the file is no longer here (kept 15 minutes, or the gateway restarted): drop it again');
    if (!f.complete) throw new GatewayError('invalid_stage_incomplete', `${f.name} is not sent whole yet (${f.bytes} bytes so far): send its last chunk first`);
    if (f.chunks.length > 1) f.chunks = [Buffer.concat(f.chunks)];
    return { name: f.name, bytes: f.chunks[0] ?? Buffer.alloc(0) };
  }
}
