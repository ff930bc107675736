import { describe, expect, it } from 'vitest';
import { parseTimeCell } from './cells.ts';

describe('parseTimeCell', () => {
  it('reads HH:MM and H:MM, 24:00 only as an end', () => {
    expect(parseTimeCell('08:30')).toBe(510);
    expect(parseTimeCell('8:30')).toBe(510);
    expect(parseTimeCell('24:00')).toBeNull();
    expect(parseTimeCell('24:00', true)).toBe(1440);
  });

  it('refuses five-character times with a non-digit in them instead of reading them as another time', () => {
    // Each of these used to pass the fast path: "12:0a" read as 12:49, "08:1A" as 08:27, "1/:00" as 09:00.
    for (const t of ['12:0a', '08:1A', '1/:00', '12:1/', '0a:00', '1 :00', '-1:00', '12:-1', '+8:00']) expect(parseTimeCell(t, true), t).toBeNull();
  });
});
