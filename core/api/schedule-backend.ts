/**
 * The console's ScheduleApi over the personnel sync scheduler
 * (core/queue/scheduler.ts): settings and last run live in the database, so
 * every process agrees; the scheduler running in this process re-reads them at
 * once after a change, others within their next check.
 */
import type { Db } from '../db/open.ts';
import type { Clock } from '../time/clock.ts';
import type { Gateway } from '../service.ts';
import { parseScheduleSettings } from '../queue/schedule-settings.ts';
import { nextRuns } from '../queue/schedule-times.ts';
import { scheduleInfo, setSchedule } from '../queue/scheduler.ts';
import type { ScheduleApi } from './queue-api.ts';

export interface ScheduleApiDeps {
  db: Db;
  clock: Clock;
  /** Tell the scheduler of this process to re-read the settings. */
  reschedule?: () => void;
}

export function createScheduleApi({ db, clock, reschedule }: ScheduleApiDeps): ScheduleApi {
  return {
    get: () => scheduleInfo(db, clock),
    preview: (settings, count) => {
      const s = parseScheduleSettings(settings);
      return s.enabled ? nextRuns(s, clock.now(), count) : [];
    },
    set(settings, actor) {
      const info = setSchedule(db, settings, actor, clock);
      reschedule?.();
      return info;
    },
  };
}

export function scheduleApiFromGateway(gw: Gateway): ScheduleApi {
  return createScheduleApi({ db: gw.db, clock: gw.clock, reschedule: () => gw.queue.scheduler.reschedule() });
}
