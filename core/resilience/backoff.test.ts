import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, exponentialDelayMs, jitterFactor, retryDelayMs, validateSchedule } from './backoff.ts';

describe('backoff', () => {
  it('jitters the default schedule within ±20 % of 30 s, 120 s, 300 s', () => {
    const bases = [30_000, 120_000, 300_000];
    for (let i = 0; i < 3; i++) {
      expect(retryDelayMs(DEFAULT_RETRY_SCHEDULE, i, () => 0)).toBe(bases[i]! * 0.8);
      expect(retryDelayMs(DEFAULT_RETRY_SCHEDULE, i, () => 0.5)).toBe(bases[i]!);
      const hi = retryDelayMs(DEFAULT_RETRY_SCHEDULE, i, () => 0.9999999);
      expect(hi).toBeLessThan(bases[i]! * 1.2);
      expect(hi).toBeGreaterThan(bases[i]! * 1.19);
    }
  });

  it('reuses the last delay past the end of the schedule', () => {
    expect(retryDelayMs({ delaysMs: [10, 20], jitter: 0 }, 5)).toBe(20);
  });

  it('spreads delays over the whole jitter range', () => {
    const seq = [0.1, 0.4, 0.7, 0.95];
    let i = 0;
    const got = seq.map(() => jitterFactor(0.2, () => seq[i++]!));
    expect(got.map((f) => Math.round(f * 100) / 100)).toEqual([0.84, 0.96, 1.08, 1.18]);
  });

  it('refuses a schedule that makes no sense', () => {
    expect(() => validateSchedule({ delaysMs: [], jitter: 0.2 })).toThrow(/at least one delay/);
    expect(() => validateSchedule({ delaysMs: [-1], jitter: 0.2 })).toThrow(/non-negative/);
    expect(() => validateSchedule({ delaysMs: [1], jitter: 1 })).toThrow(/jitter/);
  });

  it('caps exponential reconnect delays', () => {
    expect(exponentialDelayMs(0, { baseMs: 1000, capMs: 30_000, jitter: 0 })).toBe(1000);
    expect(exponentialDelayMs(3, { baseMs: 1000, capMs: 30_000, jitter: 0 })).toBe(8000);
    expect(exponentialDelayMs(10, { baseMs: 1000, capMs: 30_000, jitter: 0 })).toBe(30_000);
  });
});
