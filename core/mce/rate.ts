/** Events per second over the last minute, in one-second buckets (a bounded ring). */
export class RateWindow {
  private readonly buckets: Float64Array;
  private readonly seconds: number;
  private head = -1;
  private readonly startedAt: number;

  constructor(now: number, seconds = 60) {
    this.seconds = seconds;
    this.buckets = new Float64Array(seconds);
    this.startedAt = now;
  }

  add(now: number, n = 1): void {
    this.roll(now);
    this.buckets[this.head % this.seconds]! += n;
  }

  /** Average per second over the window (or over the time since start, when shorter). */
  perSecond(now: number): number {
    this.roll(now);
    let sum = 0;
    for (const b of this.buckets) sum += b;
    const span = Math.min(this.seconds, Math.max(1, Math.ceil((now - this.startedAt) / 1000)));
    return Math.round((sum / span) * 10) / 10;
  }

  private roll(now: number): void {
    const sec = Math.floor(now / 1000);
    if (this.head === -1) {
      this.head = sec;
      return;
    }
    if (sec <= this.head) return;
    // Zero the buckets of the seconds that passed without events (at most the whole ring).
    for (let s = Math.max(this.head + 1, sec - this.seconds + 1); s <= sec; s++) this.buckets[s % this.seconds] = 0;
    this.head = sec;
  }
}
