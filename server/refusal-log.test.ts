import { describe, expect, it } from 'vitest';
import { cleanForLog, OTHER_ADDRESSES, RefusalLog } from './refusal-log.ts';

function logWith() {
  const lines: string[] = [];
  let now = 1_000_000;
  const log = new RefusalLog({ log: (l) => lines.push(l), now: () => now, sweepMs: 0, maxAddresses: 3 });
  return { lines, log, advance: (ms: number) => (now += ms) };
}

describe('refusal log', () => {
  it('keeps at most maxAddresses addresses and counts the rest together as "other addresses"', () => {
    const { lines, log, advance } = logWith();
    for (let i = 0; i < 50; i++) log.note(`10.0.0.${i}`, 'GET /metrics', 'missing token');
    expect(log.size).toBe(4);
    // Three addresses said once each, then the first of the others once for all of them.
    expect(lines).toEqual([
      'refused GET /metrics from 10.0.0.0: missing token',
      'refused GET /metrics from 10.0.0.1: missing token',
      'refused GET /metrics from 10.0.0.2: missing token',
      `refused GET /metrics from ${OTHER_ADDRESSES}: missing token`,
    ]);
    advance(60_000);
    log.sweep();
    expect(lines.at(-1)).toBe(`refused 46 more connection(s) from ${OTHER_ADDRESSES} in the last minute (missing token ×46; last: GET /metrics)`);
    // Quiet addresses are forgotten at the end of their minute; the busy one is watched one more minute.
    expect(log.size).toBe(1);
    advance(60_000);
    log.sweep();
    expect(log.size).toBe(0);
  });

  it('reports a minute that ended when the same address comes back, even without the timer', () => {
    const { lines, log, advance } = logWith();
    log.note('10.0.0.9', 'a console connection', 'wrong token');
    log.note('10.0.0.9', 'a console connection', 'wrong token');
    advance(61_000);
    log.note('10.0.0.9', 'a console connection', 'wrong token');
    expect(lines).toEqual([
      'refused a console connection from 10.0.0.9: wrong token',
      'refused 1 more connection(s) from 10.0.0.9 in the last minute (wrong token ×1; last: a console connection)',
    ]);
  });

  it('reports what it counted so far when closed', () => {
    const { lines, log } = logWith();
    log.note('10.0.0.9', 'GET /health', 'wrong token');
    log.note('10.0.0.9', 'GET /health', 'wrong token');
    log.note('10.0.0.8', 'GET /health', 'wrong token');
    log.close();
    expect(lines).toEqual([
      'refused GET /health from 10.0.0.9: wrong token',
      'refused GET /health from 10.0.0.8: wrong token',
      'refused 1 more connection(s) from 10.0.0.9 in the last minute (wrong token ×1; last: GET /health)',
    ]);
    expect(log.size).toBe(0);
  });

  it('cleans control characters and long text out of what requests carry', () => {
    expect(cleanForLog('evil\r\nrefused everything\u202e', 200)).toBe('evil??refused everything?');
    expect(cleanForLog('x'.repeat(300))).toHaveLength(121);
  });
});
