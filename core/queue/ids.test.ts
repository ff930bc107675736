import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID carrying the millisecond time first', () => {
    const t = Date.parse('2030-03-02T10:00:00.123Z'); // later than any id made before in this process
    const id = uuidv7(t);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(t);
  });

  it('strictly increases: across milliseconds, within one, and when the clock steps back', () => {
    const base = Date.parse('2031-01-01T00:00:00Z');
    const ids = [
      ...Array.from({ length: 5000 }, () => uuidv7(base)), // more than the 4096 a millisecond holds
      ...Array.from({ length: 100 }, (_, i) => uuidv7(base + 10 + i)),
      ...Array.from({ length: 100 }, () => uuidv7(base - 60_000)),
    ];
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
