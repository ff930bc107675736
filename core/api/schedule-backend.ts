/**
 * The console's ScheduleApi bound to the gateway. Interim: the scheduler
 * (core/queue/scheduler.ts) is being written; until it lands every call says so.
 */
import { GatewayError } from '../errors.ts';
import type { Gateway } from '../service.ts';
import type { ScheduleApi } from './queue-api.ts';

const unavailable = (): never => {
  throw new GatewayError('schedule_unavailable', 'the personnel sync scheduler is not part of this build yet', 'permanent');
};

export function scheduleApiFromGateway(_gw: Gateway): ScheduleApi {
  return { get: unavailable, preview: unavailable, set: unavailable };
}
