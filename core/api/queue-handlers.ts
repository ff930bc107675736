/**
 * Handlers of the queue.* and schedule.* contract methods (spread into
 * createHandlers). Thin: validation happened in the dispatcher, the engine
 * refuses what it must with readable GatewayErrors.
 */
import { GatewayError } from '../errors.ts';
import type { ConsoleBackend } from './backend.ts';
import type { ConsoleHandlers } from './handlers.ts';
import type { QueueFilterInput } from './queue-api.ts';

type QueueMethod = Extract<keyof ConsoleHandlers, `queue.${string}` | `schedule.${string}`>;
export type QueueHandlers = Pick<ConsoleHandlers, QueueMethod>;

/** Empty lists mean "any"; blank search means none. */
export function normalizeFilter(f: QueueFilterInput | undefined): QueueFilterInput {
  const out: QueueFilterInput = {};
  if (!f) return out;
  if (f.status?.length) out.status = [...new Set(f.status)];
  if (f.type?.length) out.type = [...new Set(f.type)];
  if (f.priority?.length) out.priority = [...new Set(f.priority)];
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  const search = f.search?.trim();
  if (search) out.search = search;
  return out;
}

export function createQueueHandlers(b: ConsoleBackend): QueueHandlers {
  const q = b.queue;
  return {
    'queue.list': ({ filter, offset, limit }) => q.list(normalizeFilter(filter), { offset, limit }),
    'queue.get': async ({ id }) => {
      const detail = await q.get(id);
      if (!detail) throw new GatewayError('operation_not_found', `no operation with id ${id}`, 'permanent');
      return detail;
    },
    'queue.counts': async ({ filter }) => {
      const counts = await q.counts(normalizeFilter(filter));
      return { counts, total: Object.values(counts).reduce((a, n) => a + n, 0) };
    },
    'queue.health': () => q.health(),
    'queue.validate': async ({ type, data }) => {
      const issues = await q.validate(type, data);
      return { valid: issues.length === 0, issues };
    },
    'queue.countFailed': async ({ filter }) => ({ count: await q.countFailed(normalizeFilter(filter)) }),
    'queue.enqueue': (input, ctx) =>
      q.enqueue(
        {
          type: input.type,
          data: input.data,
          priority: input.priority,
          ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
          ...(input.maxRetries !== undefined ? { maxRetries: input.maxRetries } : {}),
        },
        ctx.actor,
      ),
    'queue.retry': ({ id }, ctx) => q.retry(id, ctx.actor),
    'queue.retryFailed': async ({ filter }, ctx) => ({ count: await q.retryFailed(normalizeFilter(filter), ctx.actor) }),
    'queue.cancel': ({ id }, ctx) => q.cancel(id, ctx.actor),
    'queue.setPriority': ({ id, priority }, ctx) => q.setPriority(id, priority, ctx.actor),
    'queue.pause': async ({ type }, ctx) => ({ type, paused: true, changed: await q.pause(type, ctx.actor) }),
    'queue.resume': async ({ type }, ctx) => ({ type, paused: false, changed: await q.resume(type, ctx.actor) }),
    'schedule.get': () => b.schedule.get(),
    'schedule.preview': async ({ settings, count }) => ({ nextRuns: await b.schedule.preview(settings, count) }),
    'schedule.set': ({ settings }, ctx) => b.schedule.set(settings, ctx.actor),
  };
}
