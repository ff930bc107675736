/**
 * How many status events are due: the count follows elapsed time at the set
 * rate, so a late or slow tick catches up and the long-run rate is exact.
 * A stall longer than MAX_BACKLOG_MS (a debugger, a suspended laptop) is not
 * replayed as one burst.
 */
const MAX_BACKLOG_MS = 10_000;

export class Pacer {
  private rate: number;
  private baseMs = 0;
  private emitted = 0;
  private paused = false;

  constructor(eventsPerSec: number, nowMs: number) {
    this.rate = eventsPerSec;
    this.rebase(nowMs);
  }

  get eventsPerSec(): number {
    return this.rate;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  setRate(eventsPerSec: number, nowMs: number): void {
    this.rate = eventsPerSec;
    this.rebase(nowMs);
  }

  pause(): void {
    this.paused = true;
  }

  resume(nowMs: number): void {
    if (!this.paused) return;
    this.paused = false;
    this.rebase(nowMs);
  }

  /** Events to emit now; the caller emits exactly this many. */
  due(nowMs: number): number {
    if (this.paused || this.rate <= 0) return 0;
    if (nowMs - this.baseMs > MAX_BACKLOG_MS && this.expected(nowMs - MAX_BACKLOG_MS) > this.emitted) {
      // Drop what fell due before the backlog window.
      this.rebase(nowMs - MAX_BACKLOG_MS);
    }
    const n = this.expected(nowMs) - this.emitted;
    if (n <= 0) return 0;
    this.emitted += n;
    return n;
  }

  private expected(nowMs: number): number {
    return Math.floor(((nowMs - this.baseMs) * this.rate) / 1000);
  }

  private rebase(nowMs: number): void {
    this.baseMs = nowMs;
    this.emitted = 0;
  }
}
