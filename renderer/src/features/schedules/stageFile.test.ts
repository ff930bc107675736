import { describe, expect, it } from 'vitest';
import { SCHEDULE_FILE_MAX_BYTES } from '../../../../core/contract/index.ts';
import { FileTooLarge, ImportCancelled, stageAndImport, toBase64 } from './stageFile.ts';

const report = { importId: null, stored: false, dryRun: true, partial: false, source: 'x.csv', format: 'csv', rowsRead: 0, rowsValid: 0, rowsStored: 0, rowsRejected: 0, shiftsReplaced: 0, employees: 0, period: null, errors: 0, warnings: 0, issues: [], issuesTruncated: false, issueCounts: [], message: '' } as const;

function fakeClient(onStage?: (n: number) => void) {
  const calls: Array<{ method: string; input: Record<string, unknown> }> = [];
  return {
    calls,
    async call(method: string, input: Record<string, unknown>) {
      calls.push({ method, input });
      if (method === 'schedules.stageFile') {
        onStage?.(calls.length);
        return { stagingId: 's', bytes: 0, complete: Boolean(input.last), expiresAt: 'x' };
      }
      return report;
    },
  } as never as { calls: typeof calls; call: (m: string, i: unknown) => Promise<unknown> };
}

describe('staging a file', () => {
  it('encodes bytes as base64 exactly, across the 32 KiB steps it is built in', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(toBase64(new Uint8Array())).toBe('');
  });

  it('sends an empty file as one last chunk, and the import with the options asked for', async () => {
    const c = fakeClient();
    const progress: string[] = [];
    await stageAndImport(c as never, new File([], 'empty.csv'), { partial: true, dryRun: true }, (p) => progress.push(`${p.phase}:${p.sent}/${p.total}`));
    expect(c.calls.map((x) => x.method)).toEqual(['schedules.stageFile', 'schedules.import']);
    expect(c.calls[0]!.input).toMatchObject({ offset: 0, last: true, chunkBase64: '' });
    expect(c.calls[1]!.input).toMatchObject({ source: { kind: 'staged', stagingId: 's' }, partial: true, dryRun: true });
    expect(progress).toEqual(['sending:0/0', 'sending:0/0', 'checking:0/0']);
  });

  it('refuses a file above the gateway’s limit before sending a byte, and stops between chunks when cancelled', async () => {
    const c = fakeClient();
    const big = { name: 'big.csv', size: SCHEDULE_FILE_MAX_BYTES + 1, slice: () => new Blob([]) } as unknown as File;
    await expect(stageAndImport(c as never, big, { partial: false, dryRun: false }, () => {})).rejects.toBeInstanceOf(FileTooLarge);
    expect(c.calls).toEqual([]);

    const ctrl = new AbortController();
    const c2 = fakeClient((n) => n === 2 && ctrl.abort());
    await expect(stageAndImport(c2 as never, new File([new Uint8Array(10)], 'x.csv'), { partial: false, dryRun: false }, () => {}, ctrl.signal, 3)).rejects.toBeInstanceOf(ImportCancelled);
    expect(c2.calls.map((x) => x.method)).toEqual(['schedules.stageFile', 'schedules.stageFile']);
  });
});
