/**
 * Graceful quit: the first quit request is held while the gateway stops taking
 * new work, lets what runs finish up to a deadline, and closes the database;
 * then the quit goes through. A second request while stopping is ignored; a
 * close that hangs is cut off.
 */
export interface QuittableApp {
  on(event: 'before-quit', listener: (e: { preventDefault(): void }) => void): unknown;
  quit(): void;
  exit(code?: number): void;
}

export interface ShutdownSteps {
  /** No new calls, no new claims of queued work. */
  stopAccepting(): void | Promise<void>;
  /** Waits for in-flight work; false when the deadline came first. */
  drain(deadlineMs: number): Promise<boolean>;
  /** Closes the gateway (database) and the simulator. */
  close(): Promise<void>;
}

export interface ShutdownOptions {
  deadlineMs: number;
  /** Extra time for close() before the process is ended anyway. */
  closeGraceMs?: number;
  log: (line: string) => void;
}

export function installGracefulQuit(app: QuittableApp, steps: ShutdownSteps, opts: ShutdownOptions): { readonly state: 'running' | 'stopping' | 'stopped' } {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (e) => {
    if (state === 'stopped') return;
    e.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    void (async () => {
      const hardStop = setTimeout(() => {
        opts.log('shutdown took too long: exiting now');
        app.exit(1);
      }, opts.deadlineMs + (opts.closeGraceMs ?? 5_000));
      try {
        await steps.stopAccepting();
        const finished = await steps.drain(opts.deadlineMs);
        if (!finished) opts.log(`work still running after ${opts.deadlineMs} ms: closing anyway`);
        await steps.close();
      } catch (err) {
        opts.log(`shutdown: ${(err as Error).message}`);
      } finally {
        clearTimeout(hardStop);
        state = 'stopped';
        app.quit();
      }
    })();
  });
  return {
    get state() {
      return state;
    },
  };
}
