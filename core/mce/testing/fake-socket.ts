/** A socket the listener's unit tests drive by hand: frames in, what it sent out, how it ended. */
import { parseFrame } from '../frames.ts';
import type { SocketLike } from '../listener.ts';
import type { SocketEnd, SocketEvents, SocketOptions } from '../socket.ts';

export class FakeSocket implements SocketLike {
  readonly ended: Promise<SocketEnd>;
  readonly sent: unknown[] = [];
  endedWith: SocketEnd | null = null;
  private resolveEnd!: (e: SocketEnd) => void;

  readonly opts: SocketOptions;
  private readonly events: SocketEvents;

  constructor(opts: SocketOptions, events: SocketEvents) {
    this.opts = opts;
    this.events = events;
    this.ended = new Promise((r) => {
      this.resolveEnd = r;
    });
  }

  send(frame: unknown): void {
    this.sent.push(frame);
  }

  terminate(why: string): void {
    this.end({ cause: 'terminated', why });
  }

  /** A frame from MCE, validated as the real socket does. */
  frame(raw: unknown): void {
    const r = parseFrame(raw);
    if (!r.ok) throw new Error(`a test frame breaks the contract: ${r.why}`);
    this.events.frame(r.frame);
  }

  bad(sample: string): void {
    this.events.badFrame(sample, 'not JSON');
  }

  close(code: number, reason = ''): void {
    this.end({ cause: 'closed', code, reason });
  }

  refuse(status: number): void {
    this.end({ cause: 'refused', status });
  }

  silent(ms: number): void {
    this.end({ cause: 'heartbeat', silentMs: ms });
  }

  private end(e: SocketEnd): void {
    if (this.endedWith) return;
    this.endedWith = e;
    this.resolveEnd(e);
  }
}

export function agent(id: string, state = 'available', since = '2026-12-06T09:00:00.000Z', extra: Record<string, unknown> = {}) {
  return { agentId: id, login: `login.${id}`, name: `Агент ${id}`, state, reason: null, since, ...extra };
}
