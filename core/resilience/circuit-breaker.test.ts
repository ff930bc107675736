import { describe, expect, it } from 'vitest';
import { ManualClock } from '../time/clock.ts';
import { BreakerRegistry, CircuitBreaker } from './circuit-breaker.ts';

describe('circuit breaker', () => {
  it('opens after 5 consecutive failures, not 4, and a success in between resets the count', () => {
    const clock = new ManualClock();
    const b = new CircuitBreaker('onec', { clock });
    for (let i = 0; i < 4; i++) b.onFailure();
    expect(b.state).toBe('closed');
    b.onSuccess();
    for (let i = 0; i < 4; i++) b.onFailure();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state).toBe('open');
    expect(b.canRequest()).toBe(false);
    expect(b.tryAcquire()).toBe(false);
    expect(b.snapshot()).toMatchObject({ system: 'onec', state: 'open', consecutiveFailures: 5, nextProbeAt: new Date(clock.now() + 60_000).toISOString() });
  });

  it('half-opens after 60 s with a single probe; the probe success closes it', () => {
    const clock = new ManualClock();
    const b = new CircuitBreaker('onec', { clock });
    for (let i = 0; i < 5; i++) b.onFailure();
    clock.advance(59_999);
    expect(b.tryAcquire()).toBe(false);
    expect(b.nextAttemptAt()).toBe(clock.now() + 1);
    clock.advance(1);
    expect(b.state).toBe('half_open');
    expect(b.canRequest()).toBe(true);
    expect(b.tryAcquire()).toBe(true); // the probe
    expect(b.tryAcquire()).toBe(false); // nobody else while it runs
    expect(b.canRequest()).toBe(false);
    b.onSuccess();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(true);
  });

  it('a failed probe opens it again for another 60 s', () => {
    const clock = new ManualClock();
    const b = new CircuitBreaker('onec', { clock, openMs: 1000, failureThreshold: 2 });
    b.onFailure();
    b.onFailure();
    clock.advance(1000);
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state).toBe('open');
    clock.advance(999);
    expect(b.state).toBe('open');
    clock.advance(1);
    expect(b.state).toBe('half_open');
  });

  it('an abandoned probe lets another caller probe', () => {
    const clock = new ManualClock();
    const b = new CircuitBreaker('onec', { clock, failureThreshold: 1 });
    b.onFailure();
    clock.advance(60_000);
    expect(b.tryAcquire()).toBe(true);
    b.abandonProbe();
    expect(b.tryAcquire()).toBe(true);
  });

  it('a late failure of work started before opening does not extend the wait', () => {
    const clock = new ManualClock();
    const b = new CircuitBreaker('onec', { clock, failureThreshold: 1 });
    b.onFailure();
    clock.advance(30_000);
    b.onFailure();
    clock.advance(30_000);
    expect(b.state).toBe('half_open');
  });

  it('the registry keeps one breaker per system', () => {
    const reg = new BreakerRegistry({ failureThreshold: 1 });
    reg.get('onec').onFailure();
    expect(reg.get('onec').state).toBe('open');
    expect(reg.get('mce').state).toBe('closed');
    expect(reg.snapshots().map((s) => [s.system, s.state])).toEqual([['onec', 'open'], ['mce', 'closed']]);
  });
});
