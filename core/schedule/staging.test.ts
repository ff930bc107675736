import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/clock.ts';
import { FileStaging } from './staging.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('a file sent in chunks', () => {
  it('is put together in order and read whole, as often as needed, until it expires', () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const st = new FileStaging(clock);
    const a = st.stage({ fileName: 'график.csv', offset: 0, chunkBase64: b64('agentId;date\r\n'), last: false });
    expect(a).toMatchObject({ bytes: 14, complete: false, expiresAt: '2026-12-01T10:15:00.000Z' });
    expect(() => st.get(a.stagingId)).toThrow(/not sent whole yet \(14 bytes so far\)/);
    st.stage({ stagingId: a.stagingId, fileName: 'график.csv', offset: 14, chunkBase64: b64('a-1;2026-12-10\r\n'), last: true });
    expect(Buffer.from(st.get(a.stagingId).bytes).toString('utf8')).toBe('agentId;date\r\na-1;2026-12-10\r\n');
    expect(st.get(a.stagingId).name).toBe('график.csv');
    clock.advance(15 * 60_000);
    expect(() => st.get(a.stagingId)).toThrow(/no longer here/);
  });

  it('refuses a chunk out of order or after the last, naming the byte expected', () => {
    const st = new FileStaging(new ManualClock());
    expect(() => st.stage({ fileName: 'x.csv', offset: 3, chunkBase64: b64('abc'), last: false })).toThrow(/starts at byte 0, not 3/);
    const a = st.stage({ fileName: 'x.csv', offset: 0, chunkBase64: b64('abc'), last: false });
    expect(() => st.stage({ stagingId: a.stagingId, fileName: 'x.csv', offset: 6, chunkBase64: b64('ghi'), last: true })).toThrow(/expected one at byte 3, got byte 6/);
    st.stage({ stagingId: a.stagingId, fileName: 'x.csv', offset: 3, chunkBase64: b64('def'), last: true });
    expect(() => st.stage({ stagingId: a.stagingId, fileName: 'x.csv', offset: 6, chunkBase64: b64('ghi'), last: true })).toThrow(/already sent whole/);
  });
});
