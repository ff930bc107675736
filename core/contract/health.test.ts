import { describe, expect, it } from 'vitest';
import { healthSummarySchema } from './index.ts';

const base = { status: 'healthy', checkedAt: '2026-11-24T10:00:00.000Z', checks: [] };

describe('health summary schema', () => {
  it('accepts a summary from a gateway that sends no breakers or calls yet', () => {
    expect(healthSummarySchema.parse(base)).toEqual(base);
  });

  it('carries breakers and per-minute calls', () => {
    const s = healthSummarySchema.parse({
      ...base,
      breakers: [{ system: 'onec', state: 'half_open', consecutiveFailures: 5, openedAt: '2026-11-24T09:59:00.000Z', nextProbeAt: '2026-11-24T10:00:00.000Z', probeInFlight: false }],
      calls: [{ system: 'onec', windowMinutes: 60, calls: 3, errors: 1, p95Ms: 120, points: [{ at: '2026-11-24T10:00:00.000Z', calls: 3, errors: 1, p95Ms: 120 }] }],
    });
    expect(s.breakers?.[0]?.state).toBe('half_open');
    expect(s.calls?.[0]?.points[0]?.p95Ms).toBe(120);
  });

  it('refuses a breaker state the console does not know and negative counts', () => {
    const breaker = { system: 'onec', state: 'tripped', consecutiveFailures: 1, openedAt: null, nextProbeAt: null, probeInFlight: false };
    expect(healthSummarySchema.safeParse({ ...base, breakers: [breaker] }).success).toBe(false);
    const calls = [{ system: 'onec', windowMinutes: 60, calls: -1, errors: 0, p95Ms: null, points: [] }];
    expect(healthSummarySchema.safeParse({ ...base, calls }).success).toBe(false);
  });
});
