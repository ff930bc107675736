import { describe, expect, it } from 'vitest';
import { parseFrame } from './frames.ts';

describe('parseFrame', () => {
  it('reads a status frame: text cleaned, since in epoch ms, reason null when absent or empty', () => {
    expect(parseFrame({ type: 'status', seq: 7, agentId: 'A1', state: 'break', reason: 'обед\u001b[2J', since: '2026-12-06T10:00:00.500Z' })).toEqual({
      ok: true,
      frame: { type: 'status', seq: 7, agentId: 'A1', state: 'break', reason: 'обед', since: Date.parse('2026-12-06T10:00:00.500Z') },
    });
    expect(parseFrame({ type: 'status', seq: 8, agentId: 'A1', state: 'available', since: '2026-12-06T10:00:01Z' })).toMatchObject({ ok: true, frame: { reason: null } });
    expect(parseFrame({ type: 'status', seq: 9, agentId: 'A1', state: 'available', reason: '', since: '2026-12-06T10:00:01Z' })).toMatchObject({ ok: true, frame: { reason: null } });
  });

  it('keeps an unknown state as sent, and tolerates extra fields', () => {
    expect(parseFrame({ type: 'status', seq: 1, agentId: 'A1', state: 'after_call_work', reason: null, since: '2026-12-06T10:00:01Z', extra: { x: 1 } })).toMatchObject({ ok: true, frame: { state: 'after_call_work' } });
  });

  it('says why a frame breaks the contract', () => {
    expect(parseFrame({ type: 'status', seq: 1, state: 'available', since: '2026-12-06T10:00:01Z' })).toEqual({ ok: false, why: expect.stringMatching(/^agentId: /) });
    expect(parseFrame({ type: 'status', seq: 1, agentId: 'A1', state: 'available', since: 'yesterday' })).toEqual({ ok: false, why: 'since: expected an ISO 8601 instant' });
    expect(parseFrame({ type: 'status', seq: -1, agentId: 'A1', state: 'x', since: '2026-12-06T10:00:01Z' })).toMatchObject({ ok: false, why: expect.stringMatching(/^seq: /) });
    expect(parseFrame({ type: 'party', seq: 1 })).toMatchObject({ ok: false, why: expect.stringMatching(/^type: /) });
    expect(parseFrame(['not', 'an', 'object'])).toMatchObject({ ok: false });
    expect(parseFrame({ type: 'status', seq: 1, agentId: 'A1', state: 'x'.repeat(65), since: '2026-12-06T10:00:01Z' })).toMatchObject({ ok: false, why: expect.stringMatching(/^state: /) });
  });

  it('passes snapshot and heartbeat frames, their agents checked later one by one', () => {
    expect(parseFrame({ type: 'snapshot', seq: 3, agents: [{}, 1] })).toEqual({ ok: true, frame: { type: 'snapshot', seq: 3, agents: [{}, 1] } });
    expect(parseFrame({ type: 'heartbeat', seq: 3, ts: '2026-12-06T10:00:30Z' })).toEqual({ ok: true, frame: { type: 'heartbeat', seq: 3, ts: '2026-12-06T10:00:30Z' } });
  });
});
