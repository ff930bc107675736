import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameThrottle } from './throttle.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('frame throttle', () => {
  it('turns many changes within 250 ms into one frame', () => {
    const frames: number[] = [];
    const th = new FrameThrottle((t) => frames.push(t));
    th.start();
    vi.advanceTimersByTime(1000); // the first tick
    expect(frames).toHaveLength(1);
    for (let i = 0; i < 48; i++) {
      th.markDirty();
      vi.advanceTimersByTime(5);
    }
    expect(frames).toHaveLength(1);
    vi.advanceTimersByTime(10);
    expect(frames).toHaveLength(2);
    expect(frames[1]! - frames[0]!).toBe(250);
    // Nothing more until the next tick, a second after that frame.
    vi.advanceTimersByTime(990);
    expect(frames).toHaveLength(2);
    vi.advanceTimersByTime(10);
    expect(frames).toHaveLength(3);
    th.stop();
  });

  it('never renders more than four times a second under a continuous stream, ticking included', () => {
    const frames: number[] = [];
    const th = new FrameThrottle((t) => frames.push(t));
    th.start();
    for (let ms = 0; ms < 10_000; ms += 5) {
      th.markDirty();
      vi.advanceTimersByTime(5);
    }
    expect(frames.length).toBeLessThanOrEqual(40);
    expect(frames.length).toBeGreaterThanOrEqual(38);
    for (let i = 1; i < frames.length; i++) expect(frames[i]! - frames[i - 1]!).toBeGreaterThanOrEqual(250);
    th.stop();
  });

  it('ticks once a second when nothing changes (time in state), and stops', () => {
    const frames: number[] = [];
    const th = new FrameThrottle((t) => frames.push(t));
    th.start();
    vi.advanceTimersByTime(5_000);
    expect(frames).toHaveLength(5);
    th.stop();
    vi.advanceTimersByTime(5_000);
    expect(frames).toHaveLength(5);
  });

  it('renders a lone change at once when the last frame is old enough', () => {
    const frames: number[] = [];
    const th = new FrameThrottle((t) => frames.push(t));
    th.start();
    vi.advanceTimersByTime(600);
    th.markDirty();
    vi.advanceTimersByTime(0);
    expect(frames).toHaveLength(1);
    th.stop();
  });
});
