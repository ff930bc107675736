// One throttled clock for the live table: a frame when data changed (at most every 250 ms) or
// when a second has passed (time in state ticks), never more often. Whatever the event rate,
// the screen renders at most four times a second.
import { useEffect, useState } from 'react';

export const MIN_FRAME_MS = 250;
export const TICK_MS = 1000;

export class FrameThrottle {
  private last = Number.NEGATIVE_INFINITY;
  private due = Number.POSITIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly onFrame: (now: number) => void;
  private readonly minMs: number;
  private readonly tickMs: number;

  constructor(onFrame: (now: number) => void, minMs = MIN_FRAME_MS, tickMs = TICK_MS) {
    this.onFrame = onFrame;
    this.minMs = minMs;
    this.tickMs = tickMs;
  }

  /** Starts the ticking (the first frame a second from now, unless data comes first). */
  start(): void {
    this.stopped = false;
    this.last = Date.now();
    this.arm(this.last + this.tickMs);
  }

  /** Data changed: a frame as soon as the last one is 250 ms old. */
  markDirty(): void {
    if (this.stopped) return;
    const at = Math.max(this.last + this.minMs, Date.now());
    if (at < this.due) this.arm(at);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due = Number.POSITIVE_INFINITY;
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.due = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - Date.now()));
  }

  private fire(): void {
    this.timer = null;
    this.due = Number.POSITIVE_INFINITY;
    if (this.stopped) return;
    this.last = Date.now();
    this.arm(this.last + this.tickMs);
    this.onFrame(this.last);
  }
}

/**
 * The time of the latest frame: a component using it renders on frames only (and on its own
 * state changes). `subscribe` is told of data changes, e.g. a zustand store's subscribe.
 */
export function useThrottledFrame(subscribe: (onChange: () => void) => () => void): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const throttle = new FrameThrottle(setNow);
    const off = subscribe(() => throttle.markDirty());
    throttle.start();
    return () => {
      off();
      throttle.stop();
    };
  }, [subscribe]);
  return now;
}
