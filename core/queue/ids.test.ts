import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID carrying the millisecond time first', () => {
    const id = uuidv7(Date.parse('2026-03-02T10:00:00.123Z'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-03-02T10:00:00.123Z'));
  });

  it('sorts by time and does not repeat within a millisecond', () => {
    const byTime = Array.from({ length: 1000 }, (_, i) => uuidv7(1_700_000_000_000 + i));
    expect([...byTime].sort()).toEqual(byTime);
    const sameMs = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect(new Set(sameMs).size).toBe(sameMs.length);
  });
});
