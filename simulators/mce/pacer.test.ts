import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer.ts';

describe('pacer', () => {
  it('emits what elapsed time makes due, so late ticks catch up and the total is exact', () => {
    const p = new Pacer(5000, 0);
    let total = 0;
    // Irregular ticks: some on time, some very late.
    for (const t of [10, 20, 37, 250, 260, 261, 999, 1000]) total += p.due(t);
    expect(total).toBe(5000);
    expect(p.due(1000)).toBe(0);
    for (let t = 1010; t <= 60_000; t += 10) total += p.due(t);
    expect(total).toBe(300_000);
  });

  it('handles rates below one per tick', () => {
    const p = new Pacer(0.5, 0);
    let total = 0;
    for (let t = 10; t <= 10_000; t += 10) total += p.due(t);
    expect(total).toBe(5);
  });

  it('emits nothing while paused and does not replay the pause on resume', () => {
    const p = new Pacer(100, 0);
    expect(p.due(1000)).toBe(100);
    p.pause();
    expect(p.due(5000)).toBe(0);
    expect(p.isPaused).toBe(true);
    p.resume(5000);
    expect(p.due(5000)).toBe(0);
    expect(p.due(6000)).toBe(100);
  });

  it('changes rate from now on', () => {
    const p = new Pacer(100, 0);
    expect(p.due(1000)).toBe(100);
    p.setRate(1000, 1000);
    expect(p.eventsPerSec).toBe(1000);
    expect(p.due(2000)).toBe(1000);
    p.setRate(0, 2000);
    expect(p.due(9000)).toBe(0);
  });

  it('does not replay a stall longer than ten seconds as one burst', () => {
    const p = new Pacer(1000, 0);
    expect(p.due(60_000)).toBe(10_000);
    expect(p.due(61_000)).toBe(1000);
  });
});
