import { describe, expect, it } from 'vitest';
import { iso } from './model.ts';

describe('iso', () => {
  it('formats exactly as Date.prototype.toISOString', () => {
    const instants = [0, 1, 999, 1_000, 59_999, 3_599_999, 86_399_999, 86_400_000, 951_782_400_000, 1_772_445_600_000, 4_102_444_799_999, 253_402_300_799_999];
    // A deterministic spread over years 1970–9999, crossing days in both directions.
    for (let i = 0, x = 12_345; i < 5_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      instants.push(Math.floor((x / 2_147_483_648) * 253_402_300_800_000));
      instants.push(1_772_445_600_000 + ((x % 172_800_000) - 86_400_000));
    }
    for (const ms of instants) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });

  it('keeps answering right when instants repeat and alternate (its cache of recent ones)', () => {
    const base = 1_772_445_600_000;
    const pattern = [0, 1, 0, 60_000, 1, 2, 3, 4, 0, 86_400_000, 0, 5, 60_000, 1];
    for (let round = 0; round < 3; round++) for (const d of pattern) expect(iso(base + d)).toBe(new Date(base + d).toISOString());
  });

  it('falls back to Date outside four-digit years and for fractional instants', () => {
    for (const ms of [-1, -62_198_755_200_000, 253_402_300_800_000, 1.5]) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });
});
