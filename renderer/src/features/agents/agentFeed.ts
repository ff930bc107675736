// Feeds the agent store from the gateway: subscribe to agents.changed first and buffer deltas,
// load agents.list, then apply what was buffered on top. A delta from a later version or another
// epoch, and a reconnect of the console's own connection, mean something was missed: reload the
// list (at most one reload in flight; after a failed one, automatic reloads wait a while).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentsChanged } from '../../../../core/contract/index.ts';
import { useConsoleClient, type ConsoleClient } from '../../client/index.ts';
import { createAgentStore, type AgentStore } from './agentStore.ts';

export interface FeedOptions {
  /** Deltas kept while a list is on its way; beyond this, the list is taken again once it is in. */
  maxBuffered?: number;
  /** Wait after a failed load before a missed delta may reload again, ms (doubles up to 30 s). */
  retryAfterMs?: number;
}

export interface AgentFeed {
  /** Load the list again now (the Retry button). */
  reload(): void;
  stop(): void;
}

export function connectAgentFeed(client: ConsoleClient, store: AgentStore, opts: FeedOptions = {}): AgentFeed {
  const maxBuffered = opts.maxBuffered ?? 200;
  const baseRetry = opts.retryAfterMs ?? 2000;
  let buffer: AgentsChanged[] = [];
  let overflowed = false;
  let inFlight = false;
  let again = false;
  let stopped = false;
  let lost = false;
  let failures = 0;
  let retryAt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  function onDelta(d: AgentsChanged) {
    if (stopped) return;
    if (inFlight || store.getState().epoch === null) {
      if (buffer.length < maxBuffered) buffer.push(d);
      else overflowed = true;
      return;
    }
    if (store.getState().applyDelta(d) === 'reload') reload(false);
  }

  function reload(manual: boolean) {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    const wait = retryAt - Date.now();
    if (!manual && wait > 0) {
      retryTimer ??= setTimeout(() => {
        retryTimer = null;
        reload(true);
      }, wait);
      return;
    }
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    inFlight = true;
    store.getState().loadStarted();
    const sentAt = Date.now();
    client.call('agents.list', {}).then(
      (list) => {
        inFlight = false;
        if (stopped) return;
        failures = 0;
        retryAt = 0;
        store.getState().applyList(list, sentAt, Date.now());
        drain();
      },
      (error: unknown) => {
        inFlight = false;
        if (stopped) return;
        failures += 1;
        retryAt = Date.now() + Math.min(30_000, baseRetry * 2 ** (failures - 1));
        // What was buffered counts from a version we do not have.
        buffer = [];
        overflowed = false;
        store.getState().loadFailed(error);
        if (again) {
          again = false;
          reload(false);
        }
      },
    );
  }

  function drain() {
    const pending = buffer;
    buffer = [];
    if (again || overflowed) {
      again = false;
      overflowed = false;
      reload(true);
      return;
    }
    for (const d of pending) {
      // The rest is superseded by the list the reload brings.
      if (store.getState().applyDelta(d) === 'reload') return reload(false);
    }
  }

  // Subscribe before loading, so nothing between the list and the first delta is lost.
  const offDelta = client.subscribe('agents.changed', onDelta);
  const offState = client.onStateChange((state) => {
    if (state === 'reconnecting' || state === 'connecting') lost = true;
    else if (state === 'open' && lost) {
      lost = false;
      reload(true);
    }
  });
  reload(true);

  return {
    reload: () => reload(true),
    stop() {
      stopped = true;
      offDelta();
      offState();
      if (retryTimer) clearTimeout(retryTimer);
    },
  };
}

/** The screen's own store and feed: connected while mounted. */
export function useAgentStream(): { store: AgentStore; reload(): void } {
  const client = useConsoleClient();
  const [store] = useState(createAgentStore);
  const feed = useRef<AgentFeed | null>(null);
  useEffect(() => {
    const f = connectAgentFeed(client, store);
    feed.current = f;
    return () => f.stop();
  }, [client, store]);
  const reload = useCallback(() => feed.current?.reload(), []);
  return { store, reload };
}
