import { describe, expect, it } from 'vitest';
import { installGracefulQuit, type QuittableApp } from './shutdown.ts';

function stubApp() {
  let listener: ((e: { preventDefault(): void }) => void) | null = null;
  const log: string[] = [];
  let quits = 0;
  const exits: number[] = [];
  const app: QuittableApp = {
    on: (_ev, fn) => (listener = fn),
    quit: () => {
      quits++;
      requestQuit();
    },
    exit: (code = 0) => exits.push(code),
  };
  /** What Electron does on app.quit(): emit before-quit; the quit proceeds unless prevented. */
  const requestQuit = () => {
    let prevented = false;
    listener!({ preventDefault: () => (prevented = true) });
    if (!prevented) log.push('quit went through');
    return !prevented;
  };
  return { app, requestQuit, log, exits, get quits() { return quits; } };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('graceful quit', () => {
  it('holds the quit, stops accepting, drains, closes, then lets the quit through', async () => {
    const s = stubApp();
    const order: string[] = [];
    let releaseDrain!: () => void;
    const ctl = installGracefulQuit(
      s.app,
      {
        stopAccepting: () => void order.push('stop'),
        drain: (ms) => {
          order.push(`drain ${ms}`);
          return new Promise((r) => (releaseDrain = () => r(true)));
        },
        close: async () => void order.push('close'),
      },
      { deadlineMs: 1000, log: (l) => s.log.push(l) },
    );
    expect(s.requestQuit()).toBe(false);
    expect(ctl.state).toBe('stopping');
    // A second Ctrl+Q while stopping is held too, and starts nothing new.
    expect(s.requestQuit()).toBe(false);
    await flush();
    expect(order).toEqual(['stop', 'drain 1000']);
    releaseDrain();
    await flush();
    await flush();
    expect(order).toEqual(['stop', 'drain 1000', 'close']);
    expect(ctl.state).toBe('stopped');
    expect(s.log).toContain('quit went through');
    expect(s.exits).toEqual([]);
  });

  it('closes anyway when work outlives the deadline, and says so', async () => {
    const s = stubApp();
    const closed: boolean[] = [];
    installGracefulQuit(s.app, { stopAccepting: () => {}, drain: async () => false, close: async () => void closed.push(true) }, { deadlineMs: 50, log: (l) => s.log.push(l) });
    s.requestQuit();
    await flush();
    await flush();
    expect(closed).toEqual([true]);
    expect(s.log.some((l) => l.includes('still running after 50 ms'))).toBe(true);
    expect(s.log).toContain('quit went through');
  });

  it('still quits when closing fails', async () => {
    const s = stubApp();
    installGracefulQuit(s.app, { stopAccepting: () => {}, drain: async () => true, close: async () => Promise.reject(new Error('disk gone')) }, { deadlineMs: 50, log: (l) => s.log.push(l) });
    s.requestQuit();
    await flush();
    await flush();
    expect(s.log).toContain('shutdown: disk gone');
    expect(s.log).toContain('quit went through');
  });
});
