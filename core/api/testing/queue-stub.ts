/**
 * Queue and schedule APIs for transport tests that do not exercise them
 * (memory-backend.ts): every call fails with a plain message.
 */
import { GatewayError } from '../../errors.ts';
import type { AuditApi } from '../audit-backend.ts';
import type { ConnectionApi } from '../connection-backend.ts';
import type { QueueApi, ScheduleApi } from '../queue-api.ts';

function refuse(what: string): never {
  throw new GatewayError('not_available', `${what} is not available in this test backend`, 'permanent');
}

export function unavailableQueueApi(): QueueApi {
  const r = () => refuse('the queue');
  return { list: r, get: r, counts: r, health: r, validate: r, enqueue: r, retry: r, cancel: r, setPriority: r, retryFailed: r, countFailed: r, pause: r, resume: r };
}

export function unavailableScheduleApi(): ScheduleApi {
  const r = () => refuse('the schedule');
  return { get: r, preview: r, set: r };
}

export function unavailableConnectionApi(): ConnectionApi {
  const r = () => refuse('the 1C connection');
  return { credentialStatus: r, setCredentials: r, testConnection: r };
}

export function unavailableAuditApi(): AuditApi {
  const r = () => refuse('the audit log');
  return { list: r, facets: r, verify: r };
}
