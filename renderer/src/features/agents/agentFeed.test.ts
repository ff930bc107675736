import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentsList } from '../../../../core/contract/index.ts';
import { createFakeClient, gatewayError } from '../../client/fake-client.ts';
import { connectAgentFeed } from './agentFeed.ts';
import { createAgentStore } from './agentStore.ts';
import { agent, delta, list } from './fixtures.ts';

afterEach(() => vi.useRealTimers());

/** A gateway whose agents.list answers only when the test says so. */
function gateway() {
  const pending: Array<(l: AgentsList) => void> = [];
  const client = createFakeClient({
    'agents.list': () => new Promise<AgentsList>((resolve) => pending.push(resolve)),
  });
  const lists = () => client.calls.filter((c) => c.method === 'agents.list').length;
  return { client, pending, lists };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('agent feed', () => {
  it('subscribes before loading, buffers deltas until the list is in, then applies the ones after it', async () => {
    const g = gateway();
    const store = createAgentStore();
    const feed = connectAgentFeed(g.client, store);
    expect(g.lists()).toBe(1);
    // Arrive while the list is on its way: one the list already covers, one after it.
    g.client.emit('agents.changed', delta(7, 9, [agent('a', { state: 'offline' })]));
    g.client.emit('agents.changed', delta(10, 11, [agent('a', { state: 'talking' })]));
    expect(store.getState().phase).toBe('loading');
    g.pending.shift()!(list([agent('a', { state: 'available' })]));
    await flush();
    expect(store.getState().agents.get('a')!.state).toBe('talking');
    expect(store.getState().version).toBe(11);
    expect(g.lists()).toBe(1);
    feed.stop();
  });

  it('reloads on a gap, once however many deltas follow, and applies what came meanwhile', async () => {
    const g = gateway();
    const store = createAgentStore();
    const feed = connectAgentFeed(g.client, store);
    g.pending.shift()!(list([agent('a')]));
    await flush();
    g.client.emit('agents.changed', delta(12, 13, [agent('a', { state: 'break' })])); // 11..12 was missed
    expect(g.lists()).toBe(2);
    g.client.emit('agents.changed', delta(13, 14, [agent('a', { state: 'hold' })]));
    g.client.emit('agents.changed', delta(14, 15, [agent('a', { state: 'talking' })]));
    expect(g.lists()).toBe(2);
    g.pending.shift()!(list([agent('a', { state: 'hold' })], { version: 14 }));
    await flush();
    expect(store.getState().agents.get('a')!.state).toBe('talking');
    expect(store.getState().version).toBe(15);
    expect(g.lists()).toBe(2);
    feed.stop();
  });

  it('reloads when the epoch changes (the gateway restarted)', async () => {
    const g = gateway();
    const store = createAgentStore();
    const feed = connectAgentFeed(g.client, store);
    g.pending.shift()!(list([agent('a'), agent('b')]));
    await flush();
    g.client.emit('agents.changed', delta(1, 2, [agent('a', { state: 'break' })], { epoch: 'e2' }));
    expect(g.lists()).toBe(2);
    g.pending.shift()!(list([agent('a', { state: 'break' })], { epoch: 'e2', version: 2 }));
    await flush();
    expect(store.getState().epoch).toBe('e2');
    expect([...store.getState().agents.keys()]).toEqual(['a']);
    feed.stop();
  });

  it('reloads after the console reconnects (deltas may have been lost meanwhile)', async () => {
    const g = gateway();
    const store = createAgentStore();
    const feed = connectAgentFeed(g.client, store);
    g.pending.shift()!(list([agent('a')]));
    await flush();
    g.client.setState('reconnecting');
    expect(g.lists()).toBe(1);
    g.client.setState('open');
    expect(g.lists()).toBe(2);
    feed.stop();
  });

  it('reloads once more when a reconnect happens while a list is on its way', async () => {
    const g = gateway();
    const store = createAgentStore();
    const feed = connectAgentFeed(g.client, store);
    g.client.setState('reconnecting');
    g.client.setState('open');
    expect(g.lists()).toBe(1);
    g.pending.shift()!(list([agent('a')], { version: 3 }));
    await flush();
    expect(g.lists()).toBe(2);
    feed.stop();
  });

  it('reports a failed first load, and waits before a missed delta reloads again', async () => {
    vi.useFakeTimers();
    let fail = true;
    const client = createFakeClient({
      'agents.list': () => {
        if (fail) throw gatewayError('mce_unavailable', 'MCE listener is not running');
        return list([agent('a')], { version: 20 });
      },
    });
    const store = createAgentStore();
    const feed = connectAgentFeed(client, store, { retryAfterMs: 2000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().phase).toBe('error');
    expect((store.getState().error as Error).message).toBe('MCE listener is not running');
    const lists = () => client.calls.filter((c) => c.method === 'agents.list').length;
    // A delta cannot apply without a list: it is buffered, no reload storm.
    client.emit('agents.changed', delta(20, 21, [agent('a')]));
    expect(lists()).toBe(1);
    fail = false;
    feed.reload();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().error).toBeNull();
    feed.stop();
  });

  it('after a failed reload, a gap reloads only when the wait is over', async () => {
    vi.useFakeTimers();
    let fail = false;
    const client = createFakeClient({
      'agents.list': () => {
        if (fail) throw gatewayError('internal_error', 'database is locked', 'retryable');
        return list([agent('a')]);
      },
    });
    const lists = () => client.calls.filter((c) => c.method === 'agents.list').length;
    const store = createAgentStore();
    const feed = connectAgentFeed(client, store, { retryAfterMs: 2000 });
    await vi.advanceTimersByTimeAsync(0);
    fail = true;
    client.emit('agents.changed', delta(15, 16, [])); // gap
    await vi.advanceTimersByTimeAsync(0);
    expect(lists()).toBe(2);
    // The data stays; the failure is there to be shown.
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().agents.size).toBe(1);
    client.emit('agents.changed', delta(16, 17, []));
    client.emit('agents.changed', delta(17, 18, []));
    await vi.advanceTimersByTimeAsync(1000);
    expect(lists()).toBe(2);
    fail = false;
    await vi.advanceTimersByTimeAsync(1100);
    expect(lists()).toBe(3);
    expect(store.getState().error).toBeNull();
    feed.stop();
  });

  it('stops listening when stopped', async () => {
    const g = gateway();
    const store = createAgentStore();
    const feed = connectAgentFeed(g.client, store);
    g.pending.shift()!(list([agent('a')]));
    await flush();
    feed.stop();
    g.client.emit('agents.changed', delta(10, 11, [agent('a', { state: 'break' })]));
    expect(store.getState().agents.get('a')!.state).toBe('available');
  });
});
