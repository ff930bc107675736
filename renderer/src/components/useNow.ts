// One shared ticking clock for relative ages: a single interval, however many times are on screen.
import { useSyncExternalStore } from 'react';

const tickMs = 30_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, tickMs);
  }
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Epoch ms, refreshed every 30 s while anything on screen shows a relative age. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, () => now);
}
