/**
 * A circuit breaker per external system (1C, MCE). After `failureThreshold`
 * consecutive failures it opens: callers hold their work instead of hammering a
 * system that is down. After `openMs` it lets exactly one probe through
 * (half-open); the probe's success closes it, its failure opens it again.
 *
 * What counts as a failure is the caller's decision: the queue counts retryable
 * errors and unknown outcomes, not permanent ones (a 4xx means the system is up).
 */
import type { BreakerSnapshot } from '../contract/index.ts';
import type { Clock } from '../time/clock.ts';
import { systemClock } from '../time/clock.ts';

export type BreakerState = BreakerSnapshot['state'];

export interface BreakerOptions {
  failureThreshold?: number;
  openMs?: number;
  clock?: Clock;
}

export class CircuitBreaker {
  readonly system: string;
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly clock: Clock;
  private stateValue: BreakerState = 'closed';
  private failures = 0;
  private openedAt: number | null = null;
  private probeInFlight = false;

  constructor(system: string, opts: BreakerOptions = {}) {
    this.system = system;
    this.threshold = opts.failureThreshold ?? 5;
    this.openMs = opts.openMs ?? 60_000;
    this.clock = opts.clock ?? systemClock;
    if (this.threshold < 1) throw new RangeError('failureThreshold must be at least 1');
  }

  /** The state now; an open breaker whose wait has elapsed reads as half-open. */
  get state(): BreakerState {
    if (this.stateValue === 'open' && this.clock.now() >= this.probeAt()) return 'half_open';
    return this.stateValue;
  }

  /** Would a request be let through now? No side effect. */
  canRequest(): boolean {
    const s = this.state;
    return s === 'closed' || (s === 'half_open' && !this.probeInFlight);
  }

  /**
   * Asks to make one request. Closed: yes. Open: no. Half-open: yes for the
   * first caller only (the probe) until that probe reports its outcome.
   */
  tryAcquire(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'open' || this.probeInFlight) return false;
    this.stateValue = 'half_open';
    this.probeInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.stateValue = 'closed';
    this.openedAt = null;
    this.probeInFlight = false;
  }

  onFailure(): void {
    this.failures++;
    // A late failure of work started before the breaker opened does not extend the wait.
    if (this.stateValue === 'open') return;
    if (this.stateValue === 'half_open' || this.failures >= this.threshold) {
      this.stateValue = 'open';
      this.openedAt = this.clock.now();
    }
    this.probeInFlight = false;
  }

  /** The probe never ran (work released on stop): let another caller probe. */
  abandonProbe(): void {
    this.probeInFlight = false;
  }

  /** When a request may next be let through (epoch ms): now unless open. */
  nextAttemptAt(): number {
    return this.stateValue === 'open' ? Math.max(this.probeAt(), this.clock.now()) : this.clock.now();
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    return {
      system: this.system,
      state,
      consecutiveFailures: this.failures,
      openedAt: this.openedAt === null ? null : new Date(this.openedAt).toISOString(),
      nextProbeAt: state === 'open' ? new Date(this.probeAt()).toISOString() : null,
      probeInFlight: this.probeInFlight,
    };
  }

  private probeAt(): number {
    return (this.openedAt ?? 0) + this.openMs;
  }
}

/** One breaker per external system, created on first use with shared options. */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly opts: BreakerOptions;

  constructor(opts: BreakerOptions = {}) {
    this.opts = opts;
  }

  get(system: string): CircuitBreaker {
    let b = this.breakers.get(system);
    if (!b) {
      b = new CircuitBreaker(system, this.opts);
      this.breakers.set(system, b);
    }
    return b;
  }

  /** States for the Health screen. */
  snapshots(): BreakerSnapshot[] {
    return [...this.breakers.values()].map((b) => b.snapshot());
  }
}
